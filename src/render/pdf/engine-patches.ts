/**
 * Changes to pdfmake and pdfkit, applied once per process before the first
 * PDF. Owns the list of monkey patches of those two libraries, and the speed
 * patches themselves; the typesetting patches live beside it:
 * line-breaking.ts (hyphenation, justification), page-breaks.ts (widows,
 * orphans, keep-with-next) and footnote-area.ts (notes at the page's foot),
 * the drawing ones in line-drawing.ts. Those and `drawLineRunsTogether` (a
 * line's words as one text object: same positions, smaller file) change the
 * output on purpose (OUTPUT_PATCHES).
 * Every other patch only saves time: the PDF bytes are equal with and without
 * it. Why patches at all: pdfmake has no hyphenation, widow control,
 * keep-with-next or footnote area, and pdfmake and pdfkit spend most of a
 * render on per-word overheads (style lookups, buffers, text objects); neither
 * has options for them. Each patch names the library function it replaces and
 * checks that it exists; a pdfmake or pdfkit upgrade must re-check them
 * (test/e2e/pdf-engine-patches.test.ts compares the bytes with and without the
 * speed patches, every line's position with and without the drawing one, and
 * what each typesetting patch does to the 2011 response).
 */
import { LINE_PATCHES } from './line-breaking.js';
import { keepLinesTogether } from './page-breaks.js';
import { footnoteArea } from './footnote-area.js';
import { trackLayoutRuns } from './layout-run.js';
import { ShapeStore, type ShapedRun } from './shape-cache.js';
import { flushPending, onReferencePrototype, type PdfReference } from './pdf-reference.js';
import { COMPUTED_ONCE_PATCHES, fontFileOf } from './computed-once.js';
import { LINE_DRAWING_PATCHES } from './line-drawing.js';

type Dict = Record<string, unknown>;
type StyleDict = Record<string, Dict | undefined>;
interface StyleStack {
  styleDictionary: StyleDict;
  styleOverrides?: unknown[];
  defaultStyle?: Dict;
}

const isValue = (v: unknown) => v !== undefined && v !== null;

function fromNamedStyle(dict: StyleDict, name: string, property: string, visited?: Set<string>): unknown {
  const style = dict[name];
  if (!style) return undefined;
  if (isValue(style[property])) return style[property];
  if (!style.extends) return undefined;
  const seen = visited ?? new Set<string>();
  if (seen.has(name)) return undefined;
  seen.add(name);
  const parents = Array.isArray(style.extends) ? (style.extends as string[]) : [style.extends as string];
  for (let i = parents.length - 1; i >= 0; i--) {
    const v = fromNamedStyle(dict, parents[i]!, property, seen);
    if (isValue(v)) return v;
  }
  return undefined;
}

function getStyleProperty(item: Dict, stack: StyleStack | undefined, property: string, defaultValue: unknown): unknown {
  if (isValue(item[property])) return item[property];
  if (!stack) return defaultValue;
  const dict = stack.styleDictionary;
  if (typeof item !== 'string' && typeof item.section === 'undefined' && item.style) {
    const names = Array.isArray(item.style) ? (item.style as unknown[]) : [item.style];
    for (let i = names.length - 1; i >= 0; i--) {
      const n = names[i];
      const v = typeof n === 'string' ? fromNamedStyle(dict, n, property) : (n as Dict)[property];
      if (isValue(v)) return v;
    }
  }
  const overrides = stack.styleOverrides;
  if (overrides) {
    for (let i = overrides.length - 1; i >= 0; i--) {
      const o = overrides[i];
      const v = typeof o === 'string' ? fromNamedStyle(dict, o, property) : (o as Dict)[property];
      if (isValue(v)) return v;
    }
  }
  const v = stack.defaultStyle?.[property];
  return isValue(v) ? v : defaultValue;
}

/**
 * pdfmake's StyleContextStack.getStyleProperty pushes the item on the stack,
 * allocates a closure and a Set per lookup and pops again; it runs ~20 times
 * per word. Same lookup, same order (the item's own value, its named styles
 * from last to first, the stack from the top, the default style), no allocations.
 */
function fasterStyleLookup(require: NodeRequire): void {
  const Stack = (require('pdfmake/js/StyleContextStack.js') as { default: Dict }).default;
  if (Stack.__standpoint) return;
  Stack.getStyleProperty = getStyleProperty;
  Stack.__standpoint = true;
}

/**
 * Whether a UTF-16 code unit is one that \s matches in a regular expression
 * (white space and line terminators, ECMAScript's WhiteSpace and
 * LineTerminator); test/unit/regexp-space.test.ts checks all 65 536.
 */
export function isRegExpSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** Set on each word by copyStyle: a number naming the style object copied into it, shared by the words of one text run. */
const STYLE_SOURCE = Symbol('standpoint.styleSource');

interface MeasuredInline extends Dict {
  text: string;
  font: { lineHeight(size: number): number };
  fontSize: number;
  width: number;
  height: number;
  leadingCut: number;
  trailingCut: number;
}
interface TextInlines {
  pdfDocument: { provideFont(font: unknown, bold: unknown, italics: unknown): MeasuredInline['font'] };
  widthOfText(text: string, inline: Dict): number;
}

interface ResolvedStyle {
  font: MeasuredInline['font'];
  alignment: unknown;
  fontSize: number;
  fontFeatures: unknown;
  characterSpacing: unknown;
  color: unknown;
  decoration: unknown;
  decorationColor: unknown;
  decorationStyle: unknown;
  decorationThickness: unknown;
  background: unknown;
  link: unknown;
  linkToPage: unknown;
  linkToDestination: unknown;
  noWrap: unknown;
  opacity: unknown;
  sup: unknown;
  sub: unknown;
  lineHeight: number;
  preserveLeadingSpaces: unknown;
  preserveTrailingSpaces: unknown;
}

/** The style TextInlines.measure resolves for a word, with pdfmake's defaults, in its order. */
function resolveStyle(inlines: TextInlines, item: Dict, stack: StyleStack): ResolvedStyle {
  const get = (p: string, d: unknown) => getStyleProperty(item, stack, p, d);
  const font = inlines.pdfDocument.provideFont(get('font', 'Roboto'), get('bold', false), get('italics', false));
  return {
    font,
    alignment: get('alignment', 'left'),
    fontSize: get('fontSize', 12) as number,
    fontFeatures: get('fontFeatures', null),
    characterSpacing: get('characterSpacing', 0),
    color: get('color', 'black'),
    decoration: get('decoration', null),
    decorationColor: get('decorationColor', null),
    decorationStyle: get('decorationStyle', null),
    decorationThickness: get('decorationThickness', null),
    background: get('background', null),
    link: get('link', null),
    linkToPage: get('linkToPage', null),
    linkToDestination: get('linkToDestination', null),
    noWrap: get('noWrap', null),
    opacity: get('opacity', 1),
    sup: get('sup', false),
    sub: get('sub', false),
    lineHeight: get('lineHeight', 1) as number,
    preserveLeadingSpaces: get('preserveLeadingSpaces', false),
    preserveTrailingSpaces: get('preserveTrailingSpaces', false),
  };
}

/**
 * pdfmake's TextInlines.measure resolves 20 style properties for every word
 * although the words of one text run share them. This is the same function,
 * resolving once per run of consecutive words copied from the same style
 * object (TextBreaker.getBreaks copies one object into each word of a run with
 * StyleContextStack.copyStyle, patched here to remember it); a word's resolved
 * style depends only on those copied keys and the stack, which is fixed for
 * one call. Words without a remembered source are resolved one by one.
 */
function measureStylesOncePerRun(require: NodeRequire): void {
  const proto = (require('pdfmake/js/TextInlines.js') as { default: { prototype: Dict } }).default.prototype;
  if (proto.__standpoint) return;
  const Stack = (require('pdfmake/js/StyleContextStack.js') as { default: Dict }).default;
  const copyStyle = Stack.copyStyle as (source?: Dict | null, destination?: Dict) => Dict;
  // A number, not the source object: a reference would keep every copied style alive as long as its words.
  const ids = new WeakMap<object, number>();
  let nextId = 1;
  Stack.copyStyle = function (source: Dict | null = {}, destination: Dict = {}) {
    const result = copyStyle(source, destination);
    if (source) {
      let id = ids.get(source);
      if (id === undefined) ids.set(source, (id = nextId++));
      (result as Record<symbol, unknown>)[STYLE_SOURCE] = id;
    }
    return result;
  };
  proto.measure = function measure(this: TextInlines, array: MeasuredInline[], stack: StyleStack) {
    if (array.length) {
      const leadingIndent = getStyleProperty(array[0]!, stack, 'leadingIndent', 0) as number;
      if (leadingIndent) {
        array[0]!.leadingCut = -leadingIndent;
        array[0]!.leadingIndent = leadingIndent;
      }
    }
    let source: unknown;
    let r: ResolvedStyle | undefined;
    for (let at = 0; at < array.length; at++) {
      const item = array[at]!;
      const from = (item as unknown as Record<symbol, unknown>)[STYLE_SOURCE];
      if (!r || from === undefined || from !== source) {
        source = from;
        r = resolveStyle(this, item, stack);
      }
      // The measured word is made whole at once, in a literal with every
      // property measuring sets: pdfmake adds them one by one to the word
      // TextBreaker made, whose property store V8 then copies to a larger one
      // every three — a fifth of a PDF's garbage. The values are pdfmake's;
      // only the order of the keys differs, which nothing reads (pdfmake
      // copies a word with for-in when it splits one).
      const sized = r.sup || r.sub ? r.fontSize * 0.58 : r.fontSize;
      const word: MeasuredInline = {
        text: item.text,
        font: r.font,
        alignment: r.alignment,
        fontSize: sized,
        fontFeatures: r.fontFeatures,
        characterSpacing: r.characterSpacing,
        color: r.color,
        decoration: r.decoration,
        decorationColor: r.decorationColor,
        decorationStyle: r.decorationStyle,
        decorationThickness: r.decorationThickness,
        background: r.background,
        link: r.link,
        linkToPage: r.linkToPage,
        linkToDestination: r.linkToDestination,
        noWrap: r.noWrap,
        opacity: r.opacity,
        sup: r.sup,
        sub: r.sub,
        width: 0,
        height: 0,
        leadingCut: item.leadingCut || 0,
        trailingCut: 0,
      };
      // The word's other own properties (lineEnd, noNewLine, its own styles, leadingIndent), as it had them.
      for (const key in item) if (!(key in word)) word[key] = item[key];
      word.width = this.widthOfText(word.text, word);
      word.height = word.font.lineHeight(word.fontSize) * r.lineHeight;
      // pdfmake matches /^(\s)+/ and /(\s)+$/ here; the same spaces are found by code units.
      const text = word.text;
      if (!r.preserveLeadingSpaces) {
        let end = 0;
        while (end < text.length && isRegExpSpace(text.charCodeAt(end))) end++;
        if (end > 0) word.leadingCut += this.widthOfText(text.slice(0, end), word);
      }
      if (!r.preserveTrailingSpaces) {
        let start = text.length;
        while (start > 0 && isRegExpSpace(text.charCodeAt(start - 1))) start--;
        if (start < text.length) word.trailingCut = this.widthOfText(text.slice(start), word);
      }
      array[at] = word;
    }
    return array;
  };
  proto.__standpoint = true;
}

/**
 * pdfkit's PDFReference.write turns every content operator ("q", "BT", one
 * "TJ" per word …) into its own Buffer and concatenates them at the end: a
 * tenth of the PDF time. Strings are kept and joined once, in the same
 * encoding ('binary' = latin1) and with the same newline after each, so the
 * stream bytes are equal.
 */
function bufferContentStrings(require: NodeRequire): void {
  onReferencePrototype(require, '__standpointRef', (proto) => {
    const write = proto.write as (this: PdfReference, chunk: unknown) => void;
    const finalize = proto.finalize as (this: PdfReference) => void;
    proto.write = function (this: PdfReference, chunk: unknown) {
      if (chunk instanceof Uint8Array) {
        flushPending(this);
        write.call(this, chunk);
        return;
      }
      const s = `${chunk as string}\n`;
      (this.__pending ??= []).push(s);
      this.uncompressedLength += s.length;
      this.data.Length = (this.data.Length ?? 0) + s.length;
      if (this.compress) this.data.Filter = 'FlateDecode';
    };
    proto.finalize = function (this: PdfReference) {
      flushPending(this);
      finalize.call(this);
    };
  });
}

interface LayoutRun {
  glyphs: unknown[];
  positions: unknown[];
  advanceWidth: number;
}
interface LayoutCaches {
  /** pdfkit's own per-font word cache (EmbeddedFont.layoutCache), keyed by a word with its trailing space. */
  words: Record<string, LayoutRun>;
  /** Whole texts, looked up before pdfkit splits them into words. */
  texts: Map<string, LayoutRun>;
}

const layoutCaches = new WeakMap<object, LayoutCaches>();

/** The layout caches of one font file (the Buffer pdfmake's virtual file system holds), made on first use. */
function layoutCachesFor(file: object): LayoutCaches {
  let c = layoutCaches.get(file);
  if (!c) layoutCaches.set(file, (c = { words: Object.create(null) as Record<string, LayoutRun>, texts: new Map() }));
  return c;
}
interface EmbeddedFont {
  layoutCache?: Record<string, LayoutRun>;
  __standpointTexts?: Map<string, LayoutRun>;
  /** The persistent shapes of this font's file (persistentShapes), null when the cache is off. */
  __standpointShapes?: ShapeStore | null;
  font?: unknown;
  layoutRun(text: string, features?: unknown): LayoutRun;
}
type PdfDocumentFonts = Dict & { fontCache: Record<string, Record<string, EmbeddedFont>>; fonts: Record<string, Record<string, unknown>>; virtualfs?: unknown };

/**
 * pdfkit shapes every word again in each document, and pdfmake and pdfkit lay
 * out the same text up to three times per document (EmbeddedFont.layout splits
 * it at spaces character by character each time). Here the word cache pdfkit
 * keeps per document is kept per font file for the whole process, and whole
 * texts are looked up before they are split. pdfkit only reads layout results
 * (positions are scaled once, in layoutRun, before caching).
 * Not shared: the fontkit font itself. Its glyph objects keep the code points
 * of their first use, and subsetting one document creates composite glyphs'
 * components without any ("P" inside Cyrillic "Р"); a later document reusing
 * them would lose those letters from its ToUnicode map. Cached runs hold
 * glyphs made by shaping, which carry their code points.
 */
function shareLayoutsAcrossDocuments(require: NodeRequire): void {
  const Doc = (require('pdfmake/js/PDFDocument.js') as { default: { prototype: Dict } }).default.prototype;
  if (Doc.__standpoint) return;
  const provideFont = Doc.provideFont as (this: Dict, family: string, bold: boolean, italics: boolean) => EmbeddedFont;
  let embeddedProto: Dict | undefined;
  Doc.provideFont = function (this: PdfDocumentFonts, family: string, bold: boolean, italics: boolean) {
    const type = (this.getFontType as (b: boolean, i: boolean) => string)(bold, italics);
    const known = this.fontCache[family]?.[type];
    if (known) return known;
    const embedded = provideFont.call(this, family, bold, italics);
    const file = fontFileOf(this, family, bold, italics);
    if (file && embedded.layoutCache) {
      const c = layoutCachesFor(file);
      embedded.layoutCache = c.words;
      embedded.__standpointTexts = c.texts;
    }
    if (!embeddedProto) patchEmbeddedFontLayout((embeddedProto = Object.getPrototypeOf(embedded) as Dict));
    return embedded;
  };
  Doc.__standpoint = true;
}

function patchEmbeddedFontLayout(proto: Dict): void {
  const layout = proto.layout as (this: EmbeddedFont, text: string, features?: unknown, onlyWidth?: boolean) => LayoutRun;
  proto.layout = function (this: EmbeddedFont, text: string, features?: unknown, onlyWidth?: boolean) {
    const texts = this.__standpointTexts;
    if (features || !texts) return layout.call(this, text, features, onlyWidth);
    let run = texts.get(text);
    if (!run) {
      run = layout.call(this, text, features, false);
      texts.set(text, run);
    }
    return run;
  };
}

const shapeStores = new WeakMap<object, ShapeStore | null>();

/**
 * Words shaped in earlier processes, read from the typesetting cache file, and
 * words shaped now, kept there for the next (shape-cache.ts): pdfkit's
 * EmbeddedFont.layoutCached asks the cache of the font's file before fontkit
 * shapes a word. Off with `--no-cache` or STANDPOINT_NO_CACHE.
 */
function persistentShapes(require: NodeRequire): void {
  const Doc = (require('pdfmake/js/PDFDocument.js') as { default: { prototype: Dict } }).default.prototype;
  if (Doc.__standpointShapes) return;
  const provideFont = Doc.provideFont as (this: PdfDocumentFonts, family: string, bold: boolean, italics: boolean) => EmbeddedFont;
  if (typeof provideFont !== 'function') throw new Error('pdfmake: PDFDocument.provideFont is missing; the engine patches need checking for this pdfmake');
  let patched = false;
  Doc.provideFont = function (this: PdfDocumentFonts, family: string, bold: boolean, italics: boolean) {
    const embedded = provideFont.call(this, family, bold, italics);
    if (embedded.__standpointShapes === undefined && embedded.layoutCache) {
      const file = fontFileOf(this, family, bold, italics);
      let store = file ? shapeStores.get(file) : null;
      if (file && store === undefined) shapeStores.set(file, (store = ShapeStore.open(require, file as Uint8Array, embedded.font) ?? null));
      embedded.__standpointShapes = store ?? null;
    }
    if (!patched) {
      patched = true;
      const proto = Object.getPrototypeOf(embedded) as Dict;
      const layoutCached = proto.layoutCached as (this: EmbeddedFont, text: string) => LayoutRun;
      if (typeof layoutCached !== 'function' || typeof proto.layoutRun !== 'function') throw new Error('pdfkit: EmbeddedFont.layoutCached is missing; the engine patches need checking for this pdfkit');
      // pdfkit's layoutCached, with the cache file between its word cache and fontkit.
      proto.layoutCached = function (this: EmbeddedFont, text: string) {
        const words = this.layoutCache;
        const store = this.__standpointShapes;
        if (!words || !store) return layoutCached.call(this, text);
        const cached = words[text];
        if (cached) return cached;
        const found = store.find(text) as LayoutRun | undefined;
        if (found) return (words[text] = found);
        const run = this.layoutRun(text);
        words[text] = run;
        store.learn(text, run as unknown as ShapedRun);
        return run;
      };
    }
    return embedded;
  };
  Doc.__standpointShapes = true;
}

/** The patches by name; OUTPUT_PATCHES change the output bytes. */
export const PDF_ENGINE_PATCHES = {
  ...LINE_PATCHES,
  keepLinesTogether,
  footnoteArea,
  fasterStyleLookup,
  measureStylesOncePerRun,
  bufferContentStrings,
  shareLayoutsAcrossDocuments,
  persistentShapes,
  // drawWordsDirectly before drawLineRunsTogether: the lines it leaves go to the first.
  ...LINE_DRAWING_PATCHES,
  ...COMPUTED_ONCE_PATCHES,
} as const;
export type PdfEnginePatch = keyof typeof PDF_ENGINE_PATCHES;
/** The patches that change bytes; the others must give the same bytes with or without them. */
export const OUTPUT_PATCHES: readonly PdfEnginePatch[] = ['justifyAtWordGapsOnly', 'breakLinesWithHyphens', 'keepLinesTogether', 'footnoteArea', 'drawLineRunsTogether'];
/** The typesetting patches: OUTPUT_PATCHES but the drawing one, which changes bytes but no position. */
export const TYPESETTING_PATCHES: readonly PdfEnginePatch[] = OUTPUT_PATCHES.filter((p) => p !== 'drawLineRunsTogether');

/**
 * Applies the patches (all by default; idempotent). `require` must resolve
 * pdfmake and pdfkit as pdfmake itself does, so the patched modules are the
 * ones it uses. The test of the speed patches applies only OUTPUT_PATCHES in
 * a second process and compares the bytes.
 */
export function patchPdfEngine(require: NodeRequire, only?: readonly PdfEnginePatch[]): void {
  // Not a patch of the output: it names the document being laid out, for the typesetting patches.
  trackLayoutRuns(require);
  for (const [name, patch] of Object.entries(PDF_ENGINE_PATCHES)) {
    if (!only || only.includes(name as PdfEnginePatch)) {
      patch(require);
      applied.add(name as PdfEnginePatch);
    }
  }
}

const applied = new Set<PdfEnginePatch>();

/** The patches applied in this process. */
export function appliedPdfEnginePatches(): ReadonlySet<PdfEnginePatch> {
  return applied;
}
