/**
 * Source locations in a line of terminal output, as `cilium monitor` prints them: `file bpf_lxc.c:1998`
 * (v1.14+), `file bpf_lxc.c line 1182` (v1.12), or a bare `bpf_lxc.c:1998` / `lib/icmp6.h:413`.
 * The range covers the file name and the line (what the terminal underlines).
 */
export interface SourceLocationMatch {
  startIndex: number;
  length: number;
  /** as printed, without a leading bpf/ */
  file: string;
  line: number;
}

const PATTERNS: readonly RegExp[] = [
  /\bfile ((?:lib\/)?[A-Za-z0-9_.-]+\.[ch])(?::| line )(\d{1,6})\b/g,
  /(?<![\w/.-])((?:bpf\/)?(?:bpf_[A-Za-z0-9_]+\.c|lib\/[A-Za-z0-9_]+\.h)):(\d{1,6})\b/g,
];

export function findSourceLocations(line: string): SourceLocationMatch[] {
  const out: SourceLocationMatch[] = [];
  for (const re of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(line); m; m = re.exec(line)) {
      const start = m[0].startsWith('file ') ? m.index + 5 : m.index;
      const end = m.index + m[0].length;
      if (out.some((o) => start < o.startIndex + o.length && end > o.startIndex)) continue;
      out.push({
        startIndex: start,
        length: end - start,
        file: m[1]!.replace(/^bpf\//, ''),
        line: Number(m[2]),
      });
    }
  }
  return out.sort((a, b) => a.startIndex - b.startIndex);
}
