/**
 * Reads a document's house style: styles/default.yaml shipped with the package,
 * with the document folder's style.yaml (if any) laid over it key by key.
 * Owns: the schema check of both files, lengths and colours turned into
 * numbers, font files named by the style (inside the document folder only,
 * checked for type by their first bytes, for size, and by font-check.ts), and the
 * positioned problems of all of it. Never renders.
 */
import { lstatSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Position } from '../model/types.js';
import { FONT_ROLES, PAGE_SIZES, type FontFaceName, type FontFamily, type HouseStyle, type PageSizeName } from '../model/style.js';
import { Diagnostics } from '../diag/diagnostic.js';
import { didYouMean } from '../diag/suggest.js';
import { validateAgainstSchema } from '../validate/schema.js';
import type { SourceMap } from './yaml-source.js';
import { packageRoot, ptSerifFaces } from '../paths.js';
import { folderEntries, isInside, loadPackageYamlFile, loadYamlFile, pathKind, readingFromMemory } from './document.js';
import { FILE_LIMITS, formatBytes, readUserFile, UserFileError } from './user-file.js';
import { checkFontBytes, type FontCoverage, type FontProblem } from './font-check.js';

export const STYLE_FILE = 'style.yaml';
export const DEFAULT_STYLE_FILE = join(packageRoot, 'styles', 'default.yaml');

/** The fonts shipped with standpoint, by the family name a style names them with. */
export const BUNDLED_FONTS = ['PT Serif'] as const;

type Obj = Record<string, unknown>;

export interface StyleRead {
  style?: HouseStyle;
  /** style.yaml and the font files it names, for watch. */
  files: string[];
}

/** PT Serif's four faces in the installed package. */
export function bundledPtSerif(): FontFamily {
  return { name: 'PT Serif', bundled: true, faces: ptSerifFaces() };
}

/** Where each value came from: the user's style.yaml when it sets the key, else the default file. */
interface Layer {
  value: Obj;
  map: SourceMap;
}

/** The value at `path` and its position, from the first layer that sets it. */
function lookup(layers: Layer[], path: string[]): { value: unknown; pos: Position } {
  for (const layer of layers) {
    let container: unknown = layer.value;
    let found = true;
    for (const key of path.slice(0, -1)) {
      const next = container && typeof container === 'object' ? (container as Obj)[key] : undefined;
      if (!next || typeof next !== 'object') {
        found = false;
        break;
      }
      container = next;
    }
    const last = path[path.length - 1]!;
    if (found && container && typeof container === 'object' && Object.prototype.hasOwnProperty.call(container, last)) {
      return { value: (container as Obj)[last], pos: layer.map.value(container as object, last) ?? layer.map.start() };
    }
  }
  // The default file sets every key (its schema check and the style test see to it).
  throw new Error(`the default style has no ${path.join('.')}`);
}

const UNIT_MM: Record<string, number> = { mm: 1, cm: 10, in: 25.4, pt: 25.4 / 72 };

/** "20mm", "2 cm", "0.75in", "12pt" -> millimetres (the schema checked the form). */
export function lengthMm(text: string): number {
  const m = /^([0-9.]+) ?(mm|cm|in|pt)$/.exec(text)!;
  return Number(m[1]) * UNIT_MM[m[2]!]!;
}

const mmToPt = (mm: number) => (mm / 25.4) * 72;
/** Millimetres back to points, rounded to a thousandth so that "28pt" is 28, not 27.999999999999996. */
const points = (mm: number) => Math.round(mmToPt(mm) * 1000) / 1000;

let defaultLayer: { layer?: Layer; diagnostics: Diagnostics } | undefined;

/**
 * Reads the style of the document in `root` (style.yaml beside document.yaml)
 * over the default, reporting into `diags`. No style when there are errors.
 */
export function readStyle(root: string, diags: Diagnostics): StyleRead {
  const layers: Layer[] = [];
  const files: string[] = [];
  const before = diags.items.length;
  const userFile = join(root, STYLE_FILE);
  let present = false;
  if (readingFromMemory()) present = pathKind(userFile) !== undefined;
  else {
    try {
      // Whatever stands under the name (a folder, a pipe, a link) is the user's style file and is read or reported, never passed over.
      lstatSync(userFile);
      present = true;
    } catch {
      /* no style.yaml: the default alone */
    }
  }
  if (!present) {
    // "style.yml" or "Style.yaml" would otherwise be passed over without a word, and the document printed in the default style.
    let near: string | undefined;
    try {
      near = folderEntries(root).find((f) => f !== STYLE_FILE && /^(house[-_ ]?)?styles?\.(ya?ml|json)$/i.test(f));
    } catch {
      /* the folder was read a moment ago; nothing to suggest */
    }
    if (near) diags.warning({ file: join(root, near), line: 1, column: 1 }, 'style-file-name', `${near} is not read: the house style file is named ${STYLE_FILE}`, `rename it to ${STYLE_FILE}`);
  }
  if (present && !isInside(root, userFile)) {
    diags.error({ file: userFile, line: 1, column: 1 }, 'path-outside', `${STYLE_FILE} is a link to a file outside the document folder`, `copy the style file into the folder as ${STYLE_FILE}`);
  } else if (present) {
    files.push(userFile);
    const parsed = loadYamlFile(userFile, diags);
    if (parsed) {
      if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
        diags.error(parsed.map.start(), 'wrong-type', 'a style file is a mapping of sections (page, fonts, sizes …)', 'see styles/default.yaml in the package');
      } else if (validateAgainstSchema('style', parsed.value, parsed.map, diags)) {
        layers.push({ value: parsed.value as Obj, map: parsed.map });
      }
    }
  }
  const def = loadDefaultLayer(diags);
  if (!def || diags.items.slice(before).some((d) => d.severity === 'error')) return { files };
  layers.push(def);
  const style = resolve(layers, root, diags, files);
  if (diags.items.slice(before).some((d) => d.severity === 'error')) return { files };
  return { style, files };
}

function loadDefaultLayer(diags: Diagnostics): Layer | undefined {
  if (!defaultLayer) {
    const own = new Diagnostics();
    const parsed = loadPackageYamlFile(DEFAULT_STYLE_FILE, own);
    const ok = parsed && validateAgainstSchema('style', parsed.value, parsed.map, own);
    defaultLayer = { ...(ok ? { layer: { value: parsed.value as Obj, map: parsed.map } } : {}), diagnostics: own };
  }
  diags.merge(defaultLayer.diagnostics);
  return defaultLayer.layer;
}

function resolve(layers: Layer[], root: string, diags: Diagnostics, files: string[]): HouseStyle {
  const get = <T>(...path: string[]) => lookup(layers, path).value as T;
  const length = (...path: string[]) => lengthMm(get<string>(...path));
  const size = get<PageSizeName>('page', 'size');
  const orientation = get<'portrait' | 'landscape'>('page', 'orientation');
  const paper = PAGE_SIZES[size];
  const [widthMm, heightMm] = orientation === 'landscape' ? [paper.heightMm, paper.widthMm] : [paper.widthMm, paper.heightMm];
  const margins = { top: length('page', 'margins', 'top'), right: length('page', 'margins', 'right'), bottom: length('page', 'margins', 'bottom'), left: length('page', 'margins', 'left') };
  const style: HouseStyle = {
    page: { size, orientation, widthMm, heightMm, marginsMm: margins, headerMm: length('page', 'header'), footerMm: length('page', 'footer'), ...userPage(layers) },
    fonts: Object.fromEntries(FONT_ROLES.map((role) => [role, font(layers, role, root, diags, files)])) as HouseStyle['fonts'],
    sizes: {
      body: get('sizes', 'body'), title: get('sizes', 'title'), subtitle: get('sizes', 'subtitle'), heading1: get('sizes', 'heading1'), heading2: get('sizes', 'heading2'),
      heading3: get('sizes', 'heading3'), notes: get('sizes', 'notes'), table: get('sizes', 'table'), parallel: get('sizes', 'parallel'), header: get('sizes', 'header'),
      footer: get('sizes', 'footer'), letterhead: get('sizes', 'letterhead'),
    },
    text: { lineSpacing: get('text', 'lineSpacing'), firstLineIndentPt: points(length('text', 'firstLineIndent')), spaceAfterPt: points(length('text', 'spaceAfter')), justify: get('text', 'justify') },
    headings: { numbering: get('headings', 'numbering') },
    colours: { text: get<string>('colours', 'text').toUpperCase(), headings: get<string>('colours', 'headings').toUpperCase(), rules: get<string>('colours', 'rules').toUpperCase() },
    header: { runningTitle: get('header', 'runningTitle') },
    footer: { pageNumbers: get('footer', 'pageNumbers') },
    letterhead: { logoWidthMm: length('letterhead', 'logoWidth'), align: get('letterhead', 'align') },
    signature: { imageWidthMm: length('signature', 'imageWidth') },
  };
  for (const family of Object.values(style.fonts)) {
    const lacking = Object.keys(GLYPH_STAND_INS).filter((c) => missingGlyphsOf(family, [c]).length > 0);
    if (lacking.length) family.printedWithStandIns = lacking;
  }
  checkPage(style, layers, diags);
  for (const key of ['text', 'headings', 'rules'] as const) {
    const hex = style.colours[key];
    // A formal document is printed dark on white: a light colour is unreadable on paper and in a photocopy.
    if (luminance(hex) > 0.45) diags.warning(lookup(layers, ['colours', key]).pos, 'light-colour', `the colour ${hex} of the ${key} is too light to read on white paper`, 'formal documents print in black or a dark colour, such as #1F3864');
  }
  return style;
}

/** Where the user's style.yaml (the first of two layers) sets `page`. */
function userPage(layers: Layer[]): { setAt?: Position } {
  const user = layers.length > 1 ? layers[0]! : undefined;
  const pos = user && Object.prototype.hasOwnProperty.call(user.value, 'page') ? user.map.key(user.value, 'page') : undefined;
  return pos ? { setAt: pos } : {};
}

function checkPage(style: HouseStyle, layers: Layer[], diags: Diagnostics): void {
  const { widthMm, heightMm, marginsMm: m } = style.page;
  const textWidth = widthMm - m.left - m.right;
  const textHeight = heightMm - m.top - m.bottom;
  if (textWidth < 60) diags.error(lookup(layers, ['page', 'margins', 'left']).pos, 'page-margins', `the margins leave a text block ${textWidth.toFixed(0)} mm wide on ${widthMm} mm paper; at least 60 mm are needed`, 'make the left and right margins smaller');
  if (textHeight < 60) diags.error(lookup(layers, ['page', 'margins', 'top']).pos, 'page-margins', `the margins leave a text block ${textHeight.toFixed(0)} mm high on ${heightMm} mm paper; at least 60 mm are needed`, 'make the top and bottom margins smaller');
  const headerLine = mmToPt(style.page.headerMm) + style.sizes.header * 1.2;
  if (headerLine > mmToPt(m.top)) diags.error(lookup(layers, ['page', 'header']).pos, 'page-header', `the running header (${style.page.headerMm.toFixed(1)} mm from the top, ${style.sizes.header} pt) does not fit above the top margin of ${m.top.toFixed(1)} mm`, 'make the header distance smaller or the top margin larger');
  const footerLine = mmToPt(style.page.footerMm) + style.sizes.footer * 1.2;
  if (footerLine > mmToPt(m.bottom)) diags.error(lookup(layers, ['page', 'footer']).pos, 'page-footer', `the footer (${style.page.footerMm.toFixed(1)} mm from the bottom, ${style.sizes.footer} pt) does not fit below the bottom margin of ${m.bottom.toFixed(1)} mm`, 'make the footer distance smaller or the bottom margin larger');
}

/** Relative luminance of "#RRGGBB" (WCAG). */
function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4));
  return 0.2126 * c[0]! + 0.7152 * c[1]! + 0.0722 * c[2]!;
}

const FACE_KEYS: Record<FontFaceName, string> = { normal: 'regular', bold: 'bold', italics: 'italic', bolditalics: 'boldItalic' };

function font(layers: Layer[], role: string, root: string, diags: Diagnostics, files: string[]): FontFamily {
  const { value, pos } = lookup(layers, ['fonts', role]);
  if (typeof value === 'string') {
    if (!(BUNDLED_FONTS as readonly string[]).includes(value)) {
      diags.error(pos, 'unknown-font', `‘${value}’ is not a font shipped with standpoint (${BUNDLED_FONTS.join(', ')})`, didYouMean(value, BUNDLED_FONTS) ?? `name its files from the document folder: {family: ${value}, regular: fonts/….ttf, bold: …, italic: …, boldItalic: …}`);
    }
    return { ...bundledPtSerif(), pos };
  }
  const o = value as Obj;
  const layer = layers.find((l) => l.map.of(o));
  const at = (key: string) => layer?.map.value(o, key) ?? pos;
  const faces = {} as Record<FontFaceName, string>;
  const regular = fontFile(root, o.regular as string, at('regular'), diags, files);
  for (const [face, key] of Object.entries(FACE_KEYS) as [FontFaceName, string][]) {
    if (typeof o[key] === 'string') faces[face] = face === 'normal' ? regular : fontFile(root, o[key] as string, at(key), diags, files);
    else {
      faces[face] = regular;
      diags.warning(pos, 'font-face-missing', `the ${role} font ‘${String(o.family)}’ has no ${key} face: ${key === 'bold' ? 'bold' : key === 'italic' ? 'italic' : 'bold italic'} text prints in the regular face`, `add ${key}: fonts/….ttf`);
    }
  }
  return { name: String(o.family), bundled: false, faces, pos };
}

/** Checked fonts by path and stamp: a long-running process (watch) checks each file once. */
const fontCache = new Map<string, { stamp: string; problem?: FontProblem; coverage?: FontCoverage }>();

/** A font file named by the style: inside the folder, a TrueType or OpenType font by its first bytes, not too large, readable. */
function fontFile(root: string, path: string, pos: Position, diags: Diagnostics, files: string[]): string {
  const full = join(root, path);
  if (readingFromMemory()) {
    // Said once for a file named for several faces and roles.
    if (files.includes(full)) return full;
    files.push(full);
    diags.error(pos, 'file-not-found', `font ${JSON.stringify(path)}: a document read from memory has texts only, no font files`, 'name a shipped font (PT Serif), or read the document from its folder');
    return full;
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    diags.error(pos, 'path-outside', `font ${JSON.stringify(path)} is a URL; fonts are files in the document folder`, 'copy the font file into the document folder (for example fonts/)');
    return full;
  }
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..') || !isInside(root, full)) {
    diags.error(pos, 'path-outside', `font ${JSON.stringify(path)} is outside the document folder`, 'copy the font file into the document folder (for example fonts/)');
    return full;
  }
  // A file named for several faces or roles is checked, and its problem reported, where it is first named.
  if (files.includes(full)) return full;
  files.push(full);
  const problem = openFont(full);
  if (problem) diags.error(pos, problem.rule, problem.message, problem.hint);
  return full;
}

function openFont(file: string): FontProblem | undefined {
  let stamp: string | undefined;
  try {
    const st = statSync(file);
    stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    /* reported by the read below */
  }
  const hit = stamp ? fontCache.get(file) : undefined;
  if (hit && hit.stamp === stamp) return hit.problem;
  const fail = (rule: string, message: string, hint?: string) => {
    const problem = { rule, message, ...(hint ? { hint } : {}) };
    if (stamp) fontCache.set(file, { stamp, problem });
    return problem;
  };
  let bytes: Buffer;
  try {
    // A regular file of bounded size: a FIFO or a device named as a font is refused unread.
    bytes = readUserFile(file, FILE_LIMITS.font);
  } catch (err) {
    if (!(err instanceof UserFileError)) throw err;
    const p = err.problem;
    if (p.rule === 'file-not-found') return { rule: p.rule, message: `no font file ${file}`, hint: 'the style names font files relative to the document folder, like fonts/Serif-Regular.ttf' };
    if (p.rule === 'too-large') return fail('font-too-large', `the font ${file} is larger than ${formatBytes(FILE_LIMITS.font)}, the limit for a font file`, 'a serif for Latin and Cyrillic is well under 1 MB; is this the right file?');
    return { rule: p.rule, message: `the font ${file}: ${p.message}`, ...(p.hint ? { hint: p.hint } : {}) };
  }
  const magic = bytes.subarray(0, 4).toString('latin1');
  const kind = magic === '\x00\x01\x00\x00' || magic === 'true' ? 'TrueType' : magic === 'OTTO' ? 'OpenType' : undefined;
  if (!kind) {
    const what: Record<string, string> = { wOFF: 'a WOFF web font', wOF2: 'a WOFF2 web font', ttcf: 'a font collection (.ttc)' };
    return fail('font-type', `${file} is ${what[magic] ?? 'not a TrueType or OpenType font'} (its first bytes say so, whatever its name)`, 'name a .ttf or .otf file; web fonts and collections cannot be embedded in DOCX and PDF');
  }
  const checked = checkFontBytes(bytes, file);
  if (!('coverage' in checked)) return fail(checked.rule, checked.message, checked.hint);
  if (stamp) fontCache.set(file, { stamp, coverage: checked.coverage });
  return undefined;
}

/**
 * Characters the writers print with a stand-in when a face lacks them: the
 * no-break space and the non-breaking hyphen standpoint puts into references
 * and numbers (compose/typography.ts) become a space and a hyphen held on one
 * line (render/pdf/build.ts).
 */
export const GLYPH_STAND_INS: Readonly<Record<string, string>> = { '\u00a0': ' ', '\u2011': '-' };

/**
 * Characters laid out without a glyph of their own: spaces below U+0021, controls, and format characters
 * (the soft hyphen, zero-width marks, direction marks and overrides: Unicode's Cf, which the invisible-character
 * rule reports on its own).
 */
function needsNoGlyph(cp: number): boolean {
  return cp <= 0x20 || (cp >= 0x7f && cp <= 0x9f) || /\p{Cf}/u.test(String.fromCodePoint(cp));
}

/**
 * The characters of `chars` some face of `family` cannot print (a font from
 * the document folder may lack the Kazakh letters, PT Serif lacks the thin
 * space): the PDF would print empty boxes in their place. Sorted.
 */
export function missingGlyphs(family: FontFamily, chars: Iterable<string>): string[] {
  return missingGlyphsOf(family, [...new Set(chars)].filter((c) => !needsNoGlyph(c.codePointAt(0)!) && !(c in GLYPH_STAND_INS)));
}

function missingGlyphsOf(family: FontFamily, wanted: string[]): string[] {
  const missing = new Set<string>();
  for (const face of new Set(Object.values(family.faces))) {
    if (!fontCache.get(face)?.coverage) openFont(face);
    const coverage = fontCache.get(face)?.coverage;
    if (!coverage) continue;
    for (const c of wanted) if (!coverage.has(c.codePointAt(0)!)) missing.add(c);
  }
  return [...missing].sort();
}

let defaultResolved: HouseStyle | undefined;

/** The shipped default style alone (a document read without its folder's style, a test's hand-made document). */
export function defaultStyle(): HouseStyle {
  if (!defaultResolved) {
    const diags = new Diagnostics();
    const layer = loadDefaultLayer(diags);
    if (!layer || diags.hasErrors) throw new Error(`the default style ${DEFAULT_STYLE_FILE} is broken: ${diags.items.map((d) => d.message).join('; ')}`);
    defaultResolved = resolve([layer], join(packageRoot, 'styles'), diags, []);
  }
  return defaultResolved;
}
