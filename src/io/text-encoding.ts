/**
 * Bytes of a user's text file -> text, never silently wrong. Owns the one
 * decision of which encoding a file is in, shared by the text importer and the
 * PO/XLIFF import: a byte order mark (UTF-8, UTF-16LE/BE, UTF-32) wins; else an
 * encoding the user names (`--encoding`) or the file declares (the PO
 * charset, the XML declaration) is used strictly — a byte that is not valid in
 * it is refused with its line; else strict UTF-8; else, where the caller allows
 * it, a single-byte Cyrillic code page (Windows-1251 or KOI8-R) chosen from the
 * letters, with a warning that it was guessed. iconv-lite does the decoding;
 * no code page is written out here. Reads no file.
 */
import { createRequire } from 'node:module';

/**
 * iconv-lite, loaded when a text in another encoding is first met: its code
 * page tables are a sixth of the command's bundle, parsed at every start of
 * every command before (the CLI bundle keeps it outside, scripts/bundle.mjs).
 */
let iconvModule: typeof import('iconv-lite') | undefined;
const iconv = {
  get(): typeof import('iconv-lite') {
    return (iconvModule ??= createRequire(import.meta.url)('iconv-lite') as typeof import('iconv-lite'));
  },
};
import { Diagnostics, UserError, type Diagnostic } from '../diag/diagnostic.js';

export interface DeclaredEncoding {
  /** The name as written (cp1251, windows-1251, UTF-8 …). */
  name: string;
  /** Where it was declared, for messages: "--encoding", "the PO header", "the XML declaration". */
  by: string;
  /** Line of the declaration in the file, when it is in the file. */
  line?: number;
}

export interface DecodeOptions {
  /** The file's name, for messages. */
  file: string;
  declared?: DeclaredEncoding;
  /** Without a declaration, bytes that are not UTF-8 may be read as a Cyrillic code page (with a warning). */
  guessCyrillic?: boolean;
}

export interface DecodedText {
  text: string;
  /** The encoding used, in its usual spelling (UTF-8, Windows-1251 …). */
  encoding: string;
  /** A warning to print: the encoding was guessed. */
  warning?: Diagnostic;
}

const BOMS: { bytes: number[]; encoding: string }[] = [
  // UTF-32LE first: its mark begins with UTF-16LE's.
  { bytes: [0xff, 0xfe, 0x00, 0x00], encoding: 'utf-32le' },
  { bytes: [0x00, 0x00, 0xfe, 0xff], encoding: 'utf-32be' },
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

const DISPLAY: Record<string, string> = {
  'utf-8': 'UTF-8', utf8: 'UTF-8', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', 'utf-32le': 'UTF-32LE', 'utf-32be': 'UTF-32BE',
  cp1251: 'Windows-1251', 'windows-1251': 'Windows-1251', 'win-1251': 'Windows-1251', 'koi8-r': 'KOI8-R', koi8r: 'KOI8-R',
};

/** Code pages tried for a file that is not UTF-8 and declares nothing. */
const CYRILLIC_GUESSES = ['cp1251', 'koi8-r'];

export function displayName(encoding: string): string {
  return DISPLAY[encoding.toLowerCase()] ?? encoding;
}

/** True when iconv-lite knows the encoding (names like cp1251, windows-1251, koi8-r, utf-16le). */
export function knownEncoding(name: string): boolean {
  return isUtf8(name) || iconv.get().encodingExists(name);
}

function isUtf8(name: string): boolean {
  return /^utf-?8$/i.test(name.trim());
}

function positionOf(text: string, charIndex: number): { line: number; column: number } {
  const before = text.slice(0, charIndex);
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: charIndex - nl };
}

function refuse(file: string, at: { line: number; column: number }, message: string, hint: string): never {
  throw UserError.single({ file, ...at }, 'encoding', message, hint);
}

/** Strict UTF-8: the text, or the position of the first byte that is not UTF-8. */
function strictUtf8(bytes: Uint8Array): { text: string } | { bad: { line: number; column: number; byte: number } } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes) };
  } catch {
    // Walk the replacement characters of a lossy decoding: the first one not
    // spelled EF BF BD in the bytes is where the bytes stop being UTF-8.
    const lossy = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    let from = 0;
    for (;;) {
      const k = lossy.indexOf('\uFFFD', from);
      if (k < 0) return { bad: { line: 1, column: 1, byte: 0 } };
      const offset = Buffer.byteLength(lossy.slice(0, k), 'utf8');
      if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return { bad: { ...positionOf(lossy, k), byte: bytes[offset] ?? 0 } };
      from = k + 1;
    }
  }
}

/** Strictly in `encoding` (iconv-lite): no undefined byte, and decoding and encoding again give the same bytes. */
function strictIconv(bytes: Uint8Array, encoding: string): { text: string } | { bad: { line: number; column: number; byte: number } } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = iconv.get().decode(buf, encoding, { stripBOM: false });
  // A code page's undefined byte decodes to U+FFFD (and iconv-lite encodes U+FFFD back to it), which no code page means.
  const replaced = /^utf-?(16|32)/i.test(encoding) ? -1 : text.indexOf('\uFFFD');
  if (replaced >= 0) return { bad: { ...positionOf(text, replaced), byte: buf[iconv.get().encode(text.slice(0, replaced), encoding).length] ?? 0 } };
  const again = iconv.get().encode(text, encoding, { addBOM: false });
  if (again.equals(buf)) return { text };
  let i = 0;
  while (i < buf.length && i < again.length && buf[i] === again[i]) i++;
  const prefix = iconv.get().decode(buf.subarray(0, i), encoding, { stripBOM: false });
  return { bad: { ...positionOf(prefix, prefix.length), byte: buf[i] ?? 0 } };
}

function decodeStrict(bytes: Uint8Array, encoding: string) {
  return isUtf8(encoding) ? strictUtf8(bytes) : strictIconv(bytes, encoding);
}

/** How much a decoded text looks like Russian/Kazakh prose: the share of lower-case letters among its Cyrillic letters, or -1. */
function cyrillicScore(text: string): number {
  let upper = 0;
  let lower = 0;
  let other = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) continue;
    if (/\p{Script=Cyrillic}/u.test(ch)) {
      if (ch === ch.toLowerCase() && ch !== ch.toUpperCase()) lower++;
      else upper++;
    } else if (!/[«»–—„“”’…№°·•\u00A0]/u.test(ch)) other++;
  }
  const letters = upper + lower;
  // Mostly Cyrillic letters among the non-ASCII characters, or it is not a Cyrillic text at all.
  if (letters < 4 || other > letters / 10) return -1;
  return lower / letters;
}

/**
 * Decodes a user's file. Throws UserError (exit 1, rule `encoding`) when the
 * bytes are not valid in the encoding that applies.
 */
export function decodeText(bytes: Uint8Array, o: DecodeOptions): DecodedText {
  const decoded = decodeBytes(bytes, o);
  const nul = decoded.text.indexOf('\0');
  if (nul >= 0) {
    refuse(o.file, positionOf(decoded.text, nul), 'the file holds binary data (a NUL character), not text', 'give a text file (UTF-8); a UTF-16 file needs its byte order mark, or --encoding utf-16le');
  }
  return decoded;
}

function decodeBytes(bytes: Uint8Array, o: DecodeOptions): DecodedText {
  const bom = BOMS.find((b) => b.bytes.every((x, i) => bytes[i] === x));
  if (bom) {
    if (o.declared && normalise(o.declared.name) !== normalise(bom.encoding) && !(isUtf8(bom.encoding) && isUtf8(o.declared.name))) {
      // A byte order mark is proof; a header may be a leftover of a template.
      const declaredUtf16 = /^utf-?16$/i.test(o.declared.name) && bom.encoding.startsWith('utf-16');
      if (!declaredUtf16) {
        refuse(o.file, { line: o.declared.line ?? 1, column: 1 }, `the file starts with a ${displayName(bom.encoding)} byte order mark, but ${o.declared.by} says ${o.declared.name}`, `save the file in one encoding${o.declared.by === '--encoding' ? ', or leave out --encoding' : ` and correct ${o.declared.by}`}`);
      }
    }
    const body = bytes.subarray(bom.bytes.length);
    const r = decodeStrict(body, bom.encoding);
    if ('bad' in r) refuse(o.file, r.bad, `the file is marked ${displayName(bom.encoding)} but holds a byte sequence that is not ${displayName(bom.encoding)}`, 'save the file again as UTF-8');
    return { text: r.text, encoding: displayName(bom.encoding) };
  }
  if (o.declared) {
    const name = o.declared.name.trim();
    if (!knownEncoding(name)) {
      refuse(o.file, { line: o.declared.line ?? 1, column: 1 }, `unknown encoding ‘${name}’ in ${o.declared.by}`, 'name one like UTF-8, windows-1251 or koi8-r');
    }
    const r = decodeStrict(bytes, name);
    if ('bad' in r) {
      refuse(
        o.file,
        r.bad,
        `byte 0x${r.bad.byte.toString(16).toUpperCase().padStart(2, '0')} is not valid ${displayName(name)}, the encoding ${o.declared.by} declares`,
        o.declared.by === '--encoding' ? 'give the encoding the file is really in' : `correct ${o.declared.by} (the encoding the file was saved in), or save the file as UTF-8`,
      );
    }
    return { text: r.text, encoding: displayName(name) };
  }
  const utf8 = strictUtf8(bytes);
  if ('text' in utf8) return { text: utf8.text, encoding: 'UTF-8' };
  if (o.guessCyrillic) {
    let best: { encoding: string; text: string; score: number } | undefined;
    for (const encoding of CYRILLIC_GUESSES) {
      const r = strictIconv(bytes, encoding);
      if (!('text' in r)) continue;
      const score = cyrillicScore(r.text);
      if (score > 0.5 && (!best || score > best.score)) best = { encoding, text: r.text, score };
    }
    if (best) {
      const d = new Diagnostics();
      d.warning(
        { file: o.file, line: utf8.bad.line, column: utf8.bad.column },
        'encoding-guessed',
        `the file is not UTF-8; it was read as ${displayName(best.encoding)}, guessed from its Cyrillic letters`,
        `check the imported text; if it is wrong, give the encoding with --encoding (for example --encoding ${best.encoding === 'cp1251' ? 'koi8-r' : 'windows-1251'})`,
      );
      return { text: best.text, encoding: displayName(best.encoding), warning: d.items[0]! };
    }
  }
  refuse(
    o.file,
    utf8.bad,
    `byte 0x${utf8.bad.byte.toString(16).toUpperCase().padStart(2, '0')} is not valid UTF-8`,
    o.guessCyrillic ? 'save the file as UTF-8, or give its encoding with --encoding (for example --encoding windows-1251)' : 'save the file as UTF-8, or declare its charset in the file',
  );
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '').replace(/^windows/, 'cp').replace(/^win/, 'cp');
}

/**
 * The charset a PO file declares in its header entry (`Content-Type: text/plain; charset=…`),
 * read from the raw bytes (the header is ASCII), with its line. The gettext
 * template placeholder CHARSET declares nothing.
 */
export function poDeclaredCharset(bytes: Uint8Array): DeclaredEncoding | undefined {
  // The header is the first entry; 8 KiB is far more than any header.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 8192)).toString('latin1');
  const firstId = head.search(/^\s*msgid\s/m);
  if (firstId < 0) return undefined;
  const next = head.slice(firstId + 5).search(/^\s*(msgid|msgctxt)\s/m);
  const header = head.slice(0, next >= 0 ? firstId + 5 + next : head.length);
  const m = /charset\s*=\s*([A-Za-z0-9_.:-]+)/i.exec(header);
  if (!m || m[1]!.toUpperCase() === 'CHARSET') return undefined;
  return { name: m[1]!, by: 'the PO header', line: header.slice(0, m.index).split('\n').length };
}

/** The encoding an XML declaration names (`<?xml version="1.0" encoding="…"?>`), if any. */
export function xmlDeclaredEncoding(bytes: Uint8Array): DeclaredEncoding | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 512)).toString('latin1');
  const m = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']/.exec(head);
  return m ? { name: m[1]!, by: 'the XML declaration', line: 1 } : undefined;
}
