/**
 * A reference DOCX (--reference-docx, as pandoc's --reference-doc): a
 * commission's Word template, or a DOCX standpoint rendered and then restyled
 * in Word or LibreOffice. Owns reading it (through the safe DOCX opener: a zip
 * from outside, nothing in it trusted) and applying it to a rendered DOCX:
 *
 * - styles: each named style standpoint writes (Normal, Heading 1–3, Title,
 *   Finding, Standpoint, Verdict, Footnote Text …) takes the reference's
 *   definition of the style of the same name (or id), and the reference's
 *   document defaults replace standpoint's; its other styles come along, so
 *   Word users find their gallery. Styles the reference lacks keep
 *   standpoint's definition and are reported. The language (w:lang) stays the
 *   render's; theme fonts are resolved to the reference theme's names, since
 *   the rendered package keeps its own theme.
 * - numbering: the list definitions the copied styles use (a template's
 *   numbered headings) are copied with fresh ids.
 * - page setup: paper, orientation and margins (read here, applied to the
 *   house style by the render pipeline, so the PDF and the HTML page get the
 *   same page).
 * The reference's headers and footers are not copied: standpoint writes its
 * own running header and page numbers from the data and the locales, in the
 * render's language, formatted by the reference's Header and Footer styles;
 * a reference with headers or footers of its own is reported.
 * Applying touches word/styles.xml and word/numbering.xml only.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { attr, kids, nameOf, openDocx, type DocxPackage, type XmlNode } from '../../import/docx-package.js';
import { Diagnostics, UserError, type Diagnostic } from '../../diag/diagnostic.js';
import { FILE_LIMITS } from '../../read/user-file.js';
import { PAGE_SIZES, type HouseStyle, type PageSizeName } from '../../model/style.js';

export interface ReferenceStyle {
  id: string;
  type: string;
  name: string;
  node: XmlNode;
}

/** The reference's page setup, in twentieths of a point as Word stores it. */
export interface ReferencePage {
  widthDxa: number;
  heightDxa: number;
  /** header and footer: 0 when the template has none. */
  margins: { top: number; right: number; bottom: number; left: number; header: number; footer: number };
}

export interface ReferenceDocx {
  file: string;
  styles: ReferenceStyle[];
  docDefaults?: XmlNode;
  /** w:abstractNum and w:num of word/numbering.xml, by their ids. */
  abstractNums: Map<string, XmlNode>;
  nums: Map<string, XmlNode>;
  /** The theme's fonts, by the theme attribute that names them (minorHAnsi -> "Calibri"). */
  themeFonts: Map<string, string>;
  page?: ReferencePage;
}

const PARSER_OPTIONS = {
  preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', trimValues: false,
  processEntities: true, htmlEntities: false, parseTagValue: false, parseAttributeValue: false,
} as const;
const parser = new XMLParser(PARSER_OPTIONS);
const builder = new XMLBuilder({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', suppressEmptyNode: true, processEntities: true });

/** The first child element named `name`, searched depth-first along a path of names. */
function path(nodes: XmlNode[] | undefined, ...names: string[]): XmlNode | undefined {
  let current: XmlNode | undefined;
  let list = nodes ?? [];
  for (const n of names) {
    current = list.find((x) => nameOf(x) === n);
    if (!current) return undefined;
    list = kids(current);
  }
  return current;
}

const int = (v: string | undefined): number | undefined => (v !== undefined && /^-?\d{1,7}$/.test(v.trim()) ? Number(v.trim()) : undefined);

/** Word measures in twentieths of a point; a page is at most 22 inches (31680) on a side. */
const MAX_DXA = 31680;

/**
 * Reads and checks the reference DOCX `file`. Throws UserError (exit 1) for a
 * file that is not a usable DOCX; returns warnings for what it will not use.
 */
export function readReferenceDocx(file: string): { reference: ReferenceDocx; warnings: Diagnostic[] } {
  return referenceFromPackage(openDocx(file, FILE_LIMITS.referenceDocx));
}

/** The reference in an opened package (a file, or parts made in a test). */
export function referenceFromPackage(pkg: DocxPackage): { reference: ReferenceDocx; warnings: Diagnostic[] } {
  const file = pkg.file;
  const at = { file, line: 1, column: 1 };
  const diags = new Diagnostics();
  const stylesXml = pkg.part('word/styles.xml');
  const root = path(stylesXml, 'w:styles');
  if (!root) throw UserError.single(at, 'reference-docx', 'the reference DOCX has no styles (word/styles.xml)', 'save the template from Word or LibreOffice as a .docx or .dotx document');
  const styles: ReferenceStyle[] = [];
  const seen = new Set<string>();
  for (const s of kids(root)) {
    if (nameOf(s) !== 'w:style') continue;
    const id = attr(s, 'w:styleId');
    const type = attr(s, 'w:type') ?? 'paragraph';
    if (!id || seen.has(`${type}:${id}`)) continue;
    seen.add(`${type}:${id}`);
    const nameNode = kids(s).find((k) => nameOf(k) === 'w:name');
    styles.push({ id, type, name: (nameNode && attr(nameNode, 'w:val')) ?? id, node: s });
  }
  const docDefaults = kids(root).find((k) => nameOf(k) === 'w:docDefaults');
  const abstractNums = new Map<string, XmlNode>();
  const nums = new Map<string, XmlNode>();
  for (const n of kids(path(pkg.part('word/numbering.xml'), 'w:numbering') ?? ({} as XmlNode))) {
    if (nameOf(n) === 'w:abstractNum' && attr(n, 'w:abstractNumId') !== undefined) abstractNums.set(attr(n, 'w:abstractNumId')!, n);
    if (nameOf(n) === 'w:num' && attr(n, 'w:numId') !== undefined) nums.set(attr(n, 'w:numId')!, n);
  }
  const reference: ReferenceDocx = { file, styles, ...(docDefaults ? { docDefaults } : {}), abstractNums, nums, themeFonts: themeFonts(pkg) };
  const page = pageOf(pkg, diags, at);
  if (page) reference.page = page;
  const headersFooters = pkg.names.filter((n) => /^word\/(header|footer)\d*\.xml$/.test(n) && hasContent(pkg.part(n)));
  if (headersFooters.length) {
    diags.warning(at, 'reference-header', `the reference DOCX has headers or footers of its own (${headersFooters.map((n) => n.slice(5)).join(', ')}); they are not copied: standpoint prints its own running header and page numbers, in the reference's Header and Footer styles`, 'put a letterhead into the data (document.yaml: letterhead) rather than into the header of the template');
  }
  if (diags.hasErrors) throw new UserError(diags.sorted(), 1);
  return { reference, warnings: diags.items };
}

/** Whether a header or footer part holds text, a field or a picture (not just an empty paragraph). */
function hasContent(nodes: XmlNode[] | undefined): boolean {
  const visit = (ns: XmlNode[]): boolean =>
    ns.some((n) => {
      const name = nameOf(n);
      if (name === 'w:t') return kids(n).some((t) => typeof t['#text'] === 'string' && (t['#text'] as string).trim() !== '');
      if (name === 'w:drawing' || name === 'w:pict' || name === 'w:fldSimple' || name === 'w:instrText') return true;
      return visit(kids(n));
    });
  return visit(nodes ?? []);
}

function themeFonts(pkg: DocxPackage): Map<string, string> {
  const out = new Map<string, string>();
  const theme = pkg.names.find((n) => /^word\/theme\/theme\d*\.xml$/.test(n));
  const scheme = path(theme ? pkg.part(theme) : undefined, 'a:theme', 'a:themeElements', 'a:fontScheme');
  if (!scheme) return out;
  for (const [which, prefix] of [['a:majorFont', 'major'], ['a:minorFont', 'minor']] as const) {
    const font = kids(scheme).find((k) => nameOf(k) === which);
    if (!font) continue;
    const face = (tag: string) => {
      const n = kids(font).find((k) => nameOf(k) === tag);
      const v = n && attr(n, 'typeface');
      return v && v.trim() !== '' ? v : undefined;
    };
    const latin = face('a:latin');
    if (latin) {
      out.set(`${prefix}HAnsi`, latin);
      out.set(`${prefix}Ascii`, latin);
    }
    const ea = face('a:ea');
    if (ea) out.set(`${prefix}EastAsia`, ea);
    const cs = face('a:cs');
    if (cs) out.set(`${prefix}Bidi`, cs);
  }
  return out;
}

function pageOf(pkg: DocxPackage, diags: Diagnostics, at: { file: string; line: number; column: number }): ReferencePage | undefined {
  const body = path(pkg.part('word/document.xml'), 'w:document', 'w:body');
  // The section properties of the document's last section are the body's last child.
  const sect = [...kids(body ?? ({} as XmlNode))].reverse().find((k) => nameOf(k) === 'w:sectPr');
  const size = sect && kids(sect).find((k) => nameOf(k) === 'w:pgSz');
  if (!sect || !size) return undefined;
  const w = int(attr(size, 'w:w'));
  const h = int(attr(size, 'w:h'));
  if (w === undefined || h === undefined || w < 1440 || h < 1440 || w > MAX_DXA || h > MAX_DXA) {
    diags.error(at, 'reference-docx', `the reference DOCX's page size (w:pgSz ${attr(size, 'w:w')} × ${attr(size, 'w:h')}) is not a page`, 'set the paper size in Word (Layout › Size) and save the template again');
    return undefined;
  }
  const mar = kids(sect).find((k) => nameOf(k) === 'w:pgMar');
  const m = (key: string, fallback: number) => {
    const v = mar ? int(attr(mar, `w:${key}`)) : undefined;
    // A negative top or bottom margin means "even if the header grows": the distance is what counts.
    return v === undefined ? fallback : Math.min(Math.abs(v), MAX_DXA);
  };
  const gutter = m('gutter', 0);
  // Word's gutter is added at the binding edge (the left, unless the document says otherwise).
  // A header or footer distance of 0 is a template without one (LibreOffice writes so): the house style's is kept.
  const margins = { top: m('top', 1440), right: m('right', 1440), bottom: m('bottom', 1440), left: m('left', 1440) + gutter, header: m('header', 0), footer: m('footer', 0) };
  // As for a style.yaml (read/style.ts): a text block of at least 60 mm each way.
  const block = (dxa: number) => Math.round((dxa / 1440) * 25.4);
  if (w - margins.left - margins.right < MIN_TEXT_DXA || h - margins.top - margins.bottom < MIN_TEXT_DXA) {
    diags.error(at, 'page-margins', `the reference DOCX's margins leave a text block of ${block(w - margins.left - margins.right)} × ${block(h - margins.top - margins.bottom)} mm; at least 60 mm each way are needed`, 'make the margins of the template smaller (Layout › Margins)');
    return undefined;
  }
  return { widthDxa: w, heightDxa: h, margins };
}

/** 60 mm in twentieths of a point. */
const MIN_TEXT_DXA = Math.round((60 / 25.4) * 1440);

/** Names Word gives the styles standpoint writes under ids of its own (matched after same-name and same-id). */
const ALIASES: Record<string, string[]> = {
  PageHeader: ['header'],
  PageFooter: ['footer'],
  Quotation: ['Quote'],
  BodyText: ['Body Text'],
};

/** The reference style standing for one of ours: the same name, else the same id, else the same name in other case, else a Word name for it. */
function matchStyle(ours: { id: string; type: string; name: string }, ref: ReferenceDocx): ReferenceStyle | undefined {
  const same = ref.styles.filter((s) => s.type === ours.type);
  return (
    same.find((s) => s.name === ours.name) ??
    same.find((s) => s.id === ours.id) ??
    same.find((s) => s.name.toLowerCase() === ours.name.toLowerCase()) ??
    (ALIASES[ours.id] ?? []).map((a) => same.find((s) => s.name.toLowerCase() === a.toLowerCase())).find(Boolean)
  );
}

const clone = <T>(n: T): T => structuredClone(n);

/** Renames the style ids a style refers to (basedOn, next, link) and drops its language. */
function rewriteStyleChildren(children: XmlNode[], rename: (id: string) => string, themeFonts: Map<string, string>): XmlNode[] {
  const out: XmlNode[] = [];
  for (const c of children) {
    const name = nameOf(c);
    if (name === 'w:basedOn' || name === 'w:next' || name === 'w:link') {
      const v = attr(c, 'w:val');
      if (v !== undefined) c[':@'] = { ...c[':@'], 'w:val': rename(v) };
    }
    if (name === 'w:rPr') c[name] = rewriteRunProperties(kids(c), themeFonts);
    out.push(c);
  }
  return out;
}

/** Run properties of a copied style: no w:lang (the language is the render's), theme fonts by name. */
function rewriteRunProperties(props: XmlNode[], themeFonts: Map<string, string>): XmlNode[] {
  return props
    .filter((p) => nameOf(p) !== 'w:lang')
    .map((p) => {
      if (nameOf(p) !== 'w:rFonts') return p;
      const a = { ...(p[':@'] ?? {}) };
      for (const [themeKey, plainKey] of [['w:asciiTheme', 'w:ascii'], ['w:hAnsiTheme', 'w:hAnsi'], ['w:eastAsiaTheme', 'w:eastAsia'], ['w:cstheme', 'w:cs']] as const) {
        const theme = a[themeKey];
        if (theme === undefined) continue;
        delete a[themeKey];
        const font = themeFonts.get(theme);
        if (font) a[plainKey] = font;
      }
      return { ...p, ':@': a };
    });
}

export interface AppliedReference {
  styles: string;
  numbering?: string;
  /** The names of our styles the document uses that the reference has no style for. */
  missing: string[];
  /** The reference's font for the body text and for headings (where it names one). */
  fonts: { body?: string; headings?: string };
  /** Whether a copied heading style carries Word numbering of its own. */
  numberedHeadings: boolean;
}

/**
 * Applies the reference to the styles.xml (and numbering.xml) standpoint
 * wrote for a document in `langTag` that uses the style ids `used`.
 */
export function applyReference(stylesXml: string, numberingXml: string | undefined, ref: ReferenceDocx, langTag: string, used: Set<string>): AppliedReference {
  const doc = parser.parse(stylesXml) as XmlNode[];
  const root = path(doc, 'w:styles')!;
  const ours = kids(root);
  const ourStyles = ours.filter((n) => nameOf(n) === 'w:style').map((n) => {
    const nameNode = kids(n).find((k) => nameOf(k) === 'w:name');
    return { id: attr(n, 'w:styleId')!, type: attr(n, 'w:type') ?? 'paragraph', name: (nameNode && attr(nameNode, 'w:val')) ?? attr(n, 'w:styleId')!, node: n };
  });
  const matched = new Map<ReferenceStyle, string>();
  const missing: string[] = [];
  for (const s of ourStyles) {
    const r = matchStyle(s, ref);
    if (r && !matched.has(r)) matched.set(r, s.id);
    else if (!r && used.has(s.id)) missing.push(s.name);
  }
  // Ids in the output: ours for matched styles, the reference's own for the others (renamed if one of ours has it).
  const taken = new Set(ourStyles.map((s) => s.id));
  const renamed = new Map<string, string>();
  for (const r of ref.styles) {
    if (matched.has(r)) renamed.set(r.id, matched.get(r)!);
    else {
      let id = r.id;
      for (let k = 1; taken.has(id); k++) id = `Reference${k > 1 ? k : ''}${r.id}`;
      taken.add(id);
      renamed.set(r.id, id);
    }
  }
  const rename = (id: string) => renamed.get(id) ?? id;

  // Numbering the copied styles use, with ids after ours.
  const numbering = numberingXml ? (parser.parse(numberingXml) as XmlNode[]) : undefined;
  const numRoot = numbering ? path(numbering, 'w:numbering') : undefined;
  const numIds = new Map<string, string>();
  const copiedAbstract: XmlNode[] = [];
  const copiedNums: XmlNode[] = [];
  let nextAbstract = 1 + Math.max(0, ...kids(numRoot ?? ({} as XmlNode)).filter((n) => nameOf(n) === 'w:abstractNum').map((n) => Number(attr(n, 'w:abstractNumId')) || 0));
  let nextNum = 1 + Math.max(0, ...kids(numRoot ?? ({} as XmlNode)).filter((n) => nameOf(n) === 'w:num').map((n) => Number(attr(n, 'w:numId')) || 0));
  const abstractIds = new Map<string, string>();
  const numberingOf = (refNumId: string): string | undefined => {
    if (!numRoot) return undefined;
    if (numIds.has(refNumId)) return numIds.get(refNumId);
    const num = ref.nums.get(refNumId);
    const absId = num && kids(num).map((k) => (nameOf(k) === 'w:abstractNumId' ? attr(k, 'w:val') : undefined)).find((v) => v !== undefined);
    const abs = absId !== undefined ? ref.abstractNums.get(absId) : undefined;
    if (!num || !abs || absId === undefined) return undefined;
    if (!abstractIds.has(absId)) {
      const copy = clone(abs);
      const newAbs = String(nextAbstract++);
      copy[':@'] = { ...copy[':@'], 'w:abstractNumId': newAbs };
      // A level tied to a style (w:pStyle) follows the style's id in the output.
      const relink = (ns: XmlNode[]) => {
        for (const n of ns) {
          if (nameOf(n) === 'w:pStyle' && attr(n, 'w:val') !== undefined) n[':@'] = { ...n[':@'], 'w:val': rename(attr(n, 'w:val')!) };
          else relink(kids(n));
        }
      };
      relink(kids(copy));
      copiedAbstract.push(copy);
      abstractIds.set(absId, newAbs);
    }
    const copy = clone(num);
    const newNum = String(nextNum++);
    copy[':@'] = { ...copy[':@'], 'w:numId': newNum };
    for (const k of kids(copy)) if (nameOf(k) === 'w:abstractNumId') k[':@'] = { ...k[':@'], 'w:val': abstractIds.get(absId)! };
    copiedNums.push(copy);
    numIds.set(refNumId, newNum);
    return newNum;
  };

  let numberedHeadings = false;
  const restyle = (r: ReferenceStyle, id: string, keep?: XmlNode): XmlNode => {
    const copy = clone(r.node);
    const a: Record<string, string> = { ...(copy[':@'] ?? {}), 'w:styleId': id };
    // The defaults are standpoint's (its Normal, under the template's definition): a copied style is never a second one.
    delete a['w:default'];
    if (keep?.[':@']?.['w:default'] !== undefined) a['w:default'] = keep[':@']['w:default'];
    copy[':@'] = a;
    let children = rewriteStyleChildren(kids(copy), rename, ref.themeFonts);
    // Our style keeps its name (the importer and Word users know it by it).
    const ourName = keep && kids(keep).find((k) => nameOf(k) === 'w:name');
    if (ourName) children = children.map((c) => (nameOf(c) === 'w:name' ? clone(ourName) : c));
    // Numbering the style carries comes along, or the numbering is dropped where it cannot.
    for (const c of children) {
      if (nameOf(c) !== 'w:pPr') continue;
      c['w:pPr'] = kids(c).filter((p) => {
        if (nameOf(p) !== 'w:numPr') return true;
        const numIdNode = kids(p).find((k) => nameOf(k) === 'w:numId');
        const refNum = numIdNode && attr(numIdNode, 'w:val');
        if (refNum === '0') return true;
        const newNum = refNum !== undefined ? numberingOf(refNum) : undefined;
        if (!newNum) return false;
        numIdNode![':@'] = { ...numIdNode![':@'], 'w:val': newNum };
        const ilvlNode = kids(p).find((k) => nameOf(k) === 'w:ilvl');
        if (/^Heading\d$/.test(id) && printsNumber(ref, refNum!, (ilvlNode && attr(ilvlNode, 'w:val')) ?? '0')) numberedHeadings = true;
        return true;
      });
    }
    copy[nameOf(copy)] = children;
    return copy;
  };

  const byOurId = new Map([...matched].map(([r, id]) => [id, r]));
  const out: XmlNode[] = [];
  for (const n of ours) {
    const name = nameOf(n);
    if (name === 'w:docDefaults' && ref.docDefaults) {
      out.push(docDefaults(ref.docDefaults, n, langTag, ref.themeFonts));
      continue;
    }
    if (name === 'w:style') {
      const r = byOurId.get(attr(n, 'w:styleId')!);
      out.push(r ? restyle(r, attr(n, 'w:styleId')!, n) : n);
      continue;
    }
    out.push(n);
  }
  for (const r of ref.styles) if (!matched.has(r)) out.push(restyle(r, rename(r.id)));
  root[nameOf(root)] = out;

  let numberingOut: string | undefined;
  if (numRoot && (copiedAbstract.length || copiedNums.length)) {
    const list = kids(numRoot);
    // The schema's order: every w:abstractNum before the first w:num.
    const firstNum = list.findIndex((n) => nameOf(n) === 'w:num');
    const at = firstNum < 0 ? list.length : firstNum;
    numRoot[nameOf(numRoot)] = [...list.slice(0, at), ...copiedAbstract, ...list.slice(at), ...copiedNums];
    numberingOut = builder.build(numbering) as string;
  }
  const fontOf = (id: string): string | undefined => {
    const style = out.find((n) => nameOf(n) === 'w:style' && attr(n, 'w:styleId') === id);
    const rFonts = style && kids(kids(style).find((k) => nameOf(k) === 'w:rPr') ?? ({} as XmlNode)).find((k) => nameOf(k) === 'w:rFonts');
    const own = rFonts && attr(rFonts, 'w:ascii');
    if (own) return own;
    const basedOn = style && kids(style).find((k) => nameOf(k) === 'w:basedOn');
    if (basedOn && attr(basedOn, 'w:val') && attr(basedOn, 'w:val') !== id) return fontOf(attr(basedOn, 'w:val')!);
    const defaults = out.find((n) => nameOf(n) === 'w:docDefaults');
    const d = defaults && path(kids(defaults), 'w:rPrDefault', 'w:rPr', 'w:rFonts');
    return d && attr(d, 'w:ascii');
  };
  return {
    styles: builder.build(doc) as string,
    ...(numberingOut ? { numbering: numberingOut } : {}),
    missing,
    fonts: { ...(byOurId.has('Normal') ? { body: fontOf('Normal') } : {}), ...(byOurId.has('Heading1') ? { headings: fontOf('Heading1') } : {}) },
    numberedHeadings,
  };
}

/** Whether a level of a reference list prints a number (LibreOffice ties headings to an outline list that prints none). */
function printsNumber(ref: ReferenceDocx, numId: string, ilvl: string): boolean {
  const num = ref.nums.get(numId);
  const absId = num && kids(num).map((k) => (nameOf(k) === 'w:abstractNumId' ? attr(k, 'w:val') : undefined)).find((v) => v !== undefined);
  const abs = absId !== undefined ? ref.abstractNums.get(absId) : undefined;
  const level = abs && kids(abs).find((k) => nameOf(k) === 'w:lvl' && attr(k, 'w:ilvl') === ilvl);
  if (!level) return false;
  const value = (tag: string) => {
    const n = kids(level).find((k) => nameOf(k) === tag);
    return n && attr(n, 'w:val');
  };
  return value('w:numFmt') !== 'none' && (value('w:lvlText') ?? '') !== '';
}

/** The reference's document defaults, in the render's language. */
function docDefaults(ref: XmlNode, ours: XmlNode, langTag: string, themeFonts: Map<string, string>): XmlNode {
  const copy = clone(ref);
  const ourLang = path(kids(ours), 'w:rPrDefault', 'w:rPr', 'w:lang');
  const rPrDefault = kids(copy).find((k) => nameOf(k) === 'w:rPrDefault');
  if (rPrDefault) {
    const rPr = kids(rPrDefault).find((k) => nameOf(k) === 'w:rPr');
    if (rPr) rPr['w:rPr'] = [...rewriteRunProperties(kids(rPr), themeFonts), ourLang ? clone(ourLang) : { 'w:lang': [], ':@': { 'w:val': langTag } }];
  } else {
    copy[nameOf(copy)] = [{ 'w:rPrDefault': [{ 'w:rPr': [ourLang ? clone(ourLang) : { 'w:lang': [], ':@': { 'w:val': langTag } }] }] }, ...kids(copy)];
  }
  return copy;
}

/** The style ids a part's XML uses (w:pStyle, w:rStyle, w:tblStyle). */
export function usedStyleIds(xml: string): Set<string> {
  const out = new Set<string>();
  for (const m of xml.matchAll(/<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"/g)) out.add(m[1]!);
  return out;
}

const dxaToMm = (dxa: number) => Math.round((dxa / 1440) * 25.4 * 1000) / 1000;

/**
 * The house style with the reference's page: paper, orientation, margins and
 * the header's and footer's distances. The size keeps its name (A4, Letter)
 * when the paper is one within a millimetre.
 */
export function withReferencePage(style: HouseStyle, page: ReferencePage): HouseStyle {
  const widthMm = dxaToMm(page.widthDxa);
  const heightMm = dxaToMm(page.heightDxa);
  const [short, long] = [Math.min(widthMm, heightMm), Math.max(widthMm, heightMm)];
  const named = (Object.entries(PAGE_SIZES) as [PageSizeName, { widthMm: number; heightMm: number }][]).find(([, p]) => Math.abs(p.widthMm - short) < 1 && Math.abs(p.heightMm - long) < 1);
  const m = page.margins;
  return {
    ...style,
    page: {
      ...style.page,
      size: named ? named[0] : 'custom',
      orientation: widthMm > heightMm ? 'landscape' : 'portrait',
      widthMm,
      heightMm,
      marginsMm: { top: dxaToMm(m.top), right: dxaToMm(m.right), bottom: dxaToMm(m.bottom), left: dxaToMm(m.left) },
      // Without a distance of its own, the house style's, inside the margin (half of it at most).
      headerMm: m.header > 0 ? dxaToMm(m.header) : Math.min(style.page.headerMm, dxaToMm(m.top) / 2),
      footerMm: m.footer > 0 ? dxaToMm(m.footer) : Math.min(style.page.footerMm, dxaToMm(m.bottom) / 2),
    },
  };
}

/** The page as people say it: "A4 portrait, margins 20/15/20/30 mm (top/right/bottom/left)". */
export function describePage(style: HouseStyle): string {
  const p = style.page;
  const m = p.marginsMm;
  const mm = (n: number) => String(Math.round(n * 10) / 10);
  const size = p.size === 'custom' ? `${mm(p.widthMm)} × ${mm(p.heightMm)} mm` : `${p.size} ${p.orientation}`;
  return `${size}, margins ${[m.top, m.right, m.bottom, m.left].map(mm).join('/')} mm (top/right/bottom/left)`;
}

/** Whether two styles set the same page, to the twentieth of a point Word stores. */
export function samePage(a: HouseStyle, b: HouseStyle): boolean {
  const dxa = (mm: number) => Math.round((mm / 25.4) * 1440);
  const key = (s: HouseStyle) => [s.page.widthMm, s.page.heightMm, s.page.marginsMm.top, s.page.marginsMm.right, s.page.marginsMm.bottom, s.page.marginsMm.left, s.page.headerMm, s.page.footerMm].map(dxa).join(',');
  return key(a) === key(b);
}
