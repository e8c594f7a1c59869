/**
 * The stdio message reader (reliability review #16). vscode-jsonrpc's StreamMessageReader stops
 * reading for good after a malformed header (no, non-numeric or negative Content-Length) and buffers
 * whatever a huge Content-Length announces. This one reports the error, drops bytes up to the next
 * `Content-Length:` header and goes on; a length over MAX_MESSAGE_BYTES is a framing error too.
 */
import {
  AbstractMessageReader,
  type DataCallback,
  type Disposable,
  type Message,
} from 'vscode-languageserver/node';

/** No LSP message of this server's (or any client's) is near this; a larger one is an error. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
/** A header block longer than this without its blank line is not a header. */
const MAX_HEADER_BYTES = 8 * 1024;
const NEEDLE = Buffer.from('content-length:');
const BLANK = Buffer.from('\r\n\r\n');

export class ResyncingMessageReader extends AbstractMessageReader {
  private buffer = Buffer.alloc(0);
  private callback: DataCallback | undefined;
  private frameErrors = 0;

  constructor(private readonly input: NodeJS.ReadableStream) {
    super();
  }

  /** How many framing errors were skipped (tests and the log read it). */
  get skippedFrames(): number {
    return this.frameErrors;
  }

  listen(callback: DataCallback): Disposable {
    this.callback = callback;
    const onData = (chunk: Buffer | string): void => {
      this.buffer = Buffer.concat([this.buffer, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]);
      this.drain();
    };
    const onError = (e: Error): void => this.fireError(e);
    const onClose = (): void => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('end', onClose);
    this.input.on('close', onClose);
    return {
      dispose: () => {
        this.input.off('data', onData);
        this.input.off('error', onError);
        this.input.off('end', onClose);
        this.input.off('close', onClose);
      },
    };
  }

  private drain(): void {
    for (;;) {
      const end = this.buffer.indexOf(BLANK);
      if (end < 0) {
        if (this.buffer.length <= MAX_HEADER_BYTES) return; // wait for the blank line
        this.resync('a header block without its blank line');
        continue;
      }
      const length = contentLength(this.buffer.subarray(0, end).toString('ascii'));
      if (typeof length === 'string') {
        this.resync(length);
        continue;
      }
      const start = end + BLANK.length;
      if (this.buffer.length < start + length) return; // wait for the rest of the body
      const body = this.buffer.subarray(start, start + length).toString('utf8');
      this.buffer = this.buffer.subarray(start + length);
      let message: Message;
      try {
        message = JSON.parse(body) as Message;
      } catch {
        this.fireError(new Error('Message body is not JSON; skipped.'));
        continue;
      }
      this.callback?.(message);
    }
  }

  /** Reports a framing error and drops bytes up to the next Content-Length header (after byte 0). */
  private resync(why: string): void {
    this.frameErrors++;
    this.fireError(new Error(`LSP framing error (${why}); skipping to the next Content-Length header.`));
    const lower = Buffer.from(this.buffer.toString('latin1').toLowerCase(), 'latin1');
    const next = lower.indexOf(NEEDLE, 1);
    // keep a possible partial "Content-Length:" at the end; drop the rest
    this.buffer =
      next >= 0
        ? this.buffer.subarray(next)
        : this.buffer.subarray(Math.max(1, this.buffer.length - NEEDLE.length));
  }
}

/** The Content-Length of a header block, or why there is none usable. */
function contentLength(header: string): number | string {
  let value: string | undefined;
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) return `a header line without a colon: ${JSON.stringify(line.slice(0, 40))}`;
    if (line.slice(0, colon).trim().toLowerCase() === 'content-length') value = line.slice(colon + 1).trim();
  }
  if (value === undefined) return 'no Content-Length';
  if (!/^\d{1,12}$/.test(value))
    return `Content-Length ${JSON.stringify(value.slice(0, 20))} is not a number`;
  const n = Number(value);
  if (n > MAX_MESSAGE_BYTES) return `Content-Length ${n} is over the ${MAX_MESSAGE_BYTES}-byte limit`;
  return n;
}
