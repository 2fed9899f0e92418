/**
 * XLIFF 2.0 export and import of a document's translation units.
 * Export: one <unit> per translatable paragraph, <segment state> initial /
 * translated (stale: initial with subState standpoint:stale and the old
 * target), notes with the context and the hash of the source, footnote
 * references as <ph> with <originalData>, emphasis as <pc>.
 * Import: fast-xml-parser in document order; a DOCTYPE is refused (no entity
 * of any kind is expanded).
 */
import { XMLParser } from 'fast-xml-parser';
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

export function parseXliff(text: string): ImportedFile {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) throw new FileFormatError('the file declares a DOCTYPE or entities; XLIFF needs neither and they are refused');
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    trimValues: false,
    processEntities: true,
    htmlEntities: false,
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
  const lines = text.split('\n');
  const lineOfUnit = (id: string) => {
    const i = lines.findIndex((l) => l.includes(`<unit id="${id}"`));
    return i >= 0 ? i + 1 : undefined;
  };
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
