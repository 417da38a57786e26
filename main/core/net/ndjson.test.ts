import { describe, expect, it } from 'vitest';
import { encodeJsonLine, LineDecoder, parseJsonLine } from './ndjson';

function decoder(max: number) {
  const lines: string[] = [];
  let oversize = 0;
  const d = new LineDecoder(
    max,
    (l) => lines.push(l),
    () => (oversize += 1),
  );
  return { d, lines, oversize: () => oversize };
}

describe('LineDecoder', () => {
  it('joins lines split across chunks and splits several lines in one chunk', () => {
    const { d, lines } = decoder(100);
    d.push(Buffer.from('{"a":'));
    d.push(Buffer.from('1}\n{"b":2}\r\n{"c"'));
    d.push(Buffer.from(':3}\n'));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it('decodes multi-byte characters split between chunks', () => {
    const { d, lines } = decoder(100);
    const bytes = Buffer.from('"Zürich"\n');
    d.push(bytes.subarray(0, 3));
    d.push(bytes.subarray(3));
    expect(lines).toEqual(['"Zürich"']);
  });

  it('gives up once a line without newline passes the limit, and delivers nothing after', () => {
    const { d, lines, oversize } = decoder(10);
    d.push(Buffer.from('12345'));
    d.push(Buffer.from('678901'));
    expect(oversize()).toBe(1);
    d.push(Buffer.from('\nok\n'));
    expect(lines).toEqual([]);
    expect(oversize()).toBe(1);
  });

  it('accepts a line of exactly the limit and refuses one byte more', () => {
    const exact = decoder(5);
    exact.d.push(Buffer.from('12345\n'));
    expect(exact.lines).toEqual(['12345']);
    const over = decoder(5);
    over.d.push(Buffer.from('123456\n'));
    expect(over.lines).toEqual([]);
    expect(over.oversize()).toBe(1);
  });
});

describe('encodeJsonLine and parseJsonLine', () => {
  it('keeps a value with line breaks inside one frame and reads it back', () => {
    const value = { reason: 'line one\nline two\r\n', list: ['\u2028', 1] };
    const frame = encodeJsonLine(value);
    expect(frame.indexOf('\n')).toBe(frame.length - 1);
    const { d, lines } = decoder(1000);
    d.push(frame);
    expect(lines).toHaveLength(1);
    expect(parseJsonLine(lines[0]!)).toEqual({ ok: true, value });
  });

  it('reports a line that is not JSON instead of throwing', () => {
    expect(parseJsonLine('{"a":')).toEqual({ ok: false });
    expect(parseJsonLine('')).toEqual({ ok: false });
  });
});
