/**
 * The CLI's direct writer to fd 1. EAGAIN cannot be produced from these tests with a real pipe:
 * libuv makes a child's stdio blocking, so the sink here is a scripted one (the real non-blocking
 * pipe was checked by hand with a Python parent; see docs/benchmarks.md). EPIPE with a real pipe is
 * covered in test/cli.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createOutputWriter, type OutputSink } from '../../src/cli/stdout-writer';

function scriptedSink(
  capacity: number,
  failWith: string,
): { sink: OutputSink; sync: Buffer[]; later: string[]; asked: () => number } {
  const sync: Buffer[] = [];
  const later: string[] = [];
  let room = capacity;
  let asked = 0;
  const sink: OutputSink = {
    writeSync(bytes) {
      if (room === 0) throw Object.assign(new Error(failWith), { code: failWith });
      const n = Math.min(room, bytes.length, 7); // short writes, as a pipe may do
      sync.push(Buffer.from(bytes.subarray(0, n)));
      room -= n;
      return n;
    },
    fallback() {
      asked++;
      return {
        write: (b: Uint8Array | string) => later.push(Buffer.from(b).toString()),
        on: () => undefined,
      };
    },
  };
  return { sink, sync, later, asked: () => asked };
}

describe('CLI output writer', () => {
  test('short synchronous writes are continued until everything is written', () => {
    const s = scriptedSink(1000, 'EAGAIN');
    const write = createOutputWriter(s.sink);
    write('hello, datapath\n');
    assert.equal(Buffer.concat(s.sync).toString(), 'hello, datapath\n');
    assert.equal(s.asked(), 0, 'process.stdout is never created when fd 1 takes everything');
  });
  test('a full non-blocking pipe (EAGAIN): the rest goes through the stream, in order', () => {
    const s = scriptedSink(10, 'EAGAIN');
    const write = createOutputWriter(s.sink);
    write('0123456789abcdef');
    write('ghij');
    assert.equal(Buffer.concat(s.sync).toString() + s.later.join(''), '0123456789abcdefghij');
    assert.equal(s.asked(), 2);
  });
  test('a reader that went away (EPIPE) ends the output without an error', () => {
    const s = scriptedSink(4, 'EPIPE');
    const write = createOutputWriter(s.sink);
    write('0123456789');
    write('more');
    assert.equal(Buffer.concat(s.sync).toString(), '0123');
    assert.deepEqual(s.later, []);
  });
  test('any other error is not swallowed', () => {
    const s = scriptedSink(0, 'EIO');
    assert.throws(() => createOutputWriter(s.sink)('x'), /EIO/);
  });
});
