import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  charsetFromContentType,
  decodeFeedBytes,
  demoronize,
  repairMojibake,
} from '../../../../src/feeds/parse/decode.js';

const TEXT = 'Detenidos en régimen de excepción: “más de 80 000”';
const latin1Doc = (decl: string | null) =>
  iconv.encode(`${decl ?? ''}<rss><channel><title>${TEXT}</title></channel></rss>`, 'windows-1252');
const utf8Doc = (decl: string | null) =>
  Buffer.from(`${decl ?? ''}<rss><channel><title>${TEXT}</title></channel></rss>`, 'utf8');

describe('decodeFeedBytes', () => {
  it('reads UTF-8 without any label', () => {
    expect(decodeFeedBytes(utf8Doc(null))).toContain(TEXT);
  });

  it('reads windows-1252 declared in the XML declaration', () => {
    const bytes = latin1Doc('<?xml version="1.0" encoding="windows-1252"?>');
    expect(decodeFeedBytes(bytes)).toContain(TEXT);
  });

  it('reads ISO-8859-1 as windows-1252 so that smart quotes survive', () => {
    const bytes = latin1Doc('<?xml version="1.0" encoding="ISO-8859-1"?>');
    expect(decodeFeedBytes(bytes)).toContain(TEXT);
  });

  it('falls back to windows-1252 for undeclared bytes that are not UTF-8', () => {
    expect(decodeFeedBytes(latin1Doc(null))).toContain(TEXT);
    expect(decodeFeedBytes(latin1Doc('<?xml version="1.0"?>'))).toContain(TEXT);
  });

  it('takes the charset from the Content-Type header', () => {
    const bytes = iconv.encode('<rss><channel><title>Привет</title></channel></rss>', 'koi8-r');
    expect(decodeFeedBytes(bytes, 'application/rss+xml; charset=KOI8-R')).toContain('Привет');
  });

  it('prefers the header over the declaration when both fit the bytes', () => {
    const bytes = iconv.encode(
      '<?xml version="1.0" encoding="windows-1252"?><rss><title>Ñandú</title></rss>',
      'iso-8859-15',
    );
    expect(decodeFeedBytes(bytes, 'text/xml; charset="iso-8859-15"')).toContain('Ñandú');
  });

  it('overrides a header that says UTF-8 over Latin-1 bytes with the declaration', () => {
    const bytes = latin1Doc('<?xml version="1.0" encoding="iso-8859-1"?>');
    expect(decodeFeedBytes(bytes, 'application/xml; charset=utf-8')).toContain(TEXT);
  });

  it('overrides a header that says ISO-8859-1 over valid UTF-8 bytes', () => {
    expect(decodeFeedBytes(utf8Doc(null), 'text/xml; charset=iso-8859-1')).toContain(TEXT);
    expect(
      decodeFeedBytes(utf8Doc('<?xml version="1.0" encoding="utf-8"?>'), 'text/xml; charset=latin1'),
    ).toContain(TEXT);
  });

  it('ignores an unknown charset label', () => {
    expect(decodeFeedBytes(utf8Doc(null), 'text/xml; charset=x-made-up')).toContain(TEXT);
    expect(decodeFeedBytes(latin1Doc('<?xml version="1.0" encoding="bogus"?>'))).toContain(TEXT);
  });

  it('honours byte-order marks over every label', () => {
    const body = '<rss><title>Señal</title></rss>';
    const utf8Bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body, 'utf8')]);
    expect(decodeFeedBytes(utf8Bom, 'text/xml; charset=iso-8859-1')).toBe(body);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]);
    expect(decodeFeedBytes(le)).toBe(body);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(body, 'utf16le').swap16()]);
    expect(decodeFeedBytes(be)).toBe(body);
  });

  it('recognises UTF-16 without a BOM from the layout of "<"', () => {
    const body = '<?xml version="1.0" encoding="utf-16"?><rss><title>Señal</title></rss>';
    expect(decodeFeedBytes(Buffer.from(body, 'utf16le'))).toBe(body);
    expect(decodeFeedBytes(Buffer.from(body, 'utf16le').swap16())).toBe(body);
  });

  it('ignores a UTF-16 declaration on ASCII-compatible bytes', () => {
    const bytes = Buffer.from(
      '<?xml version="1.0" encoding="utf-16"?><rss><title>Señal</title></rss>',
      'utf8',
    );
    expect(decodeFeedBytes(bytes)).toContain('Señal');
  });

  it('keeps UTF-8 text intact around a stray Latin-1 byte', () => {
    const bytes = Buffer.concat([
      Buffer.from('<rss><title>Señal ', 'utf8'),
      Buffer.from([0xe9]), // "é" in Latin-1, invalid here
      Buffer.from(' año</title></rss>', 'utf8'),
    ]);
    expect(decodeFeedBytes(bytes)).toBe('<rss><title>Señal é año</title></rss>');
  });

  it('reads a declared multi-byte legacy charset', () => {
    const bytes = iconv.encode(
      '<?xml version="1.0" encoding="euc-kr"?><rss><title>년</title></rss>',
      'euc-kr',
    );
    expect(decodeFeedBytes(bytes)).toContain('<title>년</title>');
  });

  it('decodes an empty body to an empty string', () => {
    expect(decodeFeedBytes(new Uint8Array(0))).toBe('');
  });
});

describe('charsetFromContentType', () => {
  it('reads quoted and unquoted parameters and normalises Latin-1 aliases', () => {
    expect(charsetFromContentType('text/xml; charset="UTF-8"')).toBe('utf-8');
    expect(charsetFromContentType('text/xml;charset=latin1')).toBe('windows-1252');
    expect(charsetFromContentType('text/xml')).toBeNull();
    expect(charsetFromContentType(null)).toBeNull();
  });
});

describe('demoronize', () => {
  it('turns C1 controls into the windows-1252 characters they stand for', () => {
    expect(demoronize('don\u0092t \u0093quoted\u0094 \u0080')).toBe('don’t “quoted” €');
    expect(demoronize('plain')).toBe('plain');
  });
});

describe('repairMojibake', () => {
  it('re-reads UTF-8 that was decoded as windows-1252', () => {
    expect(repairMojibake('PolicÃ­a: Â¿QuÃ© pasÃ³? â€œAÃ±oâ€\u009d â€¦')).toBe('Policía: ¿Qué pasó? “Año” …');
  });

  it('leaves ordinary accented text alone', () => {
    for (const s of ['São Paulo', 'año niño é ç çã', 'Ã', 'Él dijo: «sí»', 'don’t'])
      expect(repairMojibake(s)).toBe(s);
  });
});
