/**
 * Engine patches for how a laid-out line becomes content-stream operators
 * (pdfmake's Renderer.renderLine, pdfkit's text drawing). Owns the two ways a
 * line is drawn faster than pdfmake draws it: `drawLineRunsTogether` (an output
 * patch: a line's words of one style as one text object, every glyph where it
 * was) and `drawWordsDirectly` (a speed patch: word by word, the very bytes
 * pdfmake and pdfkit write, without their general text machinery), and
 * `encodeOncePerDocument`. Nothing here decides where a line or a glyph goes:
 * positions come from the layout.
 */
type Dict = Record<string, unknown>;
type Encoded = [string[], { xAdvance: number; advanceWidth: number; xOffset?: number; yOffset?: number }[]];

interface DrawnInline {
  text: string;
  x: number;
  font: { id: string; ascender: number; encode(text: string): Encoded; ref(): unknown };
  fontSize: number;
  color?: unknown;
  opacity?: unknown;
  sup?: unknown;
  sub?: unknown;
  [key: string]: unknown;
}
interface DrawnLine {
  inlines: DrawnInline[];
  id?: unknown;
  _outline?: unknown;
  _pageNodeRef?: unknown;
  getHeight(): number;
  getAscenderHeight(): number;
}
interface PdfKitDoc {
  x: number;
  y: number;
  _font: unknown;
  _fontSize: number;
  _fillColor?: unknown;
  page: { height: number; fonts: Record<string, unknown> };
  opacity(o: number): void;
  fill(color: unknown): void;
  resolveColor(color: unknown, fallback: string): unknown;
  _normalizeColor(color: unknown): unknown;
  fontSize(size: number): void;
  addContent(s: string): void;
  addNamedDestination(name: unknown, ...args: unknown[]): void;
}
type RenderLine = (this: { pdfDocument: PdfKitDoc }, line: DrawnLine, x?: number, y?: number) => void;

/** pdfkit's number format in content streams (PDFObject.number). */
const num = (n: number) => Math.round(n * 1e6) / 1e6;

/** The opacity Renderer.renderLine sets for a word (pdfmake's isNumber: a number, not NaN). */
const opacityOf = (i: DrawnInline) => (typeof i.opacity === 'number' && !Number.isNaN(i.opacity) ? i.opacity : 1);

/**
 * The operators pdfkit's fill(color) writes for a colour pdfmake resolved
 * (resolveColor, then fillColor: colour space, colour, then the empty fill
 * "f"), per document and colour name: pdfmake sets it before every word, and
 * pdfkit parses the colour, tests it against two regular expressions and
 * builds the same three strings each time. Colours that are not plain names
 * or hex values (spot colours, gradients, arrays) go through pdfkit.
 */
const fillOperators = new WeakMap<PdfKitDoc, Map<string, { ops: string; resolved: string } | null>>();

function fillAsPdfkit(doc: PdfKitDoc, color: unknown): void {
  if (typeof color !== 'string' || color === '') {
    doc.fill(doc.resolveColor(color, 'black'));
    return;
  }
  let known = fillOperators.get(doc);
  if (!known) fillOperators.set(doc, (known = new Map()));
  let fill = known.get(color);
  if (fill === undefined) {
    const resolved = doc.resolveColor(color, 'black') as string;
    const c = doc._normalizeColor(resolved);
    // fillColor writes "/<space> cs" and "<components> scn", fill writes "f": one string, with the newlines pdfkit's three writes put after each.
    fill = Array.isArray(c) && (c.length === 3 || c.length === 4) && c.every((v) => typeof v === 'number') ? { ops: `/${c.length === 4 ? 'DeviceCMYK' : 'DeviceRGB'} cs\n${c.join(' ')} scn\nf`, resolved } : null;
    known.set(color, fill);
  }
  if (fill === null) {
    doc.fill(doc.resolveColor(color, 'black'));
    return;
  }
  doc.addContent(fill.ops);
  // As fillColor leaves it (fillOpacity(undefined) writes nothing).
  doc._fillColor = [fill.resolved, undefined];
}

/**
 * Whether an inline needs pdfmake's own drawing (links, decorations, super-
 * and subscripts …). Named reads, not a loop over the names: a read by a
 * name held in a variable is a slow lookup, and this runs for every word.
 */
function specialInline(i: DrawnInline): boolean {
  return !plainWord(i) || !!(i.sup || i.sub);
}

/** What pdfmake draws word by word and drawWordsDirectly can draw as it does: no links, decorations, backgrounds, page references, letter spacing or font features. */
function plainWord(i: DrawnInline): boolean {
  return !(i._pageNodeRef || i.link || i.linkToDestination || i.linkToPage || i.decoration || i.background || i.characterSpacing || i.fontFeatures);
}

/**
 * A word's encoded glyphs as the drawing writes them, worked out once per
 * encoding (encodeOncePerDocument hands out one per word and document, so a
 * word met again costs a lookup): the operands of pdfkit's TJ array, the same
 * cut as drawLineRunsTogether writes it, and each glyph's advance.
 */
interface GlyphRun {
  glyphs: number;
  /** A glyph has an x or y offset (a positioned mark): only pdfkit's own drawing writes those. */
  offset: boolean;
  /** pdfkit's _fragment: segments cut after each kerned glyph, each with its adjustment, the last one too. */
  pdfkitOperands: string;
  /** The same, the last segment without its adjustment (0 unless it is kerned). */
  runOperands: string;
  /** In font units, for the pen: added glyph by glyph as pdfkit does, so the sums round as they did. */
  advances: Float64Array;
}
/** The run, kept on the encoding itself: a property read is cheaper than a WeakMap lookup, once per word drawn. */
type EncodedWithRun = Encoded & { __glyphRun?: GlyphRun };

function glyphRunOf(encoded: EncodedWithRun): GlyphRun {
  let run = encoded.__glyphRun;
  if (run) return run;
  const [hex, positions] = encoded;
  const parts: string[] = [];
  const advances = new Float64Array(positions.length);
  let offset = false;
  let from = 0;
  for (let g = 0; g < positions.length; g++) {
    const p = positions[g]!;
    if (p.xOffset || p.yOffset) offset = true;
    advances[g] = p.xAdvance;
    if (p.xAdvance - p.advanceWidth !== 0) {
      parts.push(`<${hex.slice(from, g + 1).join('')}> ${num(-(p.xAdvance - p.advanceWidth))}`);
      from = g + 1;
    }
  }
  const kerned = parts.join(' ');
  let pdfkitOperands = kerned;
  let runOperands = kerned;
  if (from < hex.length) {
    const tail = `<${hex.slice(from).join('')}>`;
    const last = positions[hex.length - 1]!;
    pdfkitOperands = `${kerned}${kerned ? ' ' : ''}${tail} ${num(-(last.xAdvance - last.advanceWidth))}`;
    runOperands = `${kerned}${kerned ? ' ' : ''}${tail}`;
  }
  run = { glyphs: hex.length, offset, pdfkitOperands, runOperands, advances };
  encoded.__glyphRun = run;
  return run;
}

/**
 * Each word's glyphs, encoded before anything is written (registering them in
 * the font subset in drawing order, as pdfkit would), or undefined when a word
 * holds a positioned mark.
 */
function encodeLine(inlines: DrawnInline[]): GlyphRun[] | undefined {
  const runs: GlyphRun[] = [];
  for (const inline of inlines) {
    const text = inline.text.includes('\n') ? inline.text.replace(/\n/g, '') : inline.text;
    const run = glyphRunOf(inline.font.encode(text));
    if (run.offset) return undefined;
    runs.push(run);
  }
  return runs;
}

/** Where a line is drawn and its vertical measures, as Renderer.renderLine works them out. */
function lineFrame(line: DrawnLine, x?: number, y?: number): { left: number; top: number; lineHeight: number; descent: number } {
  const lineHeight = line.getHeight();
  return { left: x || 0, top: y || 0, lineHeight, descent: lineHeight - line.getAscenderHeight() };
}

/** The state Renderer.renderLine sets before each word it draws: opacity, colour (with pdfkit's empty fill), font and size. */
function setWordState(doc: PdfKitDoc, inline: DrawnInline): void {
  doc.opacity(opacityOf(inline));
  fillAsPdfkit(doc, inline.color);
  doc._font = inline.font;
  doc.fontSize(inline.fontSize);
}

/**
 * One text object as pdfkit's _fragment writes it — saved state, flipped
 * matrix, BT, position, font, the TJ array when there are glyphs, ET,
 * restored state (the matrix comes back to what it was) — as one string,
 * with the newlines pdfkit's separate writes put after each operator; the
 * font is registered on the page first, as _fragment does.
 */
function writeTextObject(doc: PdfKitDoc, font: DrawnInline['font'], size: number, x: number, baseline: number, operands: string | undefined): void {
  if (doc.page.fonts[font.id] == null) doc.page.fonts[font.id] = font.ref();
  const glyphs = operands === undefined ? '' : `[${operands}] TJ\n`;
  doc.addContent(`q\n1 0 0 -1 0 ${num(doc.page.height)} cm\nBT\n1 0 0 1 ${num(x)} ${num(baseline)} Tm\n/${font.id} ${num(size)} Tf\n${glyphs}ET\nQ`);
}

/**
 * pdfmake draws every word of a line through pdfkit's general text function:
 * options copied and merged, the text split at newlines, a regular expression
 * over it, the word's width measured again, the colour parsed, the matrix
 * state copied — for the same few operators each time (opacity, colour, an
 * empty fill, a saved and transformed state, BT, position, font, glyphs, ET).
 * Here a line of plain words (see plainWord; super- and subscripts included,
 * and the named destination of a line with an id) is written word by word with
 * exactly those operators, in that order, with pdfkit's numbers: the PDF bytes
 * are the same (test/e2e/pdf-engine-patches.test.ts compares them with and
 * without the speed patches). The matrix pdfkit saves, transforms and restores
 * around each word is left alone: it comes back to what it was.
 */
function drawWordsDirectly(require: NodeRequire): void {
  const proto = (require('pdfmake/js/Renderer.js') as { default: { prototype: Dict } }).default.prototype;
  if (proto.__standpointWords) return;
  const original = proto.renderLine as RenderLine;
  if (typeof original !== 'function') throw new Error('pdfmake: Renderer.renderLine is missing; the engine patches need checking for this pdfmake');
  proto.renderLine = function renderLine(this: { pdfDocument: PdfKitDoc }, line: DrawnLine, x?: number, y?: number) {
    const inlines = line.inlines;
    if (line._outline || line._pageNodeRef || !inlines?.length) return original.call(this, line, x, y);
    for (const inline of inlines) {
      // A newline inside a word makes pdfkit draw each part as its own text object.
      if (!plainWord(inline) || typeof inline.font?.encode !== 'function' || inline.text.includes('\n')) return original.call(this, line, x, y);
    }
    const encoded = encodeLine(inlines);
    if (!encoded) return original.call(this, line, x, y);
    const doc = this.pdfDocument;
    const { left, top, lineHeight, descent } = lineFrame(line, x, y);
    for (let i = 0; i < inlines.length; i++) {
      const inline = inlines[i]!;
      // Renderer.renderLine, in its order and with its arithmetic.
      const shiftToBaseline = lineHeight - (inline.font.ascender / 1000) * inline.fontSize - descent;
      setWordState(doc, inline);
      let wordY = top + shiftToBaseline;
      if (inline.sup) wordY -= inline.fontSize * 0.75;
      if (inline.sub) wordY += inline.fontSize * 0.35;
      const wordX = left + inline.x;
      // pdfkit's text(): the position becomes the document's; _fragment draws nothing for an empty word.
      doc.x = wordX;
      doc.y = wordY;
      const run = encoded[i]!;
      if (inline.text.length === 0) continue;
      if (line.id && i === 0) doc.addNamedDestination(line.id, 'XYZ', wordX, wordY, null);
      const size = doc._fontSize;
      const baseline = doc.page.height - wordY - (inline.font.ascender / 1000) * size;
      writeTextObject(doc, inline.font, size, wordX, baseline, run.glyphs ? run.pdfkitOperands : undefined);
    }
  };
  proto.__standpointWords = true;
}

/**
 * pdfmake draws every word as its own text object — opacity, colour, an empty
 * fill, a saved and transformed state, BT, position, font, the glyphs, ET —
 * which is two thirds of the PDF's render time and of its content streams
 * (Renderer.renderLine; its own comment says lines of one style should be
 * written as one). Here consecutive words of a line in the same font, size,
 * colour and opacity are one text object: the same operators once, then one
 * TJ array holding each word's glyphs with pdfkit's kerning adjustments
 * (exactly as pdfkit's _fragment writes them) and, between words, the
 * displacement that puts each word where pdfmake placed it (justified gaps
 * included). Every glyph lands where it did (test/e2e/pdf-engine-patches.test.ts
 * compares the position of every word); the file is smaller. Lines with links,
 * decorations, outline entries, destinations, page references, super- or
 * subscripts, letter spacing, font features or positioned marks are drawn as
 * pdfmake draws them (by drawWordsDirectly where it applies).
 */
function drawLineRunsTogether(require: NodeRequire): void {
  const proto = (require('pdfmake/js/Renderer.js') as { default: { prototype: Dict } }).default.prototype;
  if (proto.__standpointRuns) return;
  const original = proto.renderLine as RenderLine;
  proto.renderLine = function renderLine(this: { pdfDocument: PdfKitDoc }, line: DrawnLine, x?: number, y?: number) {
    const inlines = line.inlines;
    if (line._outline || line._pageNodeRef || line.id || !inlines?.length) return original.call(this, line, x, y);
    for (const inline of inlines) {
      if (specialInline(inline)) return original.call(this, line, x, y);
      if (typeof inline.font?.encode !== 'function') return original.call(this, line, x, y);
    }
    const encoded = encodeLine(inlines);
    if (!encoded) return original.call(this, line, x, y);
    const doc = this.pdfDocument;
    const { left, top, lineHeight, descent } = lineFrame(line, x, y);
    let i = 0;
    while (i < inlines.length) {
      const first = inlines[i]!;
      let j = i + 1;
      while (j < inlines.length && inlines[j]!.font === first.font && inlines[j]!.fontSize === first.fontSize && inlines[j]!.color === first.color && inlines[j]!.opacity === first.opacity) j++;
      // As Renderer.renderLine sets the state for each word.
      setWordState(doc, first);
      const size = doc._fontSize;
      const top0 = top + lineHeight - (first.font.ascender / 1000) * first.fontSize - descent;
      const parts: string[] = [];
      // Where the text object starts (its first word with glyphs), and where the glyphs written so far end.
      let start: number | undefined;
      let pen = left + first.x;
      for (let k = i; k < j; k++) {
        const run = encoded[k]!;
        if (run.glyphs === 0) continue;
        const at = left + inlines[k]!.x;
        if (start === undefined) start = at;
        else if (at !== pen) parts.push(`${num((-(at - pen) * 1000) / size)}`);
        pen = at;
        parts.push(run.runOperands);
        const advances = run.advances;
        for (let g = 0; g < advances.length; g++) pen += (advances[g]! * size) / 1000;
      }
      if (start !== undefined) writeTextObject(doc, first.font, size, start, doc.page.height - top0 - (first.font.ascender / 1000) * size, parts.join(' '));
      doc.x = pen;
      doc.y = top0;
      i = j;
    }
  };
  proto.__standpointRuns = true;
}

interface EncodingFont {
  encode(text: string, features?: unknown): Encoded;
  __standpointEncoded?: Map<string, Encoded>;
}

/**
 * pdfkit's EmbeddedFont.encode lays a word out and registers its glyphs in the
 * document's font subset each time the word is drawn ("the" a few hundred
 * times a document). The result depends only on the text and the subset's
 * numbering, which a glyph keeps once registered: it is kept per font object,
 * which pdfmake makes per document. Callers only read it.
 */
function encodeOncePerDocument(require: NodeRequire): void {
  const Doc = (require('pdfmake/js/PDFDocument.js') as { default: { prototype: Dict } }).default.prototype;
  if (Doc.__standpointEncode) return;
  const provideFont = Doc.provideFont as (this: Dict, family: string, bold: boolean, italics: boolean) => EncodingFont;
  if (typeof provideFont !== 'function') throw new Error('pdfmake: PDFDocument.provideFont is missing; the engine patches need checking for this pdfmake');
  let patched = false;
  Doc.provideFont = function (this: Dict, family: string, bold: boolean, italics: boolean) {
    const font = provideFont.call(this, family, bold, italics);
    if (!patched && typeof font.encode === 'function' && 'subset' in font) {
      patched = true;
      const proto = Object.getPrototypeOf(font) as Dict;
      const encode = proto.encode as EncodingFont['encode'];
      proto.encode = function (this: EncodingFont, text: string, features?: unknown) {
        if (features) return encode.call(this, text, features);
        const known = (this.__standpointEncoded ??= new Map());
        let e = known.get(text);
        if (!e) known.set(text, (e = encode.call(this, text)));
        return e;
      };
    }
    return font;
  };
  Doc.__standpointEncode = true;
}

export const LINE_DRAWING_PATCHES = { drawWordsDirectly, drawLineRunsTogether, encodeOncePerDocument } as const;
