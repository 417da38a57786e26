/**
 * Newline-delimited JSON, the framing of the helper socket, the CLI's control socket and `--json`
 * output: one JSON value per line. Decoding and encoding live here once.
 */

/** One value as one line. JSON.stringify never emits a raw line break, so a value cannot split a frame. */
export function encodeJsonLine(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}

export type JsonLine = { ok: true; value: unknown } | { ok: false };

/** A line that is not JSON is reported, not thrown: each caller decides what a bad line means. */
export function parseJsonLine(line: string): JsonLine {
  try {
    return { ok: true, value: JSON.parse(line) as unknown };
  } catch {
    return { ok: false };
  }
}

/**
 * Splits a byte stream into newline-terminated UTF-8 lines with a hard size limit. The limit is checked
 * on bytes as they arrive, before anything is parsed or joined, so a peer that never sends a newline
 * costs at most `maxBytes` of memory.
 */
export class LineDecoder {
  private parts: Buffer[] = [];
  private size = 0;
  private overflowed = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onOversize: () => void,
  ) {}

  push(chunk: Buffer | string): void {
    if (this.overflowed) return;
    let rest = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (;;) {
      const newline = rest.indexOf(0x0a);
      if (newline === -1) break;
      const piece = rest.subarray(0, newline);
      if (this.size + piece.length > this.maxBytes) return this.overflow();
      const line = Buffer.concat([...this.parts, piece]).toString('utf8');
      this.parts = [];
      this.size = 0;
      rest = rest.subarray(newline + 1);
      // The handler may close the connection; a closed decoder delivers nothing more.
      this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
      if (this.overflowed) return;
    }
    if (this.size + rest.length > this.maxBytes) return this.overflow();
    if (rest.length > 0) {
      this.parts.push(Buffer.from(rest));
      this.size += rest.length;
    }
  }

  /** Stops delivering lines (after an error the connection is closed anyway). */
  stop(): void {
    this.overflowed = true;
    this.parts = [];
    this.size = 0;
  }

  private overflow(): void {
    this.stop();
    this.onOversize();
  }
}
