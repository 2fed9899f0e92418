/**
 * Opening a DOCX safely: it is a zip of XML parts from outside, and nothing in
 * it is trusted. The zip's central directory is read here (fflate's unzip
 * neither checks CRCs nor declared sizes, and inflates what an entry claims);
 * every part standpoint reads is inflated by zlib with a bound, then checked
 * against its declared size and CRC-32. Refused, before anything is imported:
 * what is not a zip or is cut short, encrypted or unknown compression,
 * entries whose names leave the package ("../", absolute), overlapping or
 * duplicate entries, damaged entries (size or CRC), too much (the file, one
 * part, all parts, the number of entries, the compression ratio: zip bombs),
 * XML that is not well-formed or not UTF-8, XML with a DOCTYPE (entities).
 * Reads only the parts it is asked for; writes nothing.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { UserError } from '../diag/diagnostic.js';
import { FILE_LIMITS, readUserFileOrFail } from '../read/user-file.js';

/**
 * Bounds on what is read, far above any real response: the 2011 response's
 * document.xml is 0.26 MB (a DOCX of 59 KB), a response 100 times longer
 * still fits.
 */
export const LIMITS = {
  /** Entries in the zip. */
  entries: 2000,
  /** One XML part, inflated. */
  partBytes: 32 * 1024 * 1024,
  /** All the XML parts read, inflated. */
  totalBytes: 64 * 1024 * 1024,
  /** Inflated ÷ compressed, for parts over 1 MiB. */
  ratio: 100,
};

export type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export interface DocxPackage {
  file: string;
  /** Parsed XML of a part (checked well-formed), or undefined when the package has no such part. */
  part(name: string): XmlNode[] | undefined;
  /** Names of every entry, for the importer's checks (media files, …). */
  names: string[];
  /**
   * The bytes of a part that is not XML (a picture in word/media/), inflated
   * and checked like the XML parts, when it is at most `maxBytes`; undefined
   * when the package has no such part or it is larger.
   */
  binary(name: string, maxBytes: number): Uint8Array | undefined;
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  dataStart: number;
}

function refuse(file: string, message: string, rule = 'docx-refused', hint?: string): never {
  throw UserError.single({ file, line: 1, column: 1 }, rule, message, hint);
}

const mib = (n: number) => `${(n / 1048576).toFixed(n < 1048576 ? 2 : 0)} MiB`;

function readFileBounded(file: string, maxBytes: number): Uint8Array {
  // A regular file of bounded size: a FIFO or /dev/zero is refused, not read.
  return new Uint8Array(readUserFileOrFail(file, maxBytes));
}

/** The zip's central directory, checked for consistency against the file. */
function readDirectory(file: string, bytes: Uint8Array): Map<string, Entry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, true);
  const u32 = (o: number) => view.getUint32(o, true);
  const u64 = (o: number) => Number(view.getBigUint64(o, true));
  const damaged = (what: string): never => refuse(file, `the DOCX is damaged or cut short: ${what}`, 'docx-refused', 'save it again from Word or LibreOffice, or send the original file');
  if (bytes.length < 22 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) refuse(file, 'the file is not a DOCX (not a zip archive)');
  let eocd = -1;
  for (let o = bytes.length - 22; o >= Math.max(0, bytes.length - 22 - 65535); o--) {
    if (u32(o) === 0x06054b50) {
      eocd = o;
      break;
    }
  }
  if (eocd < 0) damaged('the end of the zip archive is missing');
  let count = u16(eocd + 10);
  let cdSize = u32(eocd + 12);
  let cdOffset = u32(eocd + 16);
  if (u16(eocd + 4) !== 0 || u16(eocd + 6) !== 0 || u16(eocd + 8) !== count) refuse(file, 'the DOCX is a multi-part zip archive');
  if (count === 0xffff || cdOffset === 0xffffffff || cdSize === 0xffffffff) {
    // ZIP64: the real figures are in the ZIP64 end record, which a locator just before points to.
    const loc = eocd - 20;
    if (loc < 0 || u32(loc) !== 0x07064b50) damaged('the ZIP64 locator is missing');
    const rec = u64(loc + 8);
    if (rec + 56 > bytes.length || u32(rec) !== 0x06064b50) damaged('the ZIP64 end record is missing');
    count = u64(rec + 32);
    cdSize = u64(rec + 40);
    cdOffset = u64(rec + 48);
  }
  if (count > LIMITS.entries) refuse(file, `the archive has ${count} entries; a DOCX may have at most ${LIMITS.entries}`, 'too-large');
  if (cdOffset + cdSize > eocd) damaged('the central directory lies outside the file');
  const entries = new Map<string, Entry>();
  let o = cdOffset;
  for (let i = 0; i < count; i++) {
    if (o + 46 > cdOffset + cdSize || u32(o) !== 0x02014b50) damaged(`entry ${i + 1} of the central directory is broken`);
    const flags = u16(o + 8);
    const method = u16(o + 10);
    const crc = u32(o + 16);
    let compressedSize = u32(o + 20);
    let size = u32(o + 24);
    const nameLen = u16(o + 28);
    const extraLen = u16(o + 30);
    const commentLen = u16(o + 32);
    let localOffset = u32(o + 42);
    const name = new TextDecoder().decode(bytes.subarray(o + 46, o + 46 + nameLen));
    // ZIP64 extra field: the 64-bit figures of the ones that are all ones, in order.
    for (let x = o + 46 + nameLen; x + 4 <= o + 46 + nameLen + extraLen; ) {
      const id = u16(x);
      const len = u16(x + 2);
      if (id === 0x0001) {
        let p = x + 4;
        if (size === 0xffffffff) (size = u64(p)), (p += 8);
        if (compressedSize === 0xffffffff) (compressedSize = u64(p)), (p += 8);
        if (localOffset === 0xffffffff) localOffset = u64(p);
      }
      x += 4 + len;
    }
    o += 46 + nameLen + extraLen + commentLen;
    if (name.startsWith('/') || name.includes('\\') || name.split('/').includes('..') || /^[A-Za-z]:/.test(name)) refuse(file, `the archive holds an entry outside the package: ${name}`);
    if (entries.has(name)) refuse(file, `the archive holds the entry ${name} twice`);
    if (flags & 0x1) refuse(file, `the entry ${name} is encrypted`, 'docx-refused', 'remove the password in Word (File › Info › Protect Document) and save again');
    if (method !== 0 && method !== 8) refuse(file, `the entry ${name} uses an unknown compression (method ${method})`);
    if (localOffset + 30 > bytes.length || u32(localOffset) !== 0x04034b50) damaged(`the entry ${name} is missing`);
    const localName = bytes.subarray(localOffset + 30, localOffset + 30 + u16(localOffset + 26));
    if (new TextDecoder().decode(localName) !== name) damaged(`the entry ${name} has another name in its own header`);
    const dataStart = localOffset + 30 + u16(localOffset + 26) + u16(localOffset + 28);
    if (dataStart + compressedSize > cdOffset) damaged(`the entry ${name} runs past the end of the data`);
    if (method === 0 && compressedSize !== size) damaged(`the stored entry ${name} has two different sizes`);
    entries.set(name, { name, method, flags, crc, compressedSize, size, localOffset, dataStart });
  }
  // Entries that share bytes are a zip-bomb technique (and never made by an office program).
  const sorted = [...entries.values()].sort((a, b) => a.localOffset - b.localOffset);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    if (prev.dataStart + prev.compressedSize > sorted[i]!.localOffset) refuse(file, `the entries ${prev.name} and ${sorted[i]!.name} overlap (a zip bomb?)`);
  }
  return entries;
}

/** Opens a DOCX from a file of at most `maxBytes`; see `openDocxBytes`. */
export function openDocx(file: string, maxBytes: number = FILE_LIMITS.importDocx): DocxPackage {
  return openDocxBytes(file, readFileBounded(file, maxBytes));
}

/**
 * Opens DOCX bytes (`file` names them in messages). Every XML part and
 * relationship file is inflated and checked here, so a damaged package is
 * refused before any of it is imported.
 */
export function openDocxBytes(file: string, bytes: Uint8Array): DocxPackage {
  const entries = readDirectory(file, bytes);
  if (!entries.has('word/document.xml')) refuse(file, 'the archive has no word/document.xml: not a Word document');
  const data = new Map<string, Uint8Array>();
  let total = 0;
  for (const e of entries.values()) {
    if (!/\.(xml|rels)$/i.test(e.name)) continue;
    if (e.size > LIMITS.partBytes) refuse(file, `the part ${e.name} inflates to ${mib(e.size)}; a part may be at most ${mib(LIMITS.partBytes)}`, 'too-large', 'a response is well under 1 MiB; is this the right file?');
    if (e.size > 1024 * 1024 && e.size / Math.max(1, e.compressedSize) > LIMITS.ratio) refuse(file, `the part ${e.name} is compressed more than ${LIMITS.ratio}× (a zip bomb?)`, 'too-large');
    total += e.size;
    if (total > LIMITS.totalBytes) refuse(file, `the parts of the DOCX inflate to more than ${mib(LIMITS.totalBytes)}`, 'too-large', 'a response is well under 1 MiB; is this the right file?');
    const raw = bytes.subarray(e.dataStart, e.dataStart + e.compressedSize);
    let out: Uint8Array;
    if (e.method === 0) out = raw;
    else {
      try {
        // One byte more than declared may come out: then the declared size was a lie.
        out = inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size + 1) });
      } catch (err) {
        const tooBig = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError;
        refuse(file, `the DOCX is damaged: the part ${e.name} ${tooBig ? 'is larger than its zip entry says' : `cannot be inflated (${(err as Error).message})`}`, 'docx-refused', 'save it again from Word or LibreOffice, or send the original file');
      }
    }
    if (out.length !== e.size) refuse(file, `the DOCX is damaged: the part ${e.name} has ${out.length} bytes, its zip entry says ${e.size}`, 'docx-refused', 'save it again from Word or LibreOffice, or send the original file');
    if (crc32(out) >>> 0 !== e.crc >>> 0) refuse(file, `the DOCX is damaged: the part ${e.name} fails its CRC check`, 'docx-refused', 'save it again from Word or LibreOffice, or send the original file');
    data.set(e.name, out);
  }
  const binary = (name: string, maxBytes: number): Uint8Array | undefined => {
    const e = entries.get(name);
    if (!e || e.size > maxBytes || (e.size > 1024 * 1024 && e.size / Math.max(1, e.compressedSize) > LIMITS.ratio)) return undefined;
    const raw = bytes.subarray(e.dataStart, e.dataStart + e.compressedSize);
    let out: Uint8Array;
    try {
      out = e.method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size + 1) });
    } catch {
      refuse(file, `the DOCX is damaged: the part ${e.name} cannot be inflated`, 'docx-refused', 'save it again from Word or LibreOffice, or send the original file');
    }
    if (out.length !== e.size || crc32(out) >>> 0 !== e.crc >>> 0) refuse(file, `the DOCX is damaged: the part ${e.name} fails its size or CRC check`, 'docx-refused', 'save it again from Word or LibreOffice, or send the original file');
    return new Uint8Array(out);
  };
  return packageOf(file, data, [...entries.keys()], true, binary);
}

/**
 * A package from parts already in memory (a DOCX standpoint has just
 * rendered, not a user's file): no zip to check, and its XML is standpoint's own.
 */
export function openDocxParts(file: string, parts: Map<string, Uint8Array>): DocxPackage {
  return packageOf(file, parts, [...parts.keys()], false, (name, maxBytes) => {
    const b = parts.get(name);
    return b && b.length <= maxBytes ? b : undefined;
  });
}

function packageOf(file: string, data: Map<string, Uint8Array>, names: string[], checkXml: boolean, binary: DocxPackage['binary']): DocxPackage {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, processEntities: true, htmlEntities: false, parseTagValue: false, parseAttributeValue: false });
  const cache = new Map<string, XmlNode[]>();
  return {
    file,
    names,
    binary,
    part(name) {
      const bytesOf = data.get(name);
      if (!bytesOf) return undefined;
      if (!cache.has(name)) {
        let xml: string;
        try {
          xml = new TextDecoder('utf-8', { fatal: true }).decode(bytesOf);
        } catch {
          refuse(file, `${name} is not UTF-8 XML`);
        }
        if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) refuse(file, `${name} declares a DOCTYPE or entities, which Word documents never need`);
        const valid = checkXml ? XMLValidator.validate(xml) : true;
        if (valid !== true) refuse(file, `${name} is not well-formed XML (line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg})`, 'docx-refused', 'the DOCX is damaged; save it again from Word or LibreOffice');
        try {
          cache.set(name, parser.parse(xml) as XmlNode[]);
        } catch (err) {
          refuse(file, `${name} is not well-formed XML: ${(err as Error).message}`);
        }
      }
      return cache.get(name);
    },
  };
}

export function nameOf(n: XmlNode): string {
  return Object.keys(n).find((k) => k !== ':@') ?? '';
}

export function kids(n: XmlNode): XmlNode[] {
  const v = n[nameOf(n)];
  return Array.isArray(v) ? (v as XmlNode[]) : [];
}

export function attr(n: XmlNode, name: string): string | undefined {
  return n[':@']?.[name];
}

export function find(nodes: XmlNode[], name: string): XmlNode | undefined {
  return nodes.find((n) => nameOf(n) === name);
}
