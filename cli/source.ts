// A source file's bytes as the engine's text, and back. Python reads a UTF-8 BOM as no character at
// all (the utf-8-sig rule for source files), so the text starts after it. Bytes that are not valid
// UTF-8 become U+FFFD in the text, one per byte; `toByte` maps a text offset back to its byte, so an
// edit replaces exactly the bytes it covers and every other byte (a Latin-1 é in a comment) survives.

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export interface SourceBytes {
  text: string;
  /** Whether the file starts with a UTF-8 BOM (kept when the file is written back). */
  bom: boolean;
  /** The byte offset (in the whole file, BOM included) of a UTF-16 offset in `text`. */
  toByte(offset: number): number;
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when the byte there does not start one. */
function sequenceLength(buf: Buffer, i: number): number {
  const b = buf[i];
  if (b < 0x80) return 1;
  const n = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
  if (n === 0 || i + n > buf.length) return 0;
  for (let k = 1; k < n; k++) if ((buf[i + k] & 0xc0) !== 0x80) return 0;
  // Overlong forms and surrogates are invalid too.
  if (b === 0xe0 && buf[i + 1] < 0xa0) return 0;
  if (b === 0xed && buf[i + 1] > 0x9f) return 0;
  if (b === 0xf0 && buf[i + 1] < 0x90) return 0;
  if (b === 0xf4 && buf[i + 1] > 0x8f) return 0;
  return n;
}

export function decodeSource(buf: Buffer): SourceBytes {
  const bom = buf.subarray(0, 3).equals(BOM);
  const start = bom ? 3 : 0;
  const body = buf.subarray(start);
  const text = body.toString('utf8');
  if (Buffer.byteLength(text, 'utf8') === body.length && Buffer.from(text, 'utf8').equals(body)) {
    // Valid UTF-8: offsets map through the encoded length of the text before them.
    return { text, bom, toByte: (offset) => start + Buffer.byteLength(text.slice(0, offset), 'utf8') };
  }
  // Invalid bytes: decode by hand, one U+FFFD per invalid byte, remembering each unit's byte.
  const units: string[] = [];
  const byteOf: number[] = [];
  for (let i = start; i < buf.length; ) {
    const n = sequenceLength(buf, i);
    const s = n === 0 ? '\uFFFD' : buf.toString('utf8', i, i + n);
    for (let k = 0; k < s.length; k++) byteOf.push(i);
    units.push(s);
    i += n === 0 ? 1 : n;
  }
  byteOf.push(buf.length);
  return { text: units.join(''), bom, toByte: (offset) => byteOf[Math.min(offset, byteOf.length - 1)] };
}

/** Replaces text ranges [start, end) (UTF-16 offsets, non-overlapping) in the original bytes. */
export function replaceInBytes(buf: Buffer, source: SourceBytes, edits: { start: number; end: number; newText: string }[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    const s = source.toByte(e.start);
    const en = source.toByte(e.end);
    parts.push(buf.subarray(at, s), Buffer.from(e.newText, 'utf8'));
    at = en;
  }
  parts.push(buf.subarray(at));
  return Buffer.concat(parts);
}
