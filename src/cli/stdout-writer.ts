/**
 * Writes the CLI's output to fd 1 directly: creating process.stdout costs a cold CLI ~5 ms (stream
 * internals). A non-blocking pipe that is full (EAGAIN) gets the rest through the fallback stream,
 * in order; a reader that went away (EPIPE, e.g. `| head`) ends the output quietly.
 */
export interface OutputSink {
  /** like fs.writeSync(1, bytes): the number of bytes written, or throws with an errno code */
  writeSync(bytes: Uint8Array): number;
  /** an ordered asynchronous stream (process.stdout) for what is left after EAGAIN; asked for only then */
  fallback(): {
    write(bytes: Uint8Array | string): unknown;
    on(event: 'error', listener: () => void): unknown;
  };
}

export function createOutputWriter(sink: OutputSink): (text: string) => void {
  let closed = false;
  let async = false;
  return (text) => {
    if (closed) return;
    if (async) {
      sink.fallback().write(text);
      return;
    }
    let rest = Buffer.from(text);
    while (rest.length) {
      try {
        rest = rest.subarray(sink.writeSync(rest));
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          closed = true;
          return;
        }
        if (code !== 'EAGAIN') throw e;
        async = true;
        const stream = sink.fallback();
        stream.on('error', () => (closed = true));
        stream.write(rest);
        return;
      }
    }
  };
}
