/**
 * XLIFF 2.0 export and import of a document's translation units.
 * Export: one <unit> per translatable paragraph, <segment state> initial /
 * translated (stale: initial with subState standpoint:stale and the old
 * target), notes with the context and the hash of the source, footnote
 * references as <ph> with <originalData>, emphasis as <pc>.
 * Import: fast-xml-parser in document order; a DOCTYPE is refused (no
 * declared entity is expanded); character references and the five XML
 * entities are decoded, any other reference is refused with its line.
 */
import { XMLParser } from 'fast-xml-parser';
import { EntityDecoder } from '@nodable/entities';
import { parseInline } from '../model/inline.js';
import { escapeInline } from './inline-codes.js';
import type { TranslationUnit } from './units.js';

export const XLIFF_NS = 'urn:oasis:names:tc:xliff:document:2.0';
/** The XLIFF 2.0 Glossary module: the termbase entries for the terms a unit contains. */
export const GLOSSARY_NS = 'urn:oasis:names:tc:xliff:glossary:2.0';

export interface GlossEntry {
  id: string;
  /** The term as the source text has it. */
  term: string;
  /** Approved terms of the target language, the preferred first. */
  translations: string[];
  definition?: string;
}

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** Inline syntax -> XLIFF inline content; `data` collects <originalData> entries. */
function toXliffContent(text: string, data: Map<string, string>): string {
  let out = '';
  let em = false;
  let st = false;
  let pcId = 0;
  for (const span of parseInline(text)) {
    if (span.kind === 'footnote') {
      const dataId = `fn-${span.id}`;
      data.set(dataId, `[^${span.id}]`);
      out += `<ph id="${esc(span.id)}" dataRef="${esc(dataId)}" disp="[${esc(span.id)}]" canDelete="no" canCopy="no"/>`;
      continue;
    }
    if (st && !span.strong) {
      out += '</pc>';
      st = false;
    }
    if (em && !span.emphasis) {
      out += '</pc>';
      em = false;
    }
    if (span.emphasis && !em) {
      out += `<pc id="i${++pcId}" type="fmt" subType="xlf:i">`;
      em = true;
    }
    if (span.strong && !st) {
      out += `<pc id="b${++pcId}" type="fmt" subType="xlf:b">`;
      st = true;
    }
    out += esc(span.text);
  }
  if (st) out += '</pc>';
  if (em) out += '</pc>';
  return out;
}

export interface XliffExportOptions {
  docId: string;
  original: string;
  srcLang: string;
  trgLang: string;
  /** Termbase entries for a unit (empty when it contains no term); written with the Glossary module. */
  glossary?: (u: TranslationUnit) => GlossEntry[];
  /** Named as the source of glossary entries (the termbase file). */
  glossarySource?: string;
}

function glossaryXml(entries: GlossEntry[], source: string | undefined): string {
  const src = source ? ` source="${esc(source)}"` : '';
  let out = '   <gls:glossary>\n';
  for (const e of entries) {
    out += `    <gls:glossEntry id="${esc(e.id)}">\n     <gls:term${src}>${esc(e.term)}</gls:term>\n`;
    for (const t of e.translations) out += `     <gls:translation${src}>${esc(t)}</gls:translation>\n`;
    if (e.definition) out += `     <gls:definition${src}>${esc(e.definition)}</gls:definition>\n`;
    out += '    </gls:glossEntry>\n';
  }
  return `${out}   </gls:glossary>\n`;
}

export function exportXliff(units: TranslationUnit[], o: XliffExportOptions): string {
  const ns = o.glossary ? ` xmlns:gls="${GLOSSARY_NS}"` : '';
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="${XLIFF_NS}"${ns} version="2.0" srcLang="${esc(o.srcLang)}" trgLang="${esc(o.trgLang)}">\n`;
  out += ` <file id="${esc(o.docId)}" original="${esc(o.original)}">\n`;
  for (const u of units) {
    const data = new Map<string, string>();
    const source = toXliffContent(u.source, data);
    const target = u.target ? toXliffContent(u.target.text, data) : undefined;
    out += `  <unit id="${esc(u.id)}">\n`;
    // Module elements come first in a unit (XLIFF 2.0 core schema: other namespaces, then notes, originalData, segments).
    const gloss = o.glossary?.(u) ?? [];
    if (gloss.length) out += glossaryXml(gloss, o.glossarySource);
    out += `   <notes>\n    <note category="context">${esc(u.context)}</note>\n`;
    if (u.note) out += `    <note category="source-note">${esc(u.note)}</note>\n`;
    out += `    <note category="source-hash">${u.sourceHash}</note>\n`;
    if (u.target?.sourceHash && u.target.sourceHash !== u.sourceHash) out += `    <note category="translated-from-hash">${u.target.sourceHash}</note>\n`;
    if (u.target?.note) out += `    <note category="translation-note">${esc(u.target.note)}</note>\n`;
    out += '   </notes>\n';
    if (data.size) {
      out += '   <originalData>\n';
      for (const [id, value] of data) out += `    <data id="${esc(id)}">${esc(value)}</data>\n`;
      out += '   </originalData>\n';
    }
    const state = u.state === 'translated' ? ' state="translated"' : u.state === 'stale' ? ' state="initial" subState="standpoint:stale"' : ' state="initial"';
    out += `   <segment${state}>\n    <source>${source}</source>\n`;
    if (target !== undefined) out += `    <target>${target}</target>\n`;
    out += '   </segment>\n  </unit>\n';
  }
  out += ' </file>\n</xliff>\n';
  return out;
}

export interface ImportedUnit {
  id: string;
  /** Target text in inline syntax, or undefined when the unit has no target. */
  target?: string;
  state?: string;
  /** The source hash the file was exported with. */
  sourceHash?: string;
  /** Problems in this unit's markup (unknown inline element, dangling dataRef). */
  problems: string[];
  line?: number;
}

export interface ImportedFile {
  format: 'xliff' | 'po';
  srcLang?: string;
  trgLang?: string;
  units: ImportedUnit[];
}

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

function children(n: Node): Node[] {
  const key = Object.keys(n).find((k) => k !== ':@');
  const v = key ? n[key] : undefined;
  return Array.isArray(v) ? (v as Node[]) : [];
}

function nameOf(n: Node): string {
  return Object.keys(n).find((k) => k !== ':@') ?? '';
}

function attrs(n: Node): Record<string, string> {
  return n[':@'] ?? {};
}

function textOf(n: Node): string {
  return children(n)
    .map((c) => (nameOf(c) === '#text' ? String(c['#text']) : textOf(c)))
    .join('');
}

/** XLIFF inline content -> inline syntax. */
function fromXliffContent(nodes: Node[], data: Map<string, string>, problems: string[], em = false, st = false): string {
  let out = '';
  for (const n of nodes) {
    const name = nameOf(n);
    if (name === '#text') out += escapeInline(String(n['#text']));
    else if (name === 'ph') {
      const a = attrs(n);
      const original = a.dataRef ? data.get(a.dataRef) : undefined;
      if (original === undefined) problems.push(`placeholder ${a.id ?? '?'} has no original data (dataRef ${a.dataRef ?? 'missing'})`);
      else out += original;
    } else if (name === 'pc') {
      const sub = attrs(n).subType;
      if (sub === 'xlf:i') out += em ? fromXliffContent(children(n), data, problems, em, st) : `*${fromXliffContent(children(n), data, problems, true, st)}*`;
      else if (sub === 'xlf:b') out += st ? fromXliffContent(children(n), data, problems, em, st) : `**${fromXliffContent(children(n), data, problems, em, true)}**`;
      else {
        problems.push(`paired code ${attrs(n).id ?? '?'} of unknown kind ${sub ?? '(none)'}`);
        out += fromXliffContent(children(n), data, problems, em, st);
      }
    } else if (name === 'mrk') out += fromXliffContent(children(n), data, problems, em, st);
    else problems.push(`inline element <${name}> is not allowed here`);
  }
  return out;
}

export class FileFormatError extends Error {
  constructor(
    message: string,
    readonly line = 1,
  ) {
    super(message);
  }
}

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

/** True for a code point XML 1.0 allows in a document (its production Char). */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * Every `&` starts a reference XML defines: one of the five entities, or a
 * character reference to a character XML allows. The parser would keep an
 * unknown one (&nbsp;) as literal text and drop a forbidden one (&#0;) without
 * a word; both are refused here with their line instead.
 */
function checkReferences(text: string): void {
  const lineAt = (offset: number) => text.slice(0, offset).split('\n').length;
  for (let i = text.indexOf('&'); i !== -1; i = text.indexOf('&', i + 1)) {
    // Inside a CDATA section an ampersand is text.
    const cdataOpen = text.lastIndexOf('<![CDATA[', i);
    if (cdataOpen !== -1 && text.indexOf(']]>', cdataOpen) > i) continue;
    const m = /^&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([A-Za-z_][\w.-]*));/.exec(text.slice(i, i + 40));
    if (!m) throw new FileFormatError('an ‘&’ that starts no reference; XML writes a literal ampersand as &amp;', lineAt(i));
    if (m[3] !== undefined) {
      if (!XML_ENTITIES.has(m[3])) throw new FileFormatError(`the entity &${m[3]}; is not defined in XML (only &amp; &lt; &gt; &quot; &apos;); write the character itself or a character reference such as &#160;`, lineAt(i));
      continue;
    }
    const cp = m[1] !== undefined ? Number(m[1]) : parseInt(m[2]!, 16);
    if (!isXmlChar(cp)) throw new FileFormatError(`the character reference ${m[0]} names U+${cp.toString(16).toUpperCase().padStart(4, '0')}, which XML does not allow`, lineAt(i));
  }
}

export function parseXliff(text: string): ImportedFile {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) throw new FileFormatError('the file declares a DOCTYPE or entities; XLIFF needs neither and they are refused');
  checkReferences(text);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    trimValues: false,
    processEntities: true,
    // Character references (&#160; &#x41;) and the five XML entities are
    // decoded; no named HTML entity (&nbsp;), which XML does not define.
    entityDecoder: new EntityDecoder({ numericAllowed: true }),
    parseTagValue: false,
    parseAttributeValue: false,
    removeNSPrefix: true,
  });
  let tree: Node[];
  try {
    tree = parser.parse(text) as Node[];
  } catch (err) {
    throw new FileFormatError(`not well-formed XML: ${(err as Error).message}`);
  }
  const root = tree.find((n) => nameOf(n) === 'xliff');
  if (!root) throw new FileFormatError('no <xliff> element');
  const ra = attrs(root);
  if (ra.version !== '2.0' && ra.version !== '2.1') throw new FileFormatError(`XLIFF version ${ra.version ?? '(none)'}; standpoint reads XLIFF 2.0`);
  const units: ImportedUnit[] = [];
  // Where each unit starts, found in one pass (a search per unit was quadratic in the file's length).
  const unitLines = new Map<string, number>();
  text.split('\n').forEach((l, i) => {
    for (const m of l.matchAll(/<unit id="([^"]*)"/g)) if (!unitLines.has(m[1]!)) unitLines.set(m[1]!, i + 1);
  });
  const lineOfUnit = (id: string) => unitLines.get(id);
  const walk = (nodes: Node[]) => {
    for (const n of nodes) {
      const name = nameOf(n);
      if (name === 'unit') {
        const id = attrs(n).id ?? '';
        const data = new Map<string, string>();
        let sourceHash: string | undefined;
        let target: string | undefined;
        let state: string | undefined;
        const problems: string[] = [];
        for (const c of children(n)) {
          const cn = nameOf(c);
          if (cn === 'notes') {
            for (const note of children(c)) if (nameOf(note) === 'note' && attrs(note).category === 'source-hash') sourceHash = textOf(note).trim();
          } else if (cn === 'originalData') {
            for (const d of children(c)) if (nameOf(d) === 'data') data.set(attrs(d).id ?? '', textOf(d));
          }
        }
        const segments = children(n).filter((c) => nameOf(c) === 'segment');
        for (const seg of segments) {
          state = attrs(seg).state ?? state;
          const t = children(seg).find((c) => nameOf(c) === 'target');
          if (t) target = (target ?? '') + fromXliffContent(children(t), data, problems);
        }
        units.push({ id, target, state, sourceHash, problems, line: lineOfUnit(id) });
      } else walk(children(n));
    }
  };
  walk(children(root));
  return { format: 'xliff', srcLang: ra.srcLang, trgLang: ra.trgLang, units };
}
