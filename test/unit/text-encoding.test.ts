/** Decoding users' text files (src/io/text-encoding.ts): marks, declarations, strictness, guesses. */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeText, poDeclaredCharset, xmlDeclaredEncoding } from '../../src/io/text-encoding.js';
import { UserError } from '../../src/diag/diagnostic.js';

const RU = 'Позиция ЦИК.\nПоправки не были поспешными и необоснованными; они восстановили положение о выборах.\n';

function refusal(f: () => unknown): { message: string; line: number; column: number; rule: string } {
  try {
    f();
  } catch (err) {
    if (err instanceof UserError) {
      const d = err.diagnostics[0]!;
      return { message: d.message, line: d.pos.line, column: d.pos.column, rule: d.rule };
    }
    throw err;
  }
  throw new Error('not refused');
}

describe('decodeText', () => {
  it('reads byte order marks: UTF-8, UTF-16LE, UTF-16BE, UTF-32LE', () => {
    for (const [enc, bom] of [['utf-8', [0xef, 0xbb, 0xbf]], ['utf-16le', [0xff, 0xfe]], ['utf-16be', [0xfe, 0xff]], ['utf-32le', [0xff, 0xfe, 0, 0]]] as const) {
      const bytes = Buffer.concat([Buffer.from(bom), iconv.encode(RU, enc, { addBOM: false })]);
      const r = decodeText(bytes, { file: 'x.txt' });
      expect(r.text, enc).toBe(RU);
      expect(r.warning).toBeUndefined();
    }
  });

  it('plain UTF-8 needs no mark', () => {
    expect(decodeText(Buffer.from(RU), { file: 'x.txt' })).toEqual({ text: RU, encoding: 'UTF-8' });
  });

  it('a genuine U+FFFD before a bad byte does not hide the bad byte', () => {
    const bytes = Buffer.concat([Buffer.from('a\uFFFDb\nline two '), Buffer.from([0xc3, 0x28])]);
    const r = refusal(() => decodeText(bytes, { file: 'x.txt' }));
    expect(r).toMatchObject({ rule: 'encoding', line: 2, column: 10 });
    expect(r.message).toBe('byte 0xC3 is not valid UTF-8');
  });

  it('a declared single-byte encoding is used, strictly, with the line of a bad byte', () => {
    expect(decodeText(iconv.encode(RU, 'cp1251'), { file: 'x.po', declared: { name: 'CP1251', by: 'the PO header' } }).text).toBe(RU);
    // 0x98 is the one byte Windows-1251 leaves undefined.
    const bad = Buffer.concat([iconv.encode('msgid ""\nmsgstr "Позиция ', 'cp1251'), Buffer.from([0x98]), Buffer.from('"\n')]);
    const r = refusal(() => decodeText(bad, { file: 'x.po', declared: { name: 'CP1251', by: 'the PO header' } }));
    expect(r).toMatchObject({ rule: 'encoding', line: 2, column: 17 });
    expect(r.message).toBe('byte 0x98 is not valid Windows-1251, the encoding the PO header declares');
  });

  it('a wrong declaration (UTF-8 declared, Windows-1251 bytes) is refused with the line', () => {
    const bytes = iconv.encode('msgid ""\nmsgstr ""\n\nmsgid "x"\nmsgstr "Позиция"\n', 'cp1251');
    const r = refusal(() => decodeText(bytes, { file: 'x.po', declared: { name: 'UTF-8', by: 'the PO header', line: 3 } }));
    expect(r).toMatchObject({ line: 5, column: 9 });
    expect(r.message).toMatch(/^byte 0xCF is not valid UTF-8, the encoding the PO header declares$/);
  });

  it('guesses Windows-1251 and KOI8-R from the letters, and says so', () => {
    for (const [enc, name] of [['cp1251', 'Windows-1251'], ['koi8-r', 'KOI8-R']] as const) {
      const r = decodeText(iconv.encode(RU, enc), { file: 'x.txt', guessCyrillic: true });
      expect(r.text, enc).toBe(RU);
      expect(r.encoding).toBe(name);
      expect(r.warning?.rule).toBe('encoding-guessed');
      expect(r.warning?.message).toBe(`the file is not UTF-8; it was read as ${name}, guessed from its Cyrillic letters`);
    }
  });

  it('without guessing (a PO file without a charset), Windows-1251 is refused', () => {
    expect(refusal(() => decodeText(iconv.encode(RU, 'cp1251'), { file: 'x.po' })).rule).toBe('encoding');
  });

  it('binary data is refused: random bytes, and NUL in a file without a mark', () => {
    const random = Buffer.from(Array.from({ length: 400 }, (_, i) => (i * 7919 + 13) % 256));
    expect(refusal(() => decodeText(random, { file: 'x.txt', guessCyrillic: true })).rule).toBe('encoding');
    const nul = Buffer.from('text\0more text');
    expect(refusal(() => decodeText(nul, { file: 'x.txt', guessCyrillic: true })).message).toMatch(/binary data \(a NUL character\)/);
    // UTF-16 without its mark reads as NULs.
    expect(refusal(() => decodeText(iconv.encode('hello', 'utf-16le'), { file: 'x.txt', guessCyrillic: true })).message).toMatch(/NUL/);
  });

  it('a mark that contradicts the declaration is refused; an unknown encoding is refused', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(RU, 'utf-16le')]);
    expect(refusal(() => decodeText(bytes, { file: 'x.txt', declared: { name: 'windows-1251', by: '--encoding' } })).message).toMatch(/starts with a UTF-16LE byte order mark, but --encoding says windows-1251/);
    expect(refusal(() => decodeText(Buffer.from('x'), { file: 'x.txt', declared: { name: 'klingon', by: '--encoding' } })).message).toBe('unknown encoding ‘klingon’ in --encoding');
  });
});

describe('declarations', () => {
  it('reads the PO charset with its line; CHARSET declares nothing', () => {
    const po = 'msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=CP1251\\n"\n\nmsgctxt "a"\nmsgid "x"\nmsgstr "y"\n';
    expect(poDeclaredCharset(Buffer.from(po))).toEqual({ name: 'CP1251', by: 'the PO header', line: 4 });
    expect(poDeclaredCharset(Buffer.from(po.replace('CP1251', 'CHARSET')))).toBeUndefined();
    // A charset named in a later entry is not the header's.
    expect(poDeclaredCharset(Buffer.from('msgid ""\nmsgstr ""\n\nmsgid "charset=koi8-r"\nmsgstr ""\n'))).toBeUndefined();
  });

  it('reads the XML declaration', () => {
    expect(xmlDeclaredEncoding(Buffer.from('<?xml version="1.0" encoding="windows-1251"?><x/>'))?.name).toBe('windows-1251');
    expect(xmlDeclaredEncoding(Buffer.from('<x/>'))).toBeUndefined();
  });
});
