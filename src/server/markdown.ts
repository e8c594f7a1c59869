/**
 * Text from the workspace (conditions, macro values, paths, names) goes into hover markdown only
 * through these: as a code span whose fence is longer than any backtick run inside it (CommonMark
 * interprets nothing in a code span: no links, no images, no emphasis), on one line.
 */
export function code(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  let longest = 0;
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // a span starting or ending with a backtick needs a space between it and the fence
  const pad = flat.startsWith('`') || flat.endsWith('`') || flat.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** Plain text with every ASCII punctuation character that markdown could act on backslash-escaped. */
export function plain(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\`*_{}[\]()#+\-.!<>|~&:]/g, (c) => `\\${c}`);
}
