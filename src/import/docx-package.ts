/**
 * Opening a DOCX safely: it is a zip of XML parts from outside. Refused: what
 * is not a zip, entries whose names leave the package ("../", absolute),
 * zip bombs (more than 256 MiB inflated, more than 200× compression, more
 * than 2 000 entries), XML with a DOCTYPE (entity expansion, external entities).
 */
import { unzipSync, strFromU8 } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { UserError } from '../diag/diagnostic.js';
import { FILE_LIMITS, readUserFileOrFail } from '../read/user-file.js';

export const LIMITS = { totalBytes: 256 * 1024 * 1024, ratio: 200, entries: 2000 };

export type XmlNode = Record<string, unknown> & { ':@'?: Record<string, string> };

export interface DocxPackage {
  file: string;
  part(name: string): XmlNode[] | undefined;
}

function refuse(file: string, message: string): never {
  throw UserError.single({ file, line: 1, column: 1 }, 'docx-refused', message);
}

export function openDocx(file: string): DocxPackage {
  // A regular file of bounded size: a FIFO or /dev/zero is refused, not read.
  const bytes = new Uint8Array(readUserFileOrFail(file, FILE_LIMITS.importDocx));
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) refuse(file, 'the file is not a DOCX (not a zip archive)');
  let total = 0;
  let count = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (f) => {
        count++;
        if (count > LIMITS.entries) refuse(file, `the archive has more than ${LIMITS.entries} entries`);
        if (f.name.startsWith('/') || f.name.split(/[\\/]/).includes('..') || /^[A-Za-z]:/.test(f.name)) refuse(file, `the archive holds an entry outside the package: ${f.name}`);
        total += f.originalSize;
        if (total > LIMITS.totalBytes) refuse(file, `the archive inflates to more than ${LIMITS.totalBytes / 1048576} MiB (a zip bomb?)`);
        if (f.size > 0 && f.originalSize / f.size > LIMITS.ratio && f.originalSize > 1024 * 1024) refuse(file, `the entry ${f.name} is compressed more than ${LIMITS.ratio}× (a zip bomb?)`);
        return /\.xml$|\.rels$/.test(f.name);
      },
    });
  } catch (err) {
    if (err instanceof UserError) throw err;
    refuse(file, `the file is not a readable DOCX: ${(err as Error).message}`);
  }
  if (!entries['word/document.xml']) refuse(file, 'the archive has no word/document.xml: not a Word document');
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false, processEntities: true, htmlEntities: false, parseTagValue: false, parseAttributeValue: false });
  const cache = new Map<string, XmlNode[]>();
  return {
    file,
    part(name) {
      const data = entries[name];
      if (!data) return undefined;
      if (!cache.has(name)) {
        const xml = strFromU8(data);
        if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) refuse(file, `${name} declares a DOCTYPE or entities, which Word documents never need`);
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
