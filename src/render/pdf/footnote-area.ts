/**
 * A footnote area for pdfmake (an engine patch; pdfmake has none, issue
 * #2133). Owns where notes go on the page and the page height they take;
 * nothing else of the layout.
 *
 * The PDF definition (build.ts) gives each footnote mark a `footnote` object:
 * the note's content (a pdfmake node beginning with its number) and the
 * area's shape (lanes: one page-wide, or one under each column of a parallel
 * text; the separator rule; the gap between notes). When pdfmake adds a line
 * holding marks to a page (ElementWriter.addLine), the notes are laid out at
 * their lane's width and their height is reserved at the foot of that page:
 * the page's available height shrinks, for the context writing and for every
 * column snapshot on that page, and for a later visit of the page
 * (DocumentContext.initializePage). When the line and its notes do not both
 * fit, the line is refused and pdfmake moves it to the next page, as it moves
 * any line that does not fit; a note too long for what is left is split, as
 * Word splits it: at least two of its lines stay under the mark, the rest
 * opens the next page's area, under a full-width rule. When all pages are
 * laid out (LayoutBuilder.addHeadersAndFooters), each page gets its rule and
 * notes as ordinary lines and vectors. Reservations also respect body text
 * already on the page (the other column of a parallel row).
 */
import type { DocumentContext, DocumentContextClass, Dict, Inline, LayoutBuilder, Line, PageElementWriter, PageElementWriterClass } from './pdfmake-types.js';
import { isPageWriter, layoutRun, offPage, type LayoutRun } from './layout-run.js';

export interface FootnoteAreaShape {
  /** Where notes go across the page: offset from the left margin and width, in points. */
  lanes: { x: number; width: number }[];
  /** The separator: its length, thickness, and the space above and below it, in points. */
  rule: { length: number; thickness: number; above: number; below: number; colour?: string };
  /** Space between two notes in a lane. */
  gap: number;
}

/** What build.ts puts on a footnote mark (`{ text: '3', sup: true, footnote: … }`). */
export interface FootnoteMark {
  /** The note: a pdfmake node, its number first. */
  content: Dict;
  lane: number;
  area: FootnoteAreaShape;
}

interface NoteLayout {
  lines: Line[];
  /** Top of each line within the note, and the note's height (its bottom margin included). */
  tops: number[];
  height: number;
}

interface Piece {
  note: NoteLayout;
  from: number;
  to: number;
}

interface PageNotes {
  lanes: Piece[][];
  /** Height of each lane's notes (gaps included). */
  laneHeights: number[];
  /** Height taken from the page: rule and notes, 0 without notes. */
  reserved: number;
  /** Lowest body line on the page so far. */
  bodyBottom?: number;
  /** The first piece of a lane continues a note from the page before. */
  continued: boolean[];
  shape?: FootnoteAreaShape;
}

/** The state of one document's layout. */
class FootnoteArea {
  readonly pages: PageNotes[] = [];
  readonly layouts = new Map<FootnoteMark, NoteLayout>();
  readonly placed = new Set<FootnoteMark>();
  /** Marks met in lines pdfmake set aside (a table's header row, an unbreakable block): placed with the next body line. */
  readonly pending: FootnoteMark[] = [];

  constructor(
    readonly run: LayoutRun,
    readonly Writer: PageElementWriterClass,
    readonly Context: DocumentContextClass,
  ) {}

  page(p: number): PageNotes {
    let s = this.pages[p];
    if (!s) this.pages[p] = s = { lanes: [], laneHeights: [], reserved: 0, continued: [] };
    return s;
  }

  /** The note laid out at its lane's width, off the page (with pdfmake's own layout, so notes are set like body text). */
  layout(mark: FootnoteMark): NoteLayout {
    const known = this.layouts.get(mark);
    if (known) return known;
    const builder = this.run.builder;
    const width = mark.area.lanes[mark.lane]!.width;
    const measured = offPage(this.run, () => {
      const writer = builder.writer;
      const list = builder.linearNodeList;
      const ctx = new this.Context();
      ctx.addPage({ width, height: 1e6 }, { left: 0, top: 0, right: 0, bottom: 0 });
      builder.writer = new this.Writer(ctx);
      builder.linearNodeList = [];
      try {
        builder.processNode(builder.docMeasure.measureBlock(builder.docPreprocessor.preprocessBlock(structuredClone(mark.content))));
        const lines = ctx.pages[0]!.items.filter((i) => i.type === 'line').map((i) => i.item as unknown as Line);
        return { lines, tops: lines.map((l) => l.y ?? 0), height: ctx.y };
      } finally {
        builder.writer = writer;
        builder.linearNodeList = list;
      }
    });
    this.layouts.set(mark, measured);
    return measured;
  }
}

const AREA = 'footnoteArea';

/** pdfmake's classes, kept when the patch is applied. */
let classes: { Writer: PageElementWriterClass; Context: DocumentContextClass } | undefined;

function areaOf(run: LayoutRun | undefined): FootnoteArea | undefined {
  return run?.state.get(AREA) as FootnoteArea | undefined;
}

/** The document's footnote area, made on first use (when the patch is applied). */
function ensureArea(run: LayoutRun): FootnoteArea | undefined {
  let area = areaOf(run);
  if (!area && classes) run.state.set(AREA, (area = new FootnoteArea(run, classes.Writer, classes.Context)));
  return area;
}

/** Height of lines [from, to) of a note. */
function pieceHeight(note: NoteLayout, from: number, to: number): number {
  return (to < note.lines.length ? note.tops[to]! : note.height) - note.tops[from]!;
}

function ruleHeight(shape: FootnoteAreaShape): number {
  return shape.rule.above + shape.rule.thickness + shape.rule.below;
}

function reservedFor(laneHeights: number[], shape: FootnoteAreaShape): number {
  const tallest = Math.max(0, ...laneHeights);
  return tallest > 0 ? ruleHeight(shape) + tallest : 0;
}

function marksOf(line: Line, area: FootnoteArea): FootnoteMark[] {
  let marks: FootnoteMark[] | undefined;
  for (const inline of line.inlines) {
    const m = (inline as Inline & { footnote?: FootnoteMark }).footnote;
    if (m && !area.placed.has(m)) (marks ??= []).push(m);
  }
  return marks ?? [];
}

/** What the page looks like to a plan: its notes so far, where the body stands, the room left. */
interface View {
  page: number;
  laneHeights: number[];
  reserved: number;
  bodyBottom: number;
  /** The body's lowest allowed y without notes (the page's bottom margin). */
  limit: number;
  /** Height still available to the context writing (notes so far already deducted). */
  available: number;
  y: number;
  /** The next page may take a continued note (it has no body text yet). */
  nextFree: boolean;
}

interface Plan {
  /** Pieces for this page and for the next, by lane. */
  here: { lane: number; piece: Piece }[];
  next: { lane: number; piece: Piece }[];
  laneHeights: number[];
  reserved: number;
}

/**
 * Where the notes of a line of height `lineHeight` go if the line is added
 * now; undefined when the line and its notes cannot share the page. With
 * `force` (a line at the top of a page, which has nowhere better to go) notes
 * that do not fit are carried to the next page.
 */
function plan(view: View, marks: FootnoteMark[], layouts: (m: FootnoteMark) => NoteLayout, lineHeight: number, force: boolean): Plan | undefined {
  const shape = marks[0]!.area;
  let heights = view.laneHeights.slice();
  const here: Plan['here'] = [];
  const next: Plan['next'] = [];
  const bottom = Math.max(view.bodyBottom, view.y + lineHeight);
  const fits = (h: number[]) => {
    const r = reservedFor(h, shape);
    return r - view.reserved <= view.available - lineHeight + 1e-6 && bottom + r <= view.limit + 1e-6;
  };
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i]!;
    const note = layouts(mark);
    const lane = mark.lane;
    const gap = (heights[lane] ?? 0) > 0 ? shape.gap : 0;
    const whole = heights.slice();
    whole[lane] = (whole[lane] ?? 0) + gap + note.height;
    if (fits(whole)) {
      heights = whole;
      here.push({ lane, piece: { note, from: 0, to: note.lines.length } });
      continue;
    }
    // As Word does: part of the note under its mark, the rest on the next page.
    const least = force ? 1 : 2;
    let split = 0;
    if (view.nextFree || force) {
      for (let k = note.lines.length - 1; k >= least; k--) {
        const part = heights.slice();
        part[lane] = (part[lane] ?? 0) + gap + pieceHeight(note, 0, k);
        if (fits(part)) {
          split = k;
          heights = part;
          break;
        }
      }
    }
    if (split === 0 && !force) return undefined;
    if (split > 0) here.push({ lane, piece: { note, from: 0, to: split } });
    next.push({ lane, piece: { note, from: split, to: note.lines.length } });
    for (const rest of marks.slice(i + 1)) {
      const n = layouts(rest);
      next.push({ lane: rest.lane, piece: { note: n, from: 0, to: n.lines.length } });
    }
    break;
  }
  return { here, next, laneHeights: heights, reserved: reservedFor(heights, shape) };
}

function viewOf(area: FootnoteArea, ctx: DocumentContext): View {
  const p = ctx.page;
  const s = area.page(p);
  const page = ctx.getCurrentPage()!;
  return {
    page: p,
    laneHeights: s.laneHeights,
    reserved: s.reserved,
    bodyBottom: s.bodyBottom ?? 0,
    limit: page.pageSize.height - page.pageMargins.bottom,
    available: ctx.availableHeight,
    y: ctx.y,
    nextFree: ctx.pages.length <= p + 1 || area.pages[p + 1]?.bodyBottom === undefined,
  };
}

/** Lowers the available height of the page `p` by `delta` for the context and every column snapshot on that page. */
function shrink(ctx: DocumentContext, p: number, delta: number): void {
  if (delta === 0) return;
  if (ctx.page === p) ctx.availableHeight -= delta;
  for (const s of ctx.snapshots) {
    if (s.page === p) s.availableHeight -= delta;
    if (s.bottomMost && s.bottomMost.page === p) s.bottomMost.availableHeight -= delta;
  }
}

function commit(area: FootnoteArea, ctx: DocumentContext, marks: FootnoteMark[], result: Plan): void {
  const p = ctx.page;
  const s = area.page(p);
  const shape = marks[0]!.area;
  s.shape ??= shape;
  for (const { lane, piece } of result.here) (s.lanes[lane] ??= []).push(piece);
  const delta = result.reserved - s.reserved;
  s.laneHeights = result.laneHeights;
  s.reserved = result.reserved;
  shrink(ctx, p, delta);
  if (result.next.length) {
    const n = area.page(p + 1);
    n.shape ??= shape;
    // Continued notes open the next page's area, before its own notes.
    for (const { lane, piece } of [...result.next].reverse()) {
      (n.lanes[lane] ??= []).unshift(piece);
      n.laneHeights[lane] = (n.laneHeights[lane] ?? 0) + pieceHeight(piece.note, piece.from, piece.to) + ((n.lanes[lane]!.length > 1) ? shape.gap : 0);
      if (piece.from > 0) n.continued[lane] = true;
    }
    const before = n.reserved;
    n.reserved = reservedFor(n.laneHeights, shape);
    // The next page may already be open (a parallel row's first column went there).
    if (ctx.pages.length > p + 1) shrink(ctx, p + 1, n.reserved - before);
  }
  for (const m of marks) area.placed.add(m);
}

/**
 * The height the notes of `lines` would add to the current page's footnote
 * area (whole notes, rule included when the page has none yet): for
 * keep-with-next, which must count a finding's notes with it.
 */
export function notesHeight(writer: PageElementWriter, lines: Line[]): number {
  const run = layoutRun();
  const area = isPageWriter(run, writer) ? ensureArea(run!) : undefined;
  if (!area) return 0;
  const marks = lines.flatMap((l) => marksOf(l, area));
  if (marks.length === 0) return 0;
  const s = area.page(writer.context().page);
  const heights = s.laneHeights.slice();
  const shape = marks[0]!.area;
  for (const m of marks) heights[m.lane] = (heights[m.lane] ?? 0) + ((heights[m.lane] ?? 0) > 0 ? shape.gap : 0) + area.layout(m).height;
  return reservedFor(heights, shape) - s.reserved;
}

/**
 * How many of `lines`, from `from` on, fit on the current page with their
 * notes (for widow and orphan control, src/render/pdf/page-breaks.ts). Without
 * a footnote area, by height alone.
 */
export function linesThatFit(writer: PageElementWriter, lines: Line[], from: number): number {
  const ctx = writer.context();
  const run = layoutRun();
  const area = isPageWriter(run, writer) ? ensureArea(run!) : undefined;
  let available = ctx.availableHeight;
  if (!area) {
    let n = 0;
    for (let i = from; i < lines.length; i++) {
      const h = lines[i]!.getHeight();
      if (h > available) break;
      available -= h;
      n++;
    }
    return n;
  }
  const view = viewOf(area, ctx);
  const placed = new Set<FootnoteMark>();
  let n = 0;
  for (let i = from; i < lines.length; i++) {
    const line = lines[i]!;
    const h = line.getHeight();
    if (h > view.available + 1e-6) break;
    const marks = marksOf(line, area).filter((m) => !placed.has(m));
    if (marks.length) {
      const result = plan(view, marks, (m) => area.layout(m), h, false);
      if (!result) break;
      view.available -= result.reserved - view.reserved;
      view.reserved = result.reserved;
      view.laneHeights = result.laneHeights;
      for (const m of marks) placed.add(m);
      // A split note fills the page: nothing more goes below it.
      if (result.next.length) {
        n++;
        break;
      }
    }
    view.available -= h;
    view.y += h;
    view.bodyBottom = Math.max(view.bodyBottom, view.y);
    n++;
  }
  return n;
}

/** Draws each page's notes (after the body is laid out, before headers and footers). */
function drawNotes(area: FootnoteArea, ctx: DocumentContext): void {
  area.pages.forEach((s, p) => {
    const page = ctx.pages[p];
    if (!page || !s.shape || s.reserved === 0) return;
    const shape = s.shape;
    const left = page.pageMargins.left;
    const top = page.pageSize.height - page.pageMargins.bottom - s.reserved;
    s.lanes.forEach((pieces, lane) => {
      if (!pieces?.length) return;
      const { x, width } = shape.lanes[lane]!;
      const ruleY = top + shape.rule.above + shape.rule.thickness / 2;
      // A page that continues a note gets a rule as wide as the lane, as Word's continuation separator.
      const length = s.continued[lane] ? width : Math.min(shape.rule.length, width);
      page.items.push({ type: 'vector', item: { type: 'line', x1: left + x, y1: ruleY, x2: left + x + length, y2: ruleY, lineWidth: shape.rule.thickness, ...(shape.rule.colour ? { lineColor: shape.rule.colour } : {}) } });
      let y = top + ruleHeight(shape);
      pieces.forEach((piece, i) => {
        if (i > 0) y += shape.gap;
        const base = piece.note.tops[piece.from]!;
        for (let k = piece.from; k < piece.to; k++) {
          const line = piece.note.lines[k]!.clone();
          line.x = left + x + (line.x ?? 0);
          line.y = y + (piece.note.tops[k]! - base);
          page.items.push({ type: 'line', item: line as unknown as Dict });
        }
        y += pieceHeight(piece.note, piece.from, piece.to);
      });
    });
  });
}

/**
 * The patch: ElementWriter.addLine (reserve or refuse), DocumentContext.initializePage
 * (a page's reservation on every visit) and LayoutBuilder.addHeadersAndFooters
 * (drawing). Needs trackLayoutRuns (layout-run.ts). Idempotent.
 */
export function footnoteArea(require: NodeRequire): void {
  const Writer = (require('pdfmake/js/ElementWriter.js') as { default: { prototype: Dict } }).default.prototype;
  if (Writer.__standpointNotes) return;
  const PageWriter = (require('pdfmake/js/PageElementWriter.js') as { default: PageElementWriterClass }).default;
  const Context = (require('pdfmake/js/DocumentContext.js') as { default: DocumentContextClass & { prototype: Dict } }).default;
  const Builder = (require('pdfmake/js/LayoutBuilder.js') as { default: { prototype: Dict } }).default.prototype;
  const addLine = Writer.addLine as (this: PageElementWriter, line: Line, dont?: boolean, index?: number) => unknown;
  const initializePage = Context.prototype.initializePage as (this: DocumentContext) => void;
  const addHeadersAndFooters = Builder.addHeadersAndFooters as (this: LayoutBuilder, ...args: unknown[]) => void;
  for (const [name, fn] of Object.entries({ 'ElementWriter.addLine': addLine, 'DocumentContext.initializePage': initializePage, 'LayoutBuilder.addHeadersAndFooters': addHeadersAndFooters })) {
    if (typeof fn !== 'function') throw new Error(`pdfmake: ${name} is missing; the footnote area needs checking for this pdfmake`);
  }
  classes = { Writer: PageWriter, Context };
  Writer.addLine = function (this: PageElementWriter, line: Line, dontUpdateContextPosition?: boolean, index?: number) {
    const run = layoutRun();
    if (!isPageWriter(run, this)) {
      // A line pdfmake lays out aside (a table's header row, an unbreakable block) brings its notes to the next body line.
      if (run && run.offPage === 0 && run.builder.writer === this) {
        const area = ensureArea(run);
        if (area) for (const m of marksOf(line, area)) if (!area.pending.includes(m)) area.pending.push(m);
      }
      return addLine.call(this, line, dontUpdateContextPosition, index);
    }
    const ctx = this.context();
    const area = ensureArea(run!)!;
    const marks = [...area.pending, ...marksOf(line, area)];
    let result: Plan | undefined;
    if (marks.length && ctx.getCurrentPage()) {
      const h = line.getHeight();
      if (h > ctx.availableHeight) return false;
      const view = viewOf(area, ctx);
      result = plan(view, marks, (m) => area!.layout(m), h, false);
      // At the top of an empty page the line has nowhere better to go: notes that do not fit go on.
      if (!result && area.page(ctx.page).bodyBottom === undefined) result = plan(view, marks, (m) => area!.layout(m), h, true);
      if (!result) return false;
    }
    const position = addLine.call(this, line, dontUpdateContextPosition, index);
    if (position) {
      if (result) {
        commit(area, ctx, marks, result);
        area.pending.length = 0;
      }
      const s = area.page(ctx.page);
      const bottom = (line.y ?? ctx.y) + line.getHeight();
      s.bodyBottom = Math.max(s.bodyBottom ?? 0, bottom);
    }
    return position;
  };
  Context.prototype.initializePage = function (this: DocumentContext) {
    initializePage.call(this);
    const run = layoutRun();
    const area = areaOf(run);
    if (area && run!.offPage === 0 && run!.builder.writer?.context() === this) this.availableHeight -= area.pages[this.page]?.reserved ?? 0;
  };
  Builder.addHeadersAndFooters = function (this: LayoutBuilder, ...args: unknown[]) {
    const area = areaOf(layoutRun());
    if (area) {
      // Notes whose marks no body line followed go on the last page.
      const ctx = this.writer.context();
      if (area.pending.length) {
        const last = area.page(ctx.pages.length - 1);
        const shape = area.pending[0]!.area;
        last.shape ??= shape;
        for (const m of area.pending) {
          const note = area.layout(m);
          (last.lanes[m.lane] ??= []).push({ note, from: 0, to: note.lines.length });
          last.laneHeights[m.lane] = (last.laneHeights[m.lane] ?? 0) + note.height + shape.gap;
        }
        last.reserved = reservedFor(last.laneHeights, shape);
        area.pending.length = 0;
      }
      drawNotes(area, ctx);
    }
    return addHeadersAndFooters.apply(this, args);
  };
  Writer.__standpointNotes = true;
}
