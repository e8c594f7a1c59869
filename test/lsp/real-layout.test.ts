/**
 * What a new user hit on real release layouts: document symbols of programs declared through
 * TAIL_CT_LOOKUP4/6 (VS Code rejected the whole answer: "selectionRange must be contained in
 * fullRange"), and calls into the custom-hook map reported as missing tail-call targets.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  DidChangeConfigurationNotification,
  DocumentSymbolRequest,
  HoverRequest,
  type DocumentSymbol,
  type MarkupContent,
  type Position,
  type Range,
} from 'vscode-languageserver-protocol/node';
import { ERAS, startServer, type Session } from './lsp-client';

const le = (a: Position, b: Position): boolean =>
  a.line < b.line || (a.line === b.line && a.character <= b.character);
const contains = (outer: Range, inner: Range): boolean =>
  le(outer.start, inner.start) && le(inner.end, outer.end);

/** Lines added to the v1.16 fixture: a v1.12+ style custom-hook call and a one-line function. */
const CUSTOM = [
  '',
  '#define CUSTOM_CALLS_IDX_IPV6_INGRESS\t2',
  '__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV4_FROM_OVERLAY) int tail_one_line(struct __ctx_buff *ctx) { return 0; }',
  '',
  '__section_tail(CILIUM_MAP_CALLS, CILIUM_CALL_IPV4_TO_LXC_POLICY_ONLY)',
  'int tail_custom(struct __ctx_buff *ctx)',
  '{',
  '\ttail_call_static(ctx, &CUSTOM_CALLS_MAP,',
  '\t\t\t CUSTOM_CALLS_IDX_IPV6_INGRESS);',
  '\ttail_call_static(ctx, cilium_calls_custom, CUSTOM_CALLS_IDX_IPV6_INGRESS); /* v1.18+ */',
  '\treturn 0;',
  '}',
];

describe('real release layouts: symbols and custom-hook calls', () => {
  let s: Session;
  let dir: string;
  let lines: string[];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cdx-real-layout-'));
    cpSync(join(ERAS, 'v1.16'), dir, { recursive: true });
    const lxc = join(dir, 'bpf', 'bpf_lxc.c');
    const { readFileSync } = await import('node:fs');
    lines = (readFileSync(lxc, 'utf8') + CUSTOM.join('\n') + '\n').split('\n');
    writeFileSync(lxc, lines.join('\n'));
    s = await startServer(dir);
    await s.open('bpf/bpf_lxc.c');
  });
  after(async () => {
    await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('every document symbol’s selection range lies inside its full range (TAIL_CT_LOOKUP4, one-line functions)', async () => {
    const symbols = (await s.connection.sendRequest(DocumentSymbolRequest.type, {
      textDocument: { uri: s.uri('bpf/bpf_lxc.c') },
    })) as DocumentSymbol[];
    const names = symbols.map((x) => x.name);
    assert.ok(names.includes('tail_ipv4_ct_ingress_policy_only'), names.join(', '));
    assert.ok(names.includes('tail_one_line'), names.join(', '));
    for (const sym of symbols)
      assert.ok(contains(sym.range, sym.selectionRange), `${sym.name}: ${JSON.stringify(sym)}`);
  });

  test('IPVLAN on a v1.16 checkout: the active-mode lens says why, never an empty "IPVLAN (active):"', async () => {
    await s.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { ciliumDatapath: { mode: 'ipvlan' } },
    });
    const line = lines.findIndex((l) => l.startsWith('int cil_from_container'));
    const title = await s.waitFor('the IPVLAN lens', async () => {
      const lenses = await s.lenses('bpf/bpf_lxc.c');
      const t = lenses.find((l) => l.range.start.line === line - 1)?.command?.title ?? '';
      return t.includes('IPVLAN (active)') ? t : undefined;
    });
    assert.equal(
      title,
      'VXLAN: lxc veth tc ingress · IPVLAN (active): not in Cilium v1.16 (IPVLAN mode existed in v1.4–v1.12)',
    );
    await s.connection.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { ciliumDatapath: { mode: 'vxlan' } },
    });
  });

  test('a call into CUSTOM_CALLS_MAP is not a missing target; its hover says what the map is', async () => {
    const d = await s.waitFor('diagnostics', () => s.diagnostics.get(s.uri('bpf/bpf_lxc.c')));
    assert.deepEqual(
      d.diagnostics.map((x) => x.message),
      [],
      'no warning for the custom-hook call',
    );
    const line = lines.findIndex((l) => l.includes('tail_call_static'));
    const h = await s.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: s.uri('bpf/bpf_lxc.c') },
      position: { line, character: lines[line]!.indexOf('tail_call_static') + 2 },
    });
    const value = (h?.contents as MarkupContent | undefined)?.value ?? '';
    assert.match(value, /custom-hook map/);
    assert.doesNotMatch(value, /would miss/);
  });
});
