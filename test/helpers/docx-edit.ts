/**
 * Editing a rendered DOCX the way a person in Word would, for tests: the body
 * of word/document.xml as a list of top-level blocks (paragraphs, tables) that
 * can be edited, deleted, inserted and moved; and damage (truncation, other
 * document, other language) done to the package.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

export type Parts = Record<string, Uint8Array>;

export function readParts(file: string): Parts {
  return unzipSync(new Uint8Array(readFileSync(file)));
}

export function writeParts(file: string, parts: Parts): void {
  writeFileSync(file, zipSync(parts));
}

export function partText(parts: Parts, name: string): string {
  return strFromU8(parts[name]!);
}

export function setPartText(parts: Parts, name: string, text: string): void {
  parts[name] = strToU8(text);
}

/** The body of document.xml split into its top-level blocks, with what comes before and after. */
export interface Body {
  head: string;
  blocks: string[];
  tail: string;
}

export function splitBody(xml: string): Body {
  const open = xml.indexOf('<w:body>') + '<w:body>'.length;
  const sect = xml.lastIndexOf('<w:sectPr');
  const close = sect > 0 ? sect : xml.lastIndexOf('</w:body>');
  const inner = xml.slice(open, close);
  const blocks: string[] = [];
  let depth = 0;
  let start = 0;
  for (const m of inner.matchAll(/<(\/?)w:(p|tbl)(?=[\s>/])[^>]*?(\/?)>/g)) {
    const closing = m[1] === '/';
    const selfClosing = m[3] === '/';
    if (!closing && depth === 0) start = m.index!;
    if (selfClosing) {
      if (depth === 0) blocks.push(inner.slice(start, m.index! + m[0].length));
      continue;
    }
    depth += closing ? -1 : 1;
    if (closing && depth === 0) blocks.push(inner.slice(start, m.index! + m[0].length));
  }
  return { head: xml.slice(0, open), blocks, tail: xml.slice(close) };
}

export function joinBody(b: Body): string {
  return b.head + b.blocks.join('') + b.tail;
}

/** Index of the block holding a bookmark of this name. */
export function blockWith(b: Body, bookmark: string): number {
  return b.blocks.findIndex((x) => x.includes(`w:name="${bookmark}"`));
}

/** A plain paragraph in one of standpoint's styles, as Word writes a new one (no bookmark). */
export function newParagraph(text: string, style = 'Standpoint'): string {
  const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<w:p><w:pPr><w:pStyle w:val="${style}"/></w:pPr><w:r><w:t xml:space="preserve">${esc}</w:t></w:r></w:p>`;
}

/** The visible text of a block. */
export function blockText(block: string): string {
  return [...block.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Replaces the first text run's text that contains `from` (within one w:t). */
export function editText(block: string, from: string, to: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const i = block.indexOf(esc(from));
  if (i < 0) throw new Error(`${from} not in the block`);
  return block.slice(0, i) + esc(to) + block.slice(i + esc(from).length);
}

/** Rewrites a custom document property's value. */
export function setCustomProperty(parts: Parts, name: string, value: string): void {
  const xml = partText(parts, 'docProps/custom.xml');
  const re = new RegExp(`(name="${name}"><vt:lpwstr>)[^<]*(</vt:lpwstr>)`);
  if (!re.test(xml)) throw new Error(`no custom property ${name}`);
  setPartText(parts, 'docProps/custom.xml', xml.replace(re, `$1${value}$2`));
}
