/**
 * Feed bytes to text. The charset comes from, in order: a byte-order mark, the HTTP
 * Content-Type header, the XML declaration, and finally the bytes themselves (UTF-8 when they
 * are valid UTF-8, else windows-1252). Labels are checked against the bytes, because they are
 * often wrong: a header that says UTF-8 over Latin-1 bytes, or ISO-8859-1 over UTF-8 bytes.
 */
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/** Labels browsers (WHATWG Encoding) read as windows-1252: its C1 range holds “smart quotes”. */
const WINDOWS_1252_ALIASES = new Set([
  'iso-8859-1',
  'iso8859-1',
  'iso_8859-1',
  'iso-ir-100',
  'latin1',
  'l1',
  'cp819',
  'ibm819',
  'us-ascii',
  'ascii',
  'ansi_x3.4-1968',
  'cp1252',
  'windows-1252',
  'x-cp1252',
]);

/** Single-byte charsets for which valid multi-byte UTF-8 is far likelier than the label. */
const SINGLE_BYTE_WESTERN = new Set(['windows-1252', 'iso-8859-15', 'iso-8859-2', 'windows-1250']);

function normalizeLabel(label: string | null | undefined): string | null {
  if (!label) return null;
  const l = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (l === '') return null;
  if (WINDOWS_1252_ALIASES.has(l)) return 'windows-1252';
  if (l === 'utf8' || l === 'unicode-1-1-utf-8') return 'utf-8';
  return l;
}

/** The `charset` parameter of a Content-Type header value, if any. */
export function charsetFromContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("[^"]*"|'[^']*'|[^\s;]+)/i.exec(contentType);
  return m ? normalizeLabel(m[1]) : null;
}

/** The `encoding` pseudo-attribute of an XML declaration readable as ASCII, if any. */
function charsetFromDeclaration(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const m = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  return m ? normalizeLabel(m[1]) : null;
}

/** A byte-order mark: the encoding and how many bytes to skip. */
function sniffBom(b: Uint8Array): { encoding: string; skip: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return { encoding: 'utf-32le', skip: 4 };
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return { encoding: 'utf-32be', skip: 4 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  return null;
}

/** UTF-16/32 without a BOM, recognised by how "<" (or "{") is laid out in the first bytes. */
function sniffWideWithoutBom(b: Uint8Array): string | null {
  if (b.length < 4) return null;
  const lt = (x: number | undefined) => x === 0x3c || x === 0x7b;
  if (b[0] === 0 && b[1] === 0 && b[2] === 0 && lt(b[3])) return 'utf-32be';
  if (lt(b[0]) && b[1] === 0 && b[2] === 0 && b[3] === 0) return 'utf-32le';
  if (b[0] === 0 && lt(b[1]) && b[2] === 0) return 'utf-16be';
  if (lt(b[0]) && b[1] === 0 && b[3] === 0) return 'utf-16le';
  return null;
}

function hasHighBytes(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return true;
  return false;
}

/** Length of a valid UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
function utf8SequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  const cont = (k: number) => {
    const x = b[i + k];
    return x !== undefined && x >= 0x80 && x <= 0xbf;
  };
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const c1 = b[i + 1] ?? 0;
    if (c === 0xe0 && c1 < 0xa0) return 0;
    if (c === 0xed && c1 > 0x9f) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const c1 = b[i + 1] ?? 0;
    if (c === 0xf0 && c1 < 0x90) return 0;
    if (c === 0xf4 && c1 > 0x8f) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** True when the bytes hold at least one well-formed multi-byte UTF-8 sequence. */
function hasUtf8Sequences(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) {
    if (b[i]! >= 0xc2 && utf8SequenceLength(b, i) > 1) return true;
  }
  return false;
}

/**
 * Mostly-UTF-8 bytes with a few stray bytes (a Latin-1 "é" pasted into a UTF-8 file): decode
 * the valid sequences as UTF-8 and each stray byte as windows-1252, so neither half is garbled.
 */
function decodeMixedUtf8(b: Uint8Array): string {
  const parts: string[] = [];
  let runStart = 0;
  let i = 0;
  const utf8 = new TextDecoder('utf-8');
  while (i < b.length) {
    const n = utf8SequenceLength(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > runStart) parts.push(utf8.decode(b.subarray(runStart, i)));
    parts.push(iconv.decode(Buffer.from([b[i]!]), 'windows-1252'));
    i++;
    runStart = i;
  }
  if (runStart < b.length) parts.push(utf8.decode(b.subarray(runStart)));
  return parts.join('');
}

function decodeWith(bytes: Uint8Array, encoding: string): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding);
}

/**
 * Decodes a feed's raw bytes to a string (without BOM).
 *
 * @param bytes the body as received
 * @param contentType the HTTP Content-Type header, when the bytes came over HTTP
 */
export function decodeFeedBytes(bytes: Uint8Array, contentType?: string | null): string {
  const bom = sniffBom(bytes);
  if (bom) {
    const body = bytes.subarray(bom.skip);
    if (bom.encoding === 'utf-8' && !isUtf8(body)) return decodeMixedUtf8(body);
    return decodeWith(body, bom.encoding);
  }
  const wide = sniffWideWithoutBom(bytes);
  if (wide) return decodeWith(bytes, wide).replace(/^\uFEFF/, '');

  const valid = isUtf8(bytes);
  const high = hasHighBytes(bytes);
  const candidates = [charsetFromContentType(contentType), charsetFromDeclaration(bytes)];
  let claimedUtf8 = false;
  for (const c of candidates) {
    if (c === null) continue;
    // A wide encoding cannot be right: we just read the bytes as ASCII-compatible.
    if (/^(utf-?16|utf-?32|ucs-?2|ucs-?4)/.test(c)) continue;
    if (c === 'utf-8') {
      claimedUtf8 = true;
      if (valid) return decodeWith(bytes, 'utf-8');
      continue;
    }
    if (SINGLE_BYTE_WESTERN.has(c) && valid && high) return decodeWith(bytes, 'utf-8');
    if (iconv.encodingExists(c)) return decodeWith(bytes, c).replace(/^\uFEFF/, '');
  }
  if (valid) return decodeWith(bytes, 'utf-8').replace(/^\uFEFF/, '');
  if (claimedUtf8 || hasUtf8Sequences(bytes)) return decodeMixedUtf8(bytes);
  return decodeWith(bytes, 'windows-1252');
}

/** windows-1252 characters for the C1 range (0x80–0x9F); undefined slots keep their code. */
const C1_AS_1252 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Replaces C1 control characters (U+0080–U+009F) with the windows-1252 characters they were
 * meant to be. They come from text that was windows-1252 ("smart quotes") and got re-encoded as
 * if it were ISO-8859-1; as controls they mean nothing in a feed.
 */
export function demoronize(text: string): string {
  if (!/[\u0080-\u009f]/.test(text)) return text;
  return text.replace(/[\u0080-\u009f]/g, (c) => C1_AS_1252[c.charCodeAt(0) - 0x80]!);
}

/** Byte of each windows-1252 character above 0x7F (the inverse of the C1 table, plus Latin-1). */
const CP1252_BYTE = new Map<string, number>();
for (let b = 0x80; b <= 0xff; b++) {
  CP1252_BYTE.set(b < 0xa0 ? C1_AS_1252[b - 0x80]! : String.fromCharCode(b), b);
}
for (let b = 0x80; b < 0xa0; b++) CP1252_BYTE.set(String.fromCharCode(b), b);

/** A UTF-8 lead byte read as windows-1252, followed by a continuation byte read the same way. */
const MOJIBAKE_HINT =
  /[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u2122]/;

/**
 * Repairs UTF-8 that was decoded as windows-1252 somewhere upstream ("PolicÃ­a" → "Policía",
 * "â€¦" → "…"). Only sequences that form valid multi-byte UTF-8 are touched; ordinary accented
 * text never does ("ão", "ñ", "é" stay as they are).
 */
export function repairMojibake(text: string): string {
  if (!MOJIBAKE_HINT.test(text)) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const lead = CP1252_BYTE.get(text[i]!);
    const need =
      lead === undefined ? 0 : lead >= 0xf0 && lead <= 0xf4 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc2 ? 1 : 0;
    if (need > 0 && lead! <= 0xf4) {
      const bytes = [lead!];
      for (let k = 1; k <= need; k++) {
        const b = CP1252_BYTE.get(text[i + k] ?? '');
        if (b === undefined || b > 0xbf) break;
        bytes.push(b);
      }
      if (bytes.length === need + 1 && utf8SequenceLength(Uint8Array.from(bytes), 0) === bytes.length) {
        out += Buffer.from(bytes).toString('utf8');
        i += bytes.length;
        continue;
      }
    }
    out += text[i];
    i++;
  }
  return out;
}
