/**
 * `bpftool net show` (alias `bpftool net`), as text or `-j`/`-p` JSON (bpftool-net(8)):
 *
 *   xdp:
 *   eth0(2) driver id 198
 *
 *   tc:
 *   eth0(2) clsact/ingress bpf_netdev_eth0.o:[from-netdev] id 221          (tc filter, iproute2 name)
 *   lxc0a1b(12) clsact/ingress cil_from_container-lxc0a1b id 1234           (tc filter, Go loader name)
 *   lxc0a1b(12) tcx/ingress cil_from_container prog_id 1234 link_id 7       (tcx link, bpftool ≥ 7.3)
 *   lxc0a1b(12) netkit/peer cil_from_container prog_id 1234 link_id 8       (netkit)
 *
 *   flow_dissector:
 *
 * JSON: `[{"xdp": [{devname, ifindex, mode, id}], "tc": [{devname, ifindex, kind, name?, id | prog_id,
 * link_id?}], "flow_dissector": [], "netfilter": []}]`.
 */
import { DatapathError } from '../model/model-types';

export interface NetAttachment {
  device: string;
  ifindex: number;
  /** "clsact/ingress", "tcx/egress", "netkit/peer", an XDP mode ("driver", "generic", "offload") */
  kind: string;
  /** the bpftool section the entry is listed under */
  section: 'xdp' | 'tc' | 'flow_dissector' | 'netfilter';
  /** the filter's or program's name, when bpftool shows one */
  name?: string;
  progId?: number;
  linkId?: number;
  /** 1-based line of the text form */
  line?: number;
}

export interface NetListing {
  attachments: NetAttachment[];
  /** the first lines of the text form that are neither a section header nor an entry (e.g. a shell prompt) */
  skipped: Array<{ line: number; text: string }>;
  /** how many such lines there are */
  skippedCount: number;
}

export class BpftoolParseError extends DatapathError {
  constructor(file: string, where: string, problem: string) {
    super(`${file}: ${where}: ${problem}`, 'invalid-bpftool-output');
    this.name = 'BpftoolParseError';
  }
}

const SECTIONS = ['xdp', 'tc', 'flow_dissector', 'netfilter'] as const;
type Section = (typeof SECTIONS)[number];
const isSection = (s: string): s is Section => (SECTIONS as readonly string[]).includes(s);

/** bpftool's lines are short: longer ones are not entries */
const MAX_LINE = 512;
/** names longer than this are not filter or program names (the kernel keeps 15, tc names are short) */
const MAX_NAME = 256;
const MAX_SKIPPED_SHOWN = 20;

interface Entry {
  device: string;
  ifindex: number;
  kind: string;
  name?: string;
  progId: number;
  linkId?: number;
}

/**
 * One entry line, by tokens (linear: no backtracking pattern over the whole line):
 * `dev(ifindex) kind [name …] id|prog_id N [prog_flags…] [link_id M …]`.
 */
function parseEntry(line: string): Entry | undefined {
  const tokens = line.split(/\s+/);
  const head = /^([^\s()]+)\((\d{1,10})\)$/.exec(tokens[0] ?? '');
  const kind = tokens[1];
  if (!head || !kind) return undefined;
  const at = tokens.findIndex(
    (t, i) => i >= 2 && (t === 'id' || t === 'prog_id') && /^\d{1,10}$/.test(tokens[i + 1] ?? ''),
  );
  if (at < 0) return undefined;
  const name = tokens.slice(2, at).join(' ');
  const link = tokens.indexOf('link_id', at + 2);
  const linkId = link > 0 && /^\d{1,10}$/.test(tokens[link + 1] ?? '') ? Number(tokens[link + 1]) : undefined;
  return {
    device: head[1]!,
    ifindex: Number(head[2]),
    kind,
    ...(name ? { name } : {}),
    progId: Number(tokens[at + 1]),
    ...(linkId ? { linkId } : {}),
  };
}

export function parseBpftoolNet(text: string, file: string): NetListing {
  const trimmed = text.trimStart();
  return trimmed.startsWith('[') || trimmed.startsWith('{') ? parseJson(text, file) : parseText(text, file);
}

function parseText(text: string, file: string): NetListing {
  const attachments: NetAttachment[] = [];
  const skipped: NetListing['skipped'] = [];
  let skippedCount = 0;
  let section: Section | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const header = /^([a-z_]+):$/.exec(line);
    if (header && isSection(header[1]!)) {
      section = header[1];
      return;
    }
    const entry = section && line.length <= MAX_LINE ? parseEntry(line) : undefined;
    if (!entry || (entry.name?.length ?? 0) > MAX_NAME) {
      skippedCount++;
      if (skipped.length < MAX_SKIPPED_SHOWN)
        skipped.push({ line: i + 1, text: line.length > 80 ? `${line.slice(0, 77)}…` : line });
      return;
    }
    attachments.push({ ...entry, section: section!, line: i + 1 });
  });
  if (!attachments.length && skipped.length)
    throw new BpftoolParseError(
      file,
      `line ${skipped[0]!.line}`,
      `is not \`bpftool net show\` output (expected "xdp:", "tc:" sections and entries such as "eth0(2) clsact/ingress bpf_netdev_eth0.o:[from-netdev] id 221"), got ${JSON.stringify(skipped[0]!.text)}`,
    );
  return { attachments, skipped, skippedCount };
}

function parseJson(text: string, file: string): NetListing {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new BpftoolParseError(
      file,
      'JSON',
      `is not valid JSON (${(e as Error).message.replace(/".*$/s, '').slice(0, 80).trim()})`,
    );
  }
  const groups = Array.isArray(value) ? value : [value];
  const attachments: NetAttachment[] = [];
  groups.forEach((g, gi) => {
    const at = `$[${gi}]`;
    if (typeof g !== 'object' || g === null || Array.isArray(g))
      throw new BpftoolParseError(
        file,
        at,
        'must be an object with "xdp" and "tc" lists (`bpftool -j net show`)',
      );
    const obj = g as Record<string, unknown>;
    if (!SECTIONS.some((s) => s in obj))
      throw new BpftoolParseError(
        file,
        at,
        `has none of ${SECTIONS.join(', ')}: not \`bpftool -j net show\` output`,
      );
    for (const section of SECTIONS) {
      const list = obj[section];
      if (list === undefined) continue;
      if (!Array.isArray(list)) throw new BpftoolParseError(file, `${at}.${section}`, 'must be a list');
      if (section === 'flow_dissector' || section === 'netfilter') continue;
      list.forEach((e, i) => {
        const path = `${at}.${section}[${i}]`;
        if (typeof e !== 'object' || e === null || Array.isArray(e))
          throw new BpftoolParseError(file, path, 'must be an object');
        const entry = e as Record<string, unknown>;
        const str = (k: string): string | undefined => {
          const v = entry[k];
          if (v === undefined) return undefined;
          if (typeof v !== 'string')
            throw new BpftoolParseError(file, `${path}.${k}`, `must be a string, got ${JSON.stringify(v)}`);
          return v;
        };
        const num = (k: string): number | undefined => {
          const v = entry[k];
          if (v === undefined) return undefined;
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
            throw new BpftoolParseError(
              file,
              `${path}.${k}`,
              `must be a non-negative integer, got ${JSON.stringify(v)}`,
            );
          return v;
        };
        const device = str('devname');
        const ifindex = num('ifindex');
        const kind = section === 'xdp' ? str('mode') : str('kind');
        if (!device) throw new BpftoolParseError(file, `${path}.devname`, 'is required');
        if (ifindex === undefined) throw new BpftoolParseError(file, `${path}.ifindex`, 'is required');
        if (!kind)
          throw new BpftoolParseError(file, `${path}.${section === 'xdp' ? 'mode' : 'kind'}`, 'is required');
        const name = str('name');
        if (name && name.length > MAX_NAME)
          throw new BpftoolParseError(file, `${path}.name`, `is longer than ${MAX_NAME} characters`);
        const progId = num('prog_id') ?? num('id');
        const linkId = num('link_id');
        attachments.push({
          device,
          ifindex,
          kind,
          section,
          ...(name ? { name } : {}),
          ...(progId !== undefined ? { progId } : {}),
          ...(linkId ? { linkId } : {}),
        });
      });
    }
  });
  return { attachments, skipped: [], skippedCount: 0 };
}
