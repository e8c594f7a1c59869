import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseWebviewToHostMessage } from '../../src/protocol/webview-protocol';

describe('openStepSource (webview → host)', () => {
  test('a checkout-relative file, a 1-based line and a C identifier are accepted, nothing else kept', () => {
    assert.deepEqual(
      parseWebviewToHostMessage({
        type: 'openStepSource',
        source: { file: 'bpf/lib/l3.h', line: 42, function: 'ipv4_policy', extra: 1 },
      }),
      { type: 'openStepSource', source: { file: 'bpf/lib/l3.h', line: 42, function: 'ipv4_policy' } },
    );
  });

  for (const [what, source] of [
    ['an absolute path', { file: '/etc/passwd', line: 1, function: 'f' }],
    ['a path out of the checkout', { file: 'bpf/../../x.c', line: 1, function: 'f' }],
    ['line 0', { file: 'bpf/a.c', line: 0, function: 'f' }],
    ['a fractional line', { file: 'bpf/a.c', line: 1.5, function: 'f' }],
    ['a function that is not an identifier', { file: 'bpf/a.c', line: 3, function: 'f()' }],
    ['no source', undefined],
  ] as const)
    test(`refused: ${what}`, () => {
      assert.equal(parseWebviewToHostMessage({ type: 'openStepSource', source }), undefined);
    });
});
