/** Which parts of a terminal line become links to the checkout (the terminal link provider's matcher). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findSourceLocations } from '../../src/core/observe';
import { fixtureLines } from './explain-helpers';

const texts = (line: string) =>
  findSourceLocations(line).map((m) => line.slice(m.startIndex, m.startIndex + m.length));

describe('source locations in terminal output', () => {
  test('v1.14+ "file bpf_lxc.c:1274" (public sample): the link covers the name and the line', () => {
    const line = fixtureLines('monitor-drop-file-name.txt')[0]!;
    assert.deepEqual(
      findSourceLocations(line).map((m) => [m.file, m.line]),
      [['bpf_lxc.c', 1274]],
    );
    assert.deepEqual(texts(line), ['bpf_lxc.c:1274']);
  });
  test('v1.12 "file bpf_lxc.c line 1182" (public sample)', () => {
    const line = fixtureLines('monitor-drop-file-line-words.txt')[0]!;
    assert.deepEqual(texts(line), ['bpf_lxc.c line 1182']);
    assert.equal(findSourceLocations(line)[0]!.line, 1182);
  });
  test('headers under lib/, bare names, several per line; numeric ids and addresses are not links', () => {
    const line =
      'file lib/icmp6.h:413 then bpf/bpf_host.c:1122 and lib/nodeport.h:88, file 2:1167, 10.0.0.1:80';
    assert.deepEqual(
      findSourceLocations(line).map((m) => [m.file, m.line]),
      [
        ['lib/icmp6.h', 413],
        ['bpf_host.c', 1122],
        ['lib/nodeport.h', 88],
      ],
    );
  });
  test('nothing in lines without a location', () => {
    assert.deepEqual(findSourceLocations(fixtureLines('monitor-trace.txt')[3]!), []);
    assert.deepEqual(findSourceLocations('x'.repeat(5000)), []);
  });
});
