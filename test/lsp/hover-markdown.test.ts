/**
 * Hover markdown injection (reliability review #11): `#if` conditions and `#define` values from the
 * workspace reach the hover as code spans only; a backtick in the source cannot end the span, so no
 * link or remote image from the source is rendered (checked by rendering with markdown-it, CommonMark).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol/node';
import { startServer, type Session } from './lsp-client';
import { code, plain } from '../../src/server/markdown';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const MarkdownIt = require('markdown-it') as new () => { render(md: string): string };
const md = new MarkdownIt();

const EVIL =
  '` ![t](https:&#47;&#47;attacker.invalid/pixel.png) [Fix the build](https:&#47;&#47;attacker.invalid/phish) `';

describe('hover markdown: source text cannot inject links or images', () => {
  let s: Session;
  let dir: string;
  const lines = [
    '#include "lib/common.h"',
    `#if defined(X) ${EVIL}`,
    '__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_EVIL)',
    'int evil_target(void *ctx)',
    '{',
    '\treturn 0;',
    '}',
    '__section("from-container")',
    'int handle_xgress(void *ctx)',
    '{',
    '\tep_tail_call(ctx, CILIUM_CALL_EVIL);',
    '\treturn 0;',
    '}',
    '#endif',
  ];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdx-hover-md-'));
    mkdirSync(join(dir, 'bpf', 'lib'), { recursive: true });
    writeFileSync(join(dir, 'VERSION'), '1.10.0\n');
    writeFileSync(join(dir, 'bpf', 'bpf_lxc.c'), lines.join('\n') + '\n');
    writeFileSync(join(dir, 'bpf', 'lib', 'common.h'), `#define CILIUM_CALL_EVIL 7 ${EVIL}\n`);
    s = await startServer(dir);
    await s.open('bpf/bpf_lxc.c');
    await s.open('bpf/lib/common.h');
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const hoverAt = async (rel: string, line: number, word: string): Promise<string> => {
    const text = rel.endsWith('.h') ? `#define CILIUM_CALL_EVIL 7 ${EVIL}` : lines[line]!;
    const h = await s.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: s.uri(rel) },
      position: { line, character: text.indexOf(word) + 1 },
    });
    return (h?.contents as MarkupContent | undefined)?.value ?? '';
  };

  const assertInert = (value: string): void => {
    assert.ok(value.includes('attacker.invalid'), `the hover quotes the source:\n${value}`);
    const html = md.render(value);
    assert.ok(!/<img/i.test(html), `an image rendered:\n${html}`);
    assert.ok(!/<a /i.test(html), `a link rendered:\n${html}`);
  };

  test('hover on a tail target declared under a hostile #if', async () => {
    assertInert(await hoverAt('bpf/bpf_lxc.c', 3, 'evil_target'));
  });
  test('hover on a slot whose #define value is hostile', async () => {
    assertInert(await hoverAt('bpf/lib/common.h', 0, 'CILIUM_CALL_EVIL'));
  });
  test('hover on the call site into that slot', async () => {
    assertInert(await hoverAt('bpf/bpf_lxc.c', 10, 'ep_tail_call'));
  });
  test('code() and plain() keep any text inert', () => {
    for (const t of [EVIL, '``x``', '`', ' ` ', '[a](https://x) ![i](https://y)', 'a\n\n# h\n[l](u)'])
      for (const rendered of [md.render(code(t)), md.render(plain(t))])
        assert.ok(!/<(a|img|h1)\b/.test(rendered), `${JSON.stringify(t)} → ${rendered}`);
  });
});
