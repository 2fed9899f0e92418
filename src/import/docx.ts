/**
 * DOCX responses -> document data. Reads the structure standpoint writes
 * (named paragraph styles, character styles, bookmarks ss_/si_/sp_ carrying
 * section, item and unit ids — long ids through the package's mapping, see
 * render/docx/bookmarks.ts — Word footnotes, the document id and language
 * properties) and survives what Word and LibreOffice do to it: accepted or
 * pending tracked changes (insertions are taken, deletions dropped),
 * comments, hyperlinks, split runs. Paragraphs, list items, table rows and
 * cell paragraphs without an id (added by a person) get new ids; what cannot
 * be text (images, drawings, equations, nested tables, endnotes) is reported
 * with its paragraph, never dropped silently.
 */
import type { Locales } from '../compose/i18n.js';
import { attr, find, kids, nameOf, openDocx, type DocxPackage, type XmlNode } from './docx-package.js';
import { bookmarkHash, LONG_BOOKMARK_PROPERTY, parseBookmarkName as parseName } from '../render/docx/bookmarks.js';
import { escapeInline } from '../l10n/inline-codes.js';
import { CLOSING_NOTE, LEAD_IN, REPORT_REF, matchVerdict, reportRefOf, verdictPatterns } from './patterns.js';
import { FILE_LIMITS } from '../read/user-file.js';
import { sniffImage } from '../read/images.js';
import { defaultStyle } from '../read/style.js';
import { instrumentsData, parseCommitments, type Instrument } from './commitments.js';
import type { ImportCounts, ImportWarning, ImportedDocument, PrintedText } from './recognise.js';
import { slugOf } from './ids.js';

type Obj = Record<string, unknown>;

interface Seg {
  /** image: a picture (a:blip), with its relationship id in `rid`, its name in `name` and its description in `text`. */
  kind: 'bookmark' | 'run' | 'footnote' | 'dropped' | 'image';
  name?: string;
  rid?: string;
  text?: string;
  style?: string;
  italic?: boolean;
  bold?: boolean;
  footnote?: string;
}

interface Para {
  style: string;
  segs: Seg[];
  numId?: string;
  /** Set for paragraphs inside a table: [row, cell]. */
  cell?: [number, number];
  table?: number;
  /** Relative column widths of the table (from w:tblGrid). */
  widths?: number[];
}

const on = (n: XmlNode | undefined) => {
  if (!n) return undefined;
  const v = attr(n, 'w:val');
  return v === undefined || !['false', '0', 'off'].includes(v);
};

function runProps(r: XmlNode): { style?: string; italic?: boolean; bold?: boolean } {
  const rPr = find(kids(r), 'w:rPr');
  if (!rPr) return {};
  const k = kids(rPr);
  const st = find(k, 'w:rStyle');
  return { ...(st ? { style: canonicalStyle(attr(st, 'w:val')) } : {}), italic: on(find(k, 'w:i')), bold: on(find(k, 'w:b')) };
}

/** Paragraph content in reading order, tracked deletions left out. */
function segments(nodes: XmlNode[], out: Seg[]): void {
  for (const n of nodes) {
    const name = nameOf(n);
    if (name === 'w:bookmarkStart') out.push({ kind: 'bookmark', name: attr(n, 'w:name') ?? '' });
    else if (name === 'w:r') {
      const props = runProps(n);
      for (const c of kids(n)) {
        const cn = nameOf(c);
        if (cn === 'w:t') out.push({ kind: 'run', text: kids(c).map((t) => String(t['#text'] ?? '')).join(''), ...props });
        else if (cn === 'w:tab') out.push({ kind: 'run', text: '\t', ...props });
        else if (cn === 'w:br') out.push({ kind: 'run', text: ' ', ...props });
        else if (cn === 'w:cr') out.push({ kind: 'run', text: ' ', ...props });
        else if (cn === 'w:noBreakHyphen') out.push({ kind: 'run', text: '\u2011', ...props });
        else if (cn === 'w:footnoteReference') out.push({ kind: 'footnote', footnote: attr(c, 'w:id') });
        else if (cn === 'w:drawing' && pictureOf(c)) out.push(pictureOf(c)!);
        else if (DROPPED[cn]) out.push({ kind: 'dropped', text: DROPPED[cn] });
        else if (cn === 'mc:AlternateContent') out.push({ kind: 'dropped', text: 'a drawing' });
      }
    } else if (DROPPED[name]) out.push({ kind: 'dropped', text: DROPPED[name] });
    else if (name === 'w:del' || name === 'w:pPr' || name === 'w:rPr' || name === 'w:commentReference') continue;
    else if (['w:ins', 'w:hyperlink', 'w:smartTag', 'w:sdt', 'w:sdtContent', 'w:fldSimple', 'w:customXml'].includes(name)) segments(kids(n), out);
  }
}

/** The first descendant element named `name`. */
function descendant(n: XmlNode, name: string): XmlNode | undefined {
  for (const k of kids(n)) {
    if (nameOf(k) === name) return k;
    const d = descendant(k, name);
    if (d) return d;
  }
  return undefined;
}

/** A drawing that is a picture (a:blip with an embedded part), as standpoint writes logos, signatures and figures. */
function pictureOf(drawing: XmlNode): Seg | undefined {
  const blip = descendant(drawing, 'a:blip');
  const rid = blip && attr(blip, 'r:embed');
  if (!rid) return undefined;
  const docPr = descendant(drawing, 'wp:docPr');
  return { kind: 'image', rid, name: (docPr && attr(docPr, 'name')) ?? '', text: (docPr && attr(docPr, 'descr')) ?? '' };
}

/** Content of a paragraph that standpoint cannot hold as text: reported with its paragraph. */
const DROPPED: Record<string, string> = {
  'w:drawing': 'an image or drawing',
  'w:pict': 'an image or drawing',
  'w:object': 'an embedded object',
  'm:oMath': 'an equation',
  'm:oMathPara': 'an equation',
  'w:endnoteReference': 'an endnote',
};

/**
 * Style ids -> the names standpoint gives them, without spaces. Word keeps our
 * ids; LibreOffice rewrites some ("Body Text" becomes its "Text Body").
 */
let styleNames = new Map<string, string>();
const STYLE_ALIASES: Record<string, string> = { TextBody: 'BodyText', Textbody: 'BodyText', 'heading1': 'Heading1', 'heading2': 'Heading2', 'heading3': 'Heading3', Footnote: 'FootnoteText' };

function readStyleNames(pkg: DocxPackage): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of kids(find(pkg.part('word/styles.xml') ?? [], 'w:styles') ?? {})) {
    if (nameOf(s) !== 'w:style') continue;
    const id = attr(s, 'w:styleId') ?? '';
    const name = attr(find(kids(s), 'w:name') ?? {}, 'w:val') ?? id;
    const compact = name.replace(/\s+/g, '');
    out.set(id, STYLE_ALIASES[compact] ?? STYLE_ALIASES[id] ?? compact);
  }
  return out;
}

/** Long ids of this import: bookmark hash -> id (from the package's mapping and the caller's known ids). */
let longIds = new Map<string, string>();

let parsedNames = new Map<string, ReturnType<typeof parseName>>();

function parseBookmarkName(raw: string): ReturnType<typeof parseName> {
  if (!parsedNames.has(raw)) parsedNames.set(raw, parseName(raw, (hash) => longIds.get(hash)));
  return parsedNames.get(raw);
}

const canonicalStyle = (id: string | undefined) => (id ? (styleNames.get(id) ?? STYLE_ALIASES[id] ?? id) : undefined);

function paragraphStyle(p: XmlNode): { style: string; numId?: string } {
  const pPr = find(kids(p), 'w:pPr');
  const st = pPr ? find(kids(pPr), 'w:pStyle') : undefined;
  const numPr = pPr ? find(kids(pPr), 'w:numPr') : undefined;
  const numId = numPr ? attr(find(kids(numPr), 'w:numId') ?? {}, 'w:val') : undefined;
  return { style: canonicalStyle(st && attr(st, 'w:val')) || 'Normal', ...(numId ? { numId } : {}) };
}

function bodyParagraphs(pkg: DocxPackage): Para[] {
  const doc = pkg.part('word/document.xml')!;
  const body = kids(find(kids(find(doc, 'w:document') ?? {}), 'w:body') ?? {});
  const out: Para[] = [];
  let tables = 0;
  const paragraph = (p: XmlNode, extra: Partial<Para> = {}) => {
    const segs: Seg[] = [];
    segments(kids(p), segs);
    out.push({ ...paragraphStyle(p), segs, ...extra });
  };
  // Content controls and custom XML wrap paragraphs, rows and cells alike.
  const unwrap = (nodes: XmlNode[]): XmlNode[] => nodes.flatMap((n) => (WRAPPERS.includes(nameOf(n)) ? unwrap(kids(n)) : [n]));
  const walk = (nodes: XmlNode[]) => {
    for (const n of unwrap(nodes)) {
      const name = nameOf(n);
      if (name === 'w:p') paragraph(n);
      else if (name === 'w:tbl') {
        const t = ++tables;
        const grid = kids(find(kids(n), 'w:tblGrid') ?? {}).map((g) => Number(attr(g, 'w:w') ?? '0'));
        const least = Math.min(...grid.filter((w) => w > 0));
        const widths = grid.map((w) => Math.round((w / least) * 100) / 100);
        unwrap(kids(n))
          .filter((r) => nameOf(r) === 'w:tr')
          .forEach((row, ri) =>
            unwrap(kids(row))
              .filter((c) => nameOf(c) === 'w:tc')
              .forEach((cell, ci) => {
                for (const c of unwrap(kids(cell))) {
                  if (nameOf(c) === 'w:p') paragraph(c, { cell: [ri, ci], table: t, widths });
                  else if (nameOf(c) === 'w:tbl') out.push({ style: 'Normal', segs: [{ kind: 'dropped', text: 'a table inside a table cell' }], cell: [ri, ci], table: t, widths });
                }
              }),
          );
      } else if (name === 'w:altChunk') out.push({ style: 'Normal', segs: [{ kind: 'dropped', text: 'an embedded document (altChunk)' }] });
    }
  };
  walk(body);
  return out;
}

const WRAPPERS = ['w:sdt', 'w:sdtContent', 'w:customXml', 'w:smartTag'];

function footnotes(pkg: DocxPackage): Map<string, { id?: string; segs: Seg[] }> {
  const out = new Map<string, { id?: string; segs: Seg[] }>();
  const root = find(pkg.part('word/footnotes.xml') ?? [], 'w:footnotes');
  for (const fn of kids(root ?? {}).filter((n) => nameOf(n) === 'w:footnote')) {
    const segs: Seg[] = [];
    for (const p of kids(fn).filter((n) => nameOf(n) === 'w:p')) {
      // Paragraphs of one note are joined by a space, never run together.
      if (segs.some((x) => x.kind === 'run')) segs.push({ kind: 'run', text: ' ' });
      segments(kids(p), segs);
    }
    const bm = segs.find((s) => s.kind === 'bookmark' && parseBookmarkName(s.name!)?.kind === 'unit');
    out.set(attr(fn, 'w:id') ?? '', { ...(bm ? { id: parseBookmarkName(bm.name!)!.id } : {}), segs });
  }
  return out;
}

function listStyles(pkg: DocxPackage): Map<string, string> {
  const out = new Map<string, string>();
  const root = kids(find(pkg.part('word/numbering.xml') ?? [], 'w:numbering') ?? {});
  const abstract = new Map<string, string>();
  for (const a of root.filter((n) => nameOf(n) === 'w:abstractNum')) {
    const lvl = kids(a).find((l) => nameOf(l) === 'w:lvl' && attr(l, 'w:ilvl') === '0');
    const fmt = attr(find(kids(lvl ?? {}), 'w:numFmt') ?? {}, 'w:val');
    const text = attr(find(kids(lvl ?? {}), 'w:lvlText') ?? {}, 'w:val') ?? '';
    abstract.set(attr(a, 'w:abstractNumId') ?? '', fmt === 'bullet' ? 'bullet' : fmt === 'lowerLetter' ? 'a)' : text.endsWith(')') ? '1)' : '1.');
  }
  for (const n of root.filter((x) => nameOf(x) === 'w:num')) {
    const ref = attr(find(kids(n), 'w:abstractNumId') ?? {}, 'w:val') ?? '';
    out.set(attr(n, 'w:numId') ?? '', abstract.get(ref) ?? '1)');
  }
  return out;
}

function coreProps(pkg: DocxPackage): Record<string, string> {
  const out: Record<string, string> = {};
  const root = kids(find(pkg.part('docProps/core.xml') ?? [], 'cp:coreProperties') ?? {});
  for (const n of root) out[nameOf(n).replace(/^\w+:/, '')] = kids(n).map((t) => String(t['#text'] ?? '')).join('');
  const custom = kids(find(pkg.part('docProps/custom.xml') ?? [], 'Properties') ?? {});
  for (const p of custom) {
    const v = kids(p)[0];
    if (v) out[`custom:${attr(p, 'name') ?? ''}`] = kids(v).map((t) => String(t['#text'] ?? '')).join('');
  }
  return out;
}

/**
 * Each id names one paragraph: a bookmark Word or LibreOffice copied with its
 * text ("…_Copy_1") or a pasted paragraph that kept its bookmark makes the
 * copy a new paragraph, not a second owner of the id. The original (a name
 * without "_Copy_", else the first) keeps it. Returns every id in use.
 */
function claimBookmarks(paras: Para[], notes: Map<string, { id?: string; segs: Seg[] }>): Set<string> {
  const all: { seg: Seg; key: string; copy: boolean }[] = [];
  for (const p of paras) {
    for (const seg of p.segs) {
      if (seg.kind !== 'bookmark') continue;
      const b = parseBookmarkName(seg.name!);
      if (b) all.push({ seg, key: `${b.kind}:${b.id}`, copy: /_Copy_\d+$/.test(seg.name!) });
    }
  }
  const owner = new Map<string, Seg>();
  for (const x of all) if (!x.copy && !owner.has(x.key)) owner.set(x.key, x.seg);
  for (const x of all) if (!owner.has(x.key)) owner.set(x.key, x.seg);
  for (const x of all) if (owner.get(x.key) !== x.seg) x.seg.name = '';
  const taken = new Set([...owner.keys()].map((k) => k.slice(k.indexOf(':') + 1)));
  const noteIds = new Set<string>();
  for (const n of notes.values()) {
    if (!n.id) continue;
    if (noteIds.has(n.id) || taken.has(n.id)) delete n.id;
    else noteIds.add(n.id);
  }
  for (const id of noteIds) taken.add(id);
  return taken;
}

const ids = (p: Para) => p.segs.filter((s) => s.kind === 'bookmark').map((s) => parseBookmarkName(s.name!)).filter((b): b is NonNullable<typeof b> => !!b);

export interface DocxImportOptions {
  locales: Locales;
  id?: string;
  lang?: string;
  /** Ids the document is known to have: long bookmark names are also resolved by their hash. */
  knownIds?: Iterable<string>;
  /**
   * A commitment sentence that does not read as English ("… has implemented
   * provisions of …"), as in a translation, is kept in `printed` (for
   * comparison only; it is not data) instead of becoming a paragraph.
   */
  commitmentsAsText?: boolean;
  /** The file name without extension: the title (and id) when the DOCX has none. */
  name?: string;
}

/** What a DOCX says about itself: the document and language standpoint rendered it from. */
export interface DocxIdentity {
  /** The standpoint-document property; absent in a DOCX standpoint did not write. */
  documentId?: string;
  /** The language (en, ru, kk) of the standpoint-language property. */
  lang?: string;
  /** Both languages of a side-by-side DOCX (kk+ru). */
  langs?: string[];
}

export function docxIdentity(pkg: DocxPackage): DocxIdentity {
  const props = coreProps(pkg);
  const id = props['custom:standpoint-document'];
  const tag = props['custom:standpoint-language'];
  const pair = props['custom:standpoint-languages'];
  return {
    ...(id ? { documentId: id } : {}),
    ...(tag ? { lang: tag.split('-')[0]!.toLowerCase() } : {}),
    ...(pair ? { langs: pair.split('+') } : {}),
  };
}

export function importDocx(file: string, o: DocxImportOptions): ImportedDocument {
  return importDocxPackage(openDocx(file), o);
}

export function importDocxPackage(pkg: DocxPackage, o: DocxImportOptions): ImportedDocument {
  styleNames = readStyleNames(pkg);
  const props = coreProps(pkg);
  longIds = new Map();
  parsedNames = new Map();
  for (const id of o.knownIds ?? []) longIds.set(bookmarkHash(id), id);
  for (const [k, v] of Object.entries(props)) if (k.startsWith(`custom:${LONG_BOOKMARK_PROPERTY}`)) longIds.set(k.slice(`custom:${LONG_BOOKMARK_PROPERTY}`.length), v);
  const paras = bodyParagraphs(pkg);
  const notes = footnotes(pkg);
  const taken = claimBookmarks(paras, notes);
  const lists = listStyles(pkg);
  const patterns = verdictPatterns(o.locales);
  const warnings: ImportWarning[] = [];
  const counts: ImportCounts = { items: 0, findings: 0, footnotes: 0, verdicts: 0, commitments: 0, paragraphs: 0 };
  const instruments: Instrument[] = [];
  /** Text the templates and locales print around the data (lead-ins, verdict lines, numbers …), as found, with its place. */
  const printed: PrintedText[] = [];
  const meta: Obj = {};
  const opening: Obj[] = [];
  const closing: Obj[] = [];
  const abbreviations: Obj[] = [];
  const sections: Obj[] = [];
  let section: Obj | undefined;
  let group: Obj | undefined;
  let theme: Obj | undefined;
  let top: Obj | undefined;
  let item: Obj | undefined;
  let issuerShort: string | undefined;
  let state: string | undefined;
  let fresh = 0;
  const newId = (prefix: string) => {
    let id: string;
    do id = `${prefix}.new${++fresh}`;
    while (taken.has(id));
    return id;
  };
  /** Where blocks without a style of their own (quotations, lists, tables) go: after the paragraph before them. */
  let mode: 'opening' | 'section' | 'item' | 'closing' = 'opening';
  let letterhead: Obj | undefined;
  let signature: Obj | undefined;
  // The letter's lines as the language prints them ("No. {{number}}", "{{place}}, {{date}}"), to take the data out of them.
  const docLang = o.lang ?? (props['custom:standpoint-language'] ?? 'en').split('-')[0]!;
  const letterLocale = (o.locales.langs.includes(docLang) ? (o.locales.resources(docLang).letter as Record<string, string> | undefined) : undefined) ?? {};
  const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const slot = (pattern: string, name: string) => escapeRe(pattern).replace(escapeRe(`{{${name}}}`), '(.+?)');
  const numberPattern = letterLocale.number ? new RegExp(`^${slot(letterLocale.number, 'number')}$`) : undefined;
  const isoDate = props['custom:standpoint-date'];
  const datePrinted = isoDate && o.locales.langs.includes(docLang) ? printedDate(isoDate, o.locales.t(docLang) as unknown as (key: string, options?: Record<string, unknown>) => unknown) : undefined;
  /** The place in a date line: "Nur-Sultan, 16 December 2019" -> "Nur-Sultan"; a line without the date is the place alone. */
  const placeOf = (text: string): string | undefined => {
    if (!datePrinted) return text || undefined;
    if (text === datePrinted) return undefined;
    const pattern = letterLocale.dateline;
    if (!pattern) return undefined;
    const m = new RegExp(`^${slot(pattern, 'place').replace(escapeRe('{{date}}'), escapeRe(datePrinted))}$`).exec(text);
    return m?.[1]?.trim() || undefined;
  };
  /** Pictures of the package, by relationship id, and the files they become in the folder. */
  const rels = relationships(pkg, 'word/_rels/document.xml.rels');
  const media: { file: string; data: Uint8Array }[] = [];
  const mediaByPart = new Map<string, string>();
  const mediaFile = (pic: Seg, line: number): string | undefined => {
    const target = rels.get(pic.rid ?? '');
    const part = target ? `word/${target.replace(/^\/?word\//, '').replace(/^\//, '')}` : undefined;
    if (!part || !pkg.names.includes(part)) {
      warnings.push({ line: line + 1, message: `paragraph ${line + 1} of the DOCX holds a picture whose file is missing from the package; not imported` });
      return undefined;
    }
    const known = mediaByPart.get(part);
    if (known) return known;
    const data = pkg.binary(part, FILE_LIMITS.image);
    const type = data ? sniffImage(data) : undefined;
    if (!data || (type !== 'png' && type !== 'jpeg')) {
      warnings.push({ line: line + 1, message: `paragraph ${line + 1} of the DOCX holds a picture (${part}) that is ${data ? `${type ? type.toUpperCase() : 'not PNG or JPEG'}` : `larger than ${FILE_LIMITS.image / 1048576} MB`}; not imported: a document prints PNG and JPEG images` });
      return undefined;
    }
    const ext = type === 'png' ? 'png' : 'jpg';
    // The name standpoint gave the picture (the data's file name), when it is a safe name of the right kind.
    const wanted = pic.name ?? '';
    const safe = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,100}){0,3}$/.test(wanted) && !wanted.split('/').includes('..') && (type === 'png' ? /\.png$/i : /\.jpe?g$/i).test(wanted);
    let file = safe ? wanted : `image-${media.length + 1}.${ext}`;
    for (let n = 2; media.some((m) => m.file.toLowerCase() === file.toLowerCase()); n++) file = file.replace(/(-\d+)?(\.[a-z]+)$/i, `-${n}$2`);
    media.push({ file, data });
    mediaByPart.set(part, file);
    return file;
  };
  /** The DOCX table a table block of the data came from, and the DOCX row of each of its rows. */
  const tableOrigin = new WeakMap<Obj, number>();
  const rowOrigin = new WeakMap<Obj, number>();
  let lastCell: { table: number; cell: [number, number]; owner: Obj; index: number; row: Obj } | undefined;

  /** Runs -> inline syntax; footnotes become [^id] and are added to `owner`. */
  const inline = (segs: Seg[], owner: Obj | undefined, emphasis: (s: Seg) => boolean): string => {
    let out = '';
    let em = false;
    let st = false;
    for (const s of segs) {
      if (s.kind === 'footnote') {
        const fn = notes.get(s.footnote ?? '');
        const fid = fn?.id ?? newId(`${String(owner?.id ?? 'doc')}.fn`);
        if (owner) {
          ((owner.footnotes ??= []) as Obj[]).push({ id: fid, text: inline(fn?.segs ?? [], undefined, (x) => !!x.italic).trim() });
          counts.footnotes++;
        }
        if (em) (out += '*'), (em = false);
        if (st) (out += '**'), (st = false);
        out += `[^${fid}]`;
        continue;
      }
      if (s.kind !== 'run') continue;
      // The number the house style put before a heading is not the heading's text.
      if (s.style === 'HeadingNumber') continue;
      const blank = s.text!.trim() === '';
      const wantEm = !blank && emphasis(s);
      const wantSt = !blank && !!s.bold && s.style !== 'StandpointLead';
      if (em && !wantEm && !blank) (out += '*'), (em = false);
      if (st && !wantSt && !blank) (out += '**'), (st = false);
      if (wantSt && !st) (out += '**'), (st = true);
      if (wantEm && !em) (out += '*'), (em = true);
      out += escapeInline(s.text!);
    }
    if (em) out += '*';
    if (st) out += '**';
    return out.replace(/\s+/g, ' ').trim();
  };
  const plainEm = (s: Seg) => !!s.italic;

  const sectionOf = (id: string, heading?: Obj): Obj => {
    const s: Obj = { id, kind: 'critical', ...(heading ? { heading } : {}) };
    sections.push(s);
    group = theme = top = item = undefined;
    return s;
  };
  const blocksOf = (owner: Obj, key: string) => (owner[key] ??= []) as Obj[];
  /** The block list that `mode` names, and the id new blocks there are made from. */
  const target = (): { blocks: Obj[]; ownerId: string; footnoteOwner?: Obj } => {
    if (mode === 'item' && item) return { blocks: blocksOf(item, 'standpoint'), ownerId: String(item.id), footnoteOwner: item };
    if ((mode === 'section' || mode === 'item') && section) return { blocks: blocksOf(section, section.items || section.groups ? 'outro' : 'intro'), ownerId: String(section.id) };
    if (mode === 'closing') return { blocks: closing, ownerId: 'closing' };
    return { blocks: opening, ownerId: 'opening' };
  };
  /** The paragraph's own unit: its first sp_ bookmark placed before any text. */
  const unitIdOf = (p: Para) => {
    for (const s of p.segs) {
      if (s.kind === 'run' && s.text!.trim()) return undefined;
      if (s.kind === 'bookmark') {
        const b = parseBookmarkName(s.name!);
        if (b?.kind === 'unit') return b.id;
      }
    }
    return undefined;
  };
  /** Unit bookmarks inside the paragraph other than its own: [index in segs, id]. */
  const innerUnits = (p: Para, own: string | undefined): [number, string][] =>
    p.segs.flatMap((s, k) => {
      if (s.kind !== 'bookmark') return [];
      const b = parseBookmarkName(s.name!);
      return b?.kind === 'unit' && b.id !== own ? [[k, b.id] as [number, string]] : [];
    });
  const where = (i: number) => {
    const owner = item ?? theme ?? group ?? section;
    return `paragraph ${i + 1} of the DOCX${owner ? ` (in ${String(owner.id)})` : ''}`;
  };

  for (let i = 0; i < paras.length; i++) {
    const p = paras[i]!;
    for (const d of p.segs.filter((s) => s.kind === 'dropped')) {
      warnings.push({ line: i + 1, message: `${where(i)} holds ${d.text}, which is not imported: a response holds text only; copy what it says into the text` });
    }
    // Pictures are images of the data in the paragraphs standpoint writes them in (a logo, a figure, a signature).
    if (p.style !== 'Figure' && p.style !== 'Signature') {
      for (const _ of p.segs.filter((s) => s.kind === 'image')) {
        warnings.push({ line: i + 1, message: `${where(i)} holds a picture, which is not imported here: put it in a paragraph of its own (an image block of the data)` });
      }
    }
    const marks = ids(p);
    const unitId = unitIdOf(p);
    const textOf = (filter?: (s: Seg) => boolean) => p.segs.filter((s) => s.kind === 'run' && (!filter || filter(s))).map((s) => s.text).join('');
    const empty = textOf().trim() === '' && !p.segs.some((s) => s.kind === 'footnote');
    if (p.cell === undefined || p.table !== lastCell?.table) lastCell = undefined;
    switch (p.style) {
      case 'Title':
        if (empty) continue;
        meta.title = { id: unitId ?? 'meta.title', text: inline(p.segs, undefined, plainEm) };
        mode = 'opening';
        continue;
      case 'Subtitle':
        if (empty) continue;
        meta.election = { id: unitId ?? 'meta.election', text: inline(p.segs, undefined, plainEm) };
        mode = 'opening';
        continue;
      case 'Letterhead':
        if (empty) continue;
        meta.issuer = { id: unitId ?? 'meta.issuer', text: inline(p.segs, undefined, plainEm) };
        letterhead ??= {};
        continue;
      case 'LetterheadAddress':
        if (empty) continue;
        (letterhead ??= {}).address = { id: unitId ?? 'letterhead.address', text: inline(p.segs, undefined, plainEm) };
        continue;
      case 'Dateline': {
        if (empty) continue;
        const text = textOf().replace(/\s+/g, ' ').trim();
        if (unitId === 'meta.number' || (!unitId && numberPattern?.test(text))) {
          meta.number = (numberPattern?.exec(text)?.[1] ?? text).trim();
          printed.push({ at: 'meta.number', what: 'label', text });
          continue;
        }
        const place = placeOf(text);
        if (place) meta.place = { id: innerUnits(p, unitId).find(([, id]) => id === 'meta.place')?.[1] ?? 'meta.place', text: escapeInline(place) };
        else if (!datePrinted || !text.includes(datePrinted)) warnings.push({ line: i + 1, message: `${where(i)}: a date line that does not read as the document's date${datePrinted ? ` (“${datePrinted}”)` : ''}: “${text}”; the date comes from the document's properties, the line is not imported` });
        printed.push({ at: 'meta.date', what: 'label', text });
        continue;
      }
      case 'Figure': {
        const pictures = p.segs.filter((s) => s.kind === 'image');
        if (pictures.length === 0) {
          if (!empty) {
            warnings.push({ line: i + 1, message: `${where(i)} is in the style Figure but holds no picture; kept as a paragraph` });
            const t = target();
            t.blocks.push({ id: unitId ?? newId(t.ownerId), text: inline(p.segs, t.footnoteOwner, plainEm) });
          }
          continue;
        }
        const logo = unitId === 'letterhead.logo' || marks.some((m) => m.kind === 'section' && m.id === 'letterhead');
        pictures.forEach((pic, k) => {
          const file = mediaFile(pic, i);
          if (!file) return;
          if (logo && k === 0) {
            (letterhead ??= {}).logo = file;
            return;
          }
          const t = target();
          const id = (k === 0 ? unitId : undefined) ?? newId(t.ownerId);
          const altId = innerUnits(p, unitId)[k]?.[1] ?? `${id}.alt`;
          t.blocks.push({ id, image: { file, alt: { id: altId, text: escapeInline(pic.text || file) } } });
          if (!pic.text) warnings.push({ line: i + 1, message: `${where(i)}: a picture without a description; its file name stands in as the alt text, to be written` });
        });
        continue;
      }
      case 'Signature': {
        const pictures = p.segs.filter((s) => s.kind === 'image');
        const sig = (signature ??= {});
        if (pictures.length) {
          const file = mediaFile(pictures[0]!, i);
          if (file) sig.image = file;
          for (const _ of pictures.slice(1)) warnings.push({ line: i + 1, message: `${where(i)}: a second picture in the signature block is not imported` });
        }
        if (empty) continue;
        const text = inline(p.segs, undefined, plainEm);
        if (unitId === 'signature.name' || (unitId !== 'signature.position' && sig.position)) sig.name = { id: unitId ?? 'signature.name', text };
        else sig.position = { id: unitId ?? 'signature.position', text };
        continue;
      }
      case 'Opening':
        mode = 'opening';
        if (empty) continue;
        opening.push({ id: unitId ?? newId('opening'), text: inline(p.segs, undefined, plainEm) });
        continue;
      case 'Heading1': {
        const sid = marks.find((m) => m.kind === 'section')?.id ?? newId('section');
        if (sid === 'abbreviations' || sid === 'annex-stats') {
          section = undefined;
          mode = 'closing';
          continue;
        }
        section = sectionOf(sid, unitId && unitId !== sid ? { id: unitId, text: inline(p.segs, undefined, plainEm) } : undefined);
        if (!(unitId && unitId !== sid)) printed.push({ at: sid, what: 'heading', text: textOf().trim() });
        mode = 'section';
        continue;
      }
      case 'Heading2':
      case 'Heading3': {
        if (!section) section = sectionOf(newId('section'));
        const gid = marks.find((m) => m.kind === 'section')?.id ?? newId('group');
        const text = inline(p.segs, undefined, plainEm);
        const m = /^(\p{Lu})\.\s+(.*)$/u.exec(text);
        const g: Obj = { id: gid, ...(m ? { label: m[1] } : {}), heading: { id: unitId ?? `${gid}.heading`, text: m ? m[2] : text } };
        if (p.style === 'Heading2' || !group) {
          blocksOf(section, 'groups').push(g);
          group = g;
          theme = undefined;
        } else {
          blocksOf(group, 'groups').push(g);
          theme = g;
        }
        top = item = undefined;
        mode = 'section';
        continue;
      }
      case 'GroupLead':
      case 'Finding': {
        const itemMarks = marks.filter((m) => m.kind === 'item');
        const numberRun = p.segs.find((s) => s.kind === 'run' && s.style === 'ItemNumber');
        const number = numberRun?.text?.trim() ?? '';
        if (numberRun) printed.push({ at: String(itemMarks[0]?.id ?? item?.id ?? ''), what: 'number', text: number });
        for (const im of itemMarks) {
          const sub = /^(?:\d+\s*)?\(([a-zа-я])\)\.?$/u.exec(number);
          const isSub = !!sub && im === itemMarks[itemMarks.length - 1] && (itemMarks.length > 1 || !!top);
          const it: Obj = { id: im.id };
          counts.items++;
          if (isSub) {
            it.label = sub![1];
            blocksOf(top!, 'subitems').push(it);
          } else {
            const n = /^(\d+)/.exec(number)?.[1];
            if (n) it.number = n;
            const list = blocksOf(theme ?? group ?? section ?? sectionOf(newId('section')), 'items');
            list.push(it);
            top = it;
          }
          item = it;
        }
        const owner: Obj | undefined = p.style === 'GroupLead' ? (theme ?? group) : item;
        mode = p.style === 'GroupLead' ? 'section' : 'item';
        if (empty) continue;
        if (!owner) {
          warnings.push({ line: i + 1, message: `${where(i)}: a quoted finding outside any item; kept in the opening` });
          opening.push({ id: unitId ?? newId('opening'), text: inline(p.segs, undefined, plainEm) });
          continue;
        }
        // Passages: a unit bookmark starts one; the reference run ends it.
        const list = blocksOf(owner, p.style === 'GroupLead' ? 'leadIn' : 'findings');
        let cur: { id: string; segs: Seg[] } | undefined;
        let first = true;
        const close = (ref?: string) => {
          if (!cur) return;
          const text = inline(cur.segs, owner, (s) => s.style !== 'FindingQuote' && s.style !== 'ItemNumber');
          const passage: Obj = { id: cur.id, text };
          if (ref) {
            REPORT_REF.lastIndex = 0;
            const m = REPORT_REF.exec(` ${ref}`);
            if (m) {
              const { ref: r, end } = reportRefOf(m);
              passage.ref = r;
              if (end !== '.') passage.end = end;
            } else if (ref.trim()) {
              // A reference Word edited out of shape: its words stay, in the passage.
              passage.text = `${text} ${escapeInline(ref.trim())}`.trim();
              warnings.push({ line: i + 1, message: `${where(i)}: “${ref.trim()}” is not a report reference like (section 4, page 5); kept in the quoted text` });
            }
          }
          if (first && list.length > 0) passage.newParagraph = true;
          first = false;
          if (passage.text || passage.ref) {
            list.push(passage);
            counts.findings++;
          }
          cur = undefined;
        };
        for (let k = 0; k < p.segs.length; k++) {
          const s = p.segs[k]!;
          if (s.kind === 'bookmark') {
            const b = parseBookmarkName(s.name!);
            if (b?.kind === 'unit') {
              close();
              cur = { id: b.id, segs: [] };
            }
          } else if (s.kind === 'run' && s.style === 'ReportReference') {
            // One reference may come in several runs (LibreOffice splits "(section 4, page 5)" and ".").
            let ref = s.text ?? '';
            while (p.segs[k + 1]?.kind === 'run' && p.segs[k + 1]!.style === 'ReportReference') ref += p.segs[++k]!.text ?? '';
            cur ??= { id: newId(String(owner.id)), segs: [] };
            close(ref);
          } else if (s.kind === 'run' && s.style === 'ItemNumber') continue;
          else {
            cur ??= { id: newId(String(owner.id)), segs: [] };
            cur.segs.push(s);
          }
        }
        close();
        continue;
      }
      case 'Commitment': {
        mode = 'item';
        if (!item || empty) continue;
        const own = `${String(item.id)}.commitments`;
        const purposeAt = innerUnits(p, own)[0]?.[0] ?? -1;
        if (purposeAt >= 0) {
          const purposeId = parseBookmarkName(p.segs[purposeAt]!.name!)!.id;
          item.purpose = { id: purposeId, text: inline(p.segs.slice(purposeAt + 1), item, plainEm).replace(/\.$/, '') };
        }
        // Up to the purpose bookmark, the sentence names only the commitments.
        const head = purposeAt >= 0 ? p.segs.slice(0, purposeAt) : p.segs;
        const text = head.filter((s) => s.kind === 'run').map((s) => s.text).join('');
        const m = /^(.+?)\s+has implemented provisions of\s+(.*)$/su.exec(text.trim());
        const c = m ? parseCommitments(m[2]!, instruments, purposeAt >= 0) : undefined;
        if (m && c) {
          printed.push({ at: String(item.id), what: 'commitment sentence', text: text.trim().replace(/\s+/g, ' ') });
          state ??= m[1];
          item.commitments = c.commitments;
          counts.commitments += c.commitments.length;
        } else if (o.commitmentsAsText) printed.push({ at: String(item.id), what: 'commitment sentence', text: text.trim().replace(/\s+/g, ' ') });
        else {
          warnings.push({ line: i + 1, message: `${where(i)}: a commitment sentence that cannot be read (“${text.trim().slice(0, 60)}…”); kept as a paragraph` });
          delete item.purpose;
          blocksOf(item, 'standpoint').push({ id: newId(String(item.id)), text: inline(p.segs, item, plainEm) });
        }
        continue;
      }
      case 'Standpoint':
      case 'BodyText':
      case 'Quotation': {
        const segs = p.segs.filter((s) => !(s.kind === 'run' && s.style === 'StandpointLead'));
        const lead = p.segs.find((s) => s.kind === 'run' && s.style === 'StandpointLead');
        if (lead) issuerShort ??= (LEAD_IN.exec(lead.text ?? '')?.slice(1).find(Boolean));
        for (const l of p.segs.filter((s) => s.kind === 'run' && s.style === 'StandpointLead')) printed.push({ at: String(item?.id ?? section?.id ?? ''), what: 'lead-in', text: l.text!.trim() });
        // Body Text paragraphs belong to the section (its intro or outro), Standpoint ones to the item.
        if (p.style === 'BodyText') mode = section ? 'section' : 'opening';
        else if (p.style === 'Standpoint') mode = item ? 'item' : section ? 'section' : 'opening';
        const t = target();
        const text = inline(segs, t.footnoteOwner, plainEm);
        if (!text) continue;
        const block: Obj = p.style === 'Quotation' ? { id: unitId ?? newId(t.ownerId), quote: text } : { id: unitId ?? newId(t.ownerId), text };
        if (!unitId) warnings.push({ line: i + 1, message: `${where(i)} is new (it has no id)` });
        t.blocks.push(block);
        counts.paragraphs++;
        continue;
      }
      case 'ListParagraph': {
        if (empty) continue;
        const t = target();
        const blocks = t.blocks;
        const last = blocks[blocks.length - 1];
        const entry = { id: unitId ?? newId(t.ownerId), text: inline(p.segs, t.footnoteOwner, plainEm) };
        const listId = unitId ? unitId.replace(/\.i\d+$/, '') : undefined;
        // An item added in Word to a list continues the list before it.
        const continues = last?.list && (listId ? last.id === listId : paras[i - 1]?.style === 'ListParagraph');
        if (continues) ((last!.list as Obj).items as Obj[]).push(entry);
        else blocks.push({ id: listId && listId !== unitId ? listId : newId(t.ownerId), list: { style: lists.get(p.numId ?? '') ?? '1)', items: [entry] } });
        continue;
      }
      case 'TableHeading':
      case 'TableText': {
        const t = target();
        const blocks = t.blocks;
        const text = inline(p.segs, t.footnoteOwner, plainEm);
        const cell = p.cell ?? [0, 0];
        // A second paragraph in the same cell (Enter pressed in Word) joins the cell's text.
        if (!unitId && lastCell && lastCell.table === p.table && lastCell.cell[0] === cell[0] && lastCell.cell[1] === cell[1]) {
          if (text) {
            const arr = lastCell.owner === lastCell.row ? null : (lastCell.row.cells as string[]);
            if (arr) arr[lastCell.index] = `${arr[lastCell.index]} ${text}`.trim();
            else lastCell.row.text = `${String(lastCell.row.text)} ${text}`.trim();
          }
          continue;
        }
        let last = blocks[blocks.length - 1];
        const sameTable = last?.table && tableOrigin.get(last) === p.table;
        const m = unitId ? /^(.*)\.(h\d+|r\d+\.c\d+)$/.exec(unitId) : null;
        if (!unitId && !sameTable) {
          // A table made in Word, or a cell standpoint cannot place: its text is kept as a paragraph.
          if (!empty) {
            blocks.push({ id: newId(t.ownerId), text });
            warnings.push({ line: i + 1, message: `${where(i)}: a table cell without an id (a table made in Word?); its text is kept as a paragraph` });
          }
          continue;
        }
        const tableId = m ? m[1]!.replace(/\.r\d+$/, '') : String(last!.id);
        if (!sameTable || last!.id !== tableId) {
          blocks.push((last = { id: tableId, table: { columns: [], rows: [] } }));
          tableOrigin.set(last, p.table ?? 0);
        }
        const table = last!.table as { columns: Obj[]; rows: Obj[] };
        if (p.style === 'TableHeading' && unitId) {
          const col: Obj = { id: unitId, text, ...(p.widths && p.cell ? { width: p.widths[p.cell[1]] } : {}) };
          table.columns.push(col);
          lastCell = { table: p.table ?? 0, cell, owner: col, index: 0, row: col };
        } else {
          const rowId = unitId ? unitId.replace(/\.c\d+$/, '') : undefined;
          let row = table.rows[table.rows.length - 1];
          const newRow = !row || (rowId ? row.id !== rowId : rowOrigin.get(row) !== cell[0]);
          if (newRow) {
            table.rows.push((row = { id: rowId ?? newId(`${tableId}.r`).replace(/\.r\.new/, '.r-new'), cells: [] }));
            rowOrigin.set(row, cell[0]);
            if (!rowId) warnings.push({ line: i + 1, message: `${where(i)}: a table row added in Word` });
          }
          (row!.cells as string[]).push(text);
          lastCell = { table: p.table ?? 0, cell, owner: table, index: (row!.cells as string[]).length - 1, row: row! };
        }
        continue;
      }
      case 'Verdict': {
        mode = 'item';
        if (!item || empty) continue;
        const note = innerUnits(p, `${String(item.id)}.verdict`)[0];
        const v = matchVerdict(textOf(), patterns);
        if (!v) {
          warnings.push({ line: i + 1, message: `${where(i)}: a verdict line that names no known verdict: “${textOf()}”; kept as a paragraph` });
          blocksOf(item, 'standpoint').push({ id: newId(String(item.id)), text: inline(p.segs, item, plainEm) });
          continue;
        }
        item.verdict = v.code;
        printed.push({ at: String(item.id), what: 'verdict line', text: (note ? p.segs.slice(0, note[0]) : p.segs).filter((s) => s.kind === 'run').map((s) => s.text).join('').replace(/\s+/g, ' ').trim() });
        if (section && v.kind === 'recommendations' && section.kind !== 'positive') section.kind = 'recommendations';
        if (v.note) item.verdictNote = { id: note ? note[1] : `${String(item.id)}.vn`, text: v.note };
        counts.verdicts++;
        continue;
      }
      case 'Closing':
        mode = 'closing';
        if (empty) continue;
        {
          const text = inline(p.segs, undefined, plainEm);
          const label = CLOSING_NOTE.exec(text)?.[0];
          if (label) printed.push({ at: 'closing', what: 'label', text: label.trim() });
          closing.push({ id: unitId ?? newId('closing'), text: text.replace(CLOSING_NOTE, '') });
        }
        continue;
      case 'Abbreviation': {
        if (empty) continue;
        const inner = innerUnits(p, unitId);
        const shortMark = inner.find(([, id]) => id.endsWith('.short')) ?? inner[0];
        // "ANSDP, OSDP – …": the alias has its own bookmark after the short form.
        const aliasMark = inner.find(([, id]) => id.endsWith('.alias'));
        const shortAt = shortMark?.[0] ?? -1;
        const aliasAt = aliasMark?.[0] ?? -1;
        const boldBetween = (from: number, to: number) => p.segs.filter((s, k) => s.kind === 'run' && s.bold && k > from && k < to).map((s) => s.text).join('');
        const short = (aliasAt > shortAt ? boldBetween(shortAt, aliasAt).replace(/,\s*$/, '') : boldBetween(shortAt, Infinity)).trim();
        const alias = aliasAt > shortAt ? boldBetween(aliasAt, Infinity).trim() : '';
        const rest = p.segs.filter((s) => s.kind === 'run' && !s.bold);
        abbreviations.push({ id: unitId ?? newId('abbr'), short, ...(alias ? { alias } : {}), text: inline(rest, undefined, plainEm).replace(/^[–-]\s*/, '') });
        continue;
      }
      default:
        if (!empty) {
          warnings.push({ line: i + 1, message: `${where(i)} is in the style ${p.style}; kept as a paragraph` });
          const t = target();
          t.blocks.push({ id: unitId ?? newId(t.ownerId), text: inline(p.segs, t.footnoteOwner, plainEm) });
        }
    }
  }
  // An item whose every paragraph was deleted (tracked deletions leave the bookmarks) is gone.
  const prune = (list: Obj[] | undefined): void => {
    if (!list) return;
    for (let k = list.length - 1; k >= 0; k--) {
      const it = list[k]!;
      prune(it.subitems as Obj[] | undefined);
      if ((it.subitems as Obj[] | undefined)?.length === 0) delete it.subitems;
      const hollow = !['findings', 'standpoint', 'subitems', 'commitments', 'footnotes'].some((key) => (it[key] as Obj[] | undefined)?.length) && !it.verdict && !it.purpose && !it.verdictNote;
      if (hollow) {
        list.splice(k, 1);
        counts.items--;
      }
    }
  };
  const pruneGroups = (o: Obj): void => {
    prune(o.items as Obj[] | undefined);
    for (const g of (o.groups as Obj[] | undefined) ?? []) pruneGroups(g);
  };
  for (const s of sections) pruneGroups(s);
  // Section kinds from what they hold.
  const allItems = (s: Obj): Obj[] => {
    const out: Obj[] = [];
    const walk = (o: Obj) => {
      for (const it of (o.items as Obj[] | undefined) ?? []) out.push(it, ...((it.subitems as Obj[] | undefined) ?? []));
      for (const g of (o.groups as Obj[] | undefined) ?? []) walk(g);
    };
    walk(s);
    return out;
  };
  for (const s of sections) {
    const its = allItems(s);
    if (its.some((it) => it.commitments)) s.kind = 'positive';
    else if (s.kind !== 'recommendations' && its.some((it) => ['implemented', 'being-implemented', 'requires-further-study', 'cannot-be-accepted'].includes(String(it.verdict)))) s.kind = 'recommendations';
  }
  const shortTitle = runningTitle(pkg);
  const style = houseStyleOf(pkg);
  if (style) warnings.push({ line: 0, message: `the DOCX is set ${style}; the house style is not imported: the imported document prints in standpoint's default style until a style.yaml beside document.yaml says otherwise (see docs/style.md)` });
  const subject = props.subject ?? '';
  const [report, election] = subject.includes(' — ') ? subject.split(' — ') : [subject, meta.election ? String((meta.election as Obj).text) : ''];
  const document: Obj = {
    id: o.id ?? props['custom:standpoint-document'] ?? (slugOf(o.name ?? '', 60) || 'imported'),
    lang: o.lang ?? (props['custom:standpoint-language'] ?? 'en').split('-')[0],
    meta: {
      title: meta.title && (meta.title as Obj).text ? meta.title : { id: 'meta.title', text: props.title || o.name || 'Comments' },
      issuer: meta.issuer ?? { id: 'meta.issuer', text: props.creator || 'Central Election Commission' },
      issuerShort: { id: 'meta.issuer-short', text: issuerShort ?? 'CEC' },
      state: { id: 'meta.state', text: state ?? 'The state' },
      report: { id: 'meta.report', text: report || 'Final Report' },
      election: meta.election ?? { id: 'meta.election', text: election || 'Election' },
      ...(props['custom:standpoint-election-date'] ? { electionDate: props['custom:standpoint-election-date'] } : {}),
      ...(props['custom:standpoint-date'] ? { date: props['custom:standpoint-date'] } : {}),
      ...(meta.place ? { place: meta.place } : {}),
      ...(meta.number ? { number: meta.number } : {}),
      ...(shortTitle ? { shortTitle } : {}),
    },
    ...(letterhead ? { letterhead } : {}),
    ...(signature?.position && signature.name ? { signature } : {}),
    ...instrumentsData(instruments),
    ...(opening.length ? { opening } : {}),
    parts: sections.map((s) => `${String(s.id)}.yaml`),
    ...(closing.length ? { closing } : {}),
    ...(abbreviations.length ? { abbreviations } : {}),
  };
  if (signature && !(signature.position && signature.name)) warnings.push({ line: 0, message: 'a signature block without both the position and the name; not imported' });
  return { document, sections: sections.map((s) => ({ file: `${String(s.id)}.yaml`, data: s })), warnings, counts, printed, ...(media.length ? { media } : {}) };
}

/**
 * How the DOCX's font and page differ from standpoint's default style ("in
 * ‘Liberation Serif’ on A4 with margins …"), or nothing when they do not:
 * style.yaml and its fonts are not in a DOCX to import.
 */
function houseStyleOf(pkg: DocxPackage): string | undefined {
  const def = defaultStyle();
  const styles = find(pkg.part('word/styles.xml') ?? [], 'w:styles');
  const defaults = kids(styles ?? {}).find((n) => nameOf(n) === 'w:docDefaults');
  const rFonts = defaults && find(kids(find(kids(find(kids(defaults), 'w:rPrDefault') ?? {}), 'w:rPr') ?? {}), 'w:rFonts');
  const font = rFonts && attr(rFonts, 'w:ascii');
  const body = kids(find(kids(find(pkg.part('word/document.xml') ?? [], 'w:document') ?? {}), 'w:body') ?? {});
  const sect = [...body].reverse().find((n) => nameOf(n) === 'w:sectPr');
  const dxa = (mm: number) => Math.round((mm / 25.4) * 1440);
  const m = def.page.marginsMm;
  const pgSz = sect && find(kids(sect), 'w:pgSz');
  const pgMar = sect && find(kids(sect), 'w:pgMar');
  const near = (v: string | undefined, mm: number) => v === undefined || Math.abs(Number(v) - dxa(mm)) <= 2;
  const samePage = (!pgSz || (near(attr(pgSz, 'w:w'), def.page.widthMm) && near(attr(pgSz, 'w:h'), def.page.heightMm))) && (!pgMar || (near(attr(pgMar, 'w:top'), m.top) && near(attr(pgMar, 'w:right'), m.right) && near(attr(pgMar, 'w:bottom'), m.bottom) && near(attr(pgMar, 'w:left'), m.left)));
  const parts = [
    font && font !== def.fonts.body.name ? `in ‘${font}’` : undefined,
    samePage ? undefined : `on a page of its own (${[pgMar && `margins ${['top', 'right', 'bottom', 'left'].map((k) => Math.round((Number(attr(pgMar, `w:${k}`) ?? 0) / 1440) * 25.4)).join('/')} mm`].filter(Boolean).join('')})`,
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

/** A part's relationships: id -> target. */
function relationships(pkg: DocxPackage, part: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of kids(find(pkg.part(part) ?? [], 'Relationships') ?? {})) {
    const id = attr(r, 'Id');
    const target = attr(r, 'Target');
    if (id && target && attr(r, 'TargetMode') !== 'External') out.set(id, target);
  }
  return out;
}

/** The date as the language prints it ("16 December 2019"), as the formatDate helper does. */
function printedDate(iso: string, t: (key: string, options?: Record<string, unknown>) => unknown): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const months = t('date.months', { returnObjects: true });
  const month = Array.isArray(months) ? String(months[Number(m[2]) - 1]) : m[2]!;
  return String(t('date.long', { day: Number(m[3]), month, year: Number(m[1]) })).replace(/\s+/g, ' ');
}

/** The running title standpoint printed in the page header (the short title's unit, by its bookmark). */
function runningTitle(pkg: DocxPackage): Obj | undefined {
  for (const name of pkg.names.filter((n) => /^word\/header\d*\.xml$/.test(n)).sort()) {
    const root = find(pkg.part(name) ?? [], 'w:hdr');
    for (const p of kids(root ?? {}).filter((n) => nameOf(n) === 'w:p')) {
      const segs: Seg[] = [];
      segments(kids(p), segs);
      const mark = segs.find((s) => s.kind === 'bookmark' && parseBookmarkName(s.name!)?.kind === 'unit');
      if (!mark) continue;
      const text = segs.filter((s) => s.kind === 'run').map((s) => s.text).join('').replace(/\s+/g, ' ').trim();
      if (text) return { id: parseBookmarkName(mark.name!)!.id, text: escapeInline(text) };
    }
  }
  return undefined;
}
