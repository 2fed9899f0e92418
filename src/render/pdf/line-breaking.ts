/**
 * Engine patches for how lines are broken and justified (pdfmake's
 * LayoutBuilder.buildNextLine and ElementWriter.alignLine). Owns the choice of
 * each line's end, hyphens at soft-hyphen points, and the widest a justified
 * word gap may grow; nothing about pages.
 *
 * pdfmake fills each line with as many pieces (text between two break
 * opportunities) as fit, one line at a time, which leaves wide gaps in
 * narrow justified columns, and it prints soft hyphens (U+00AD) as hyphens
 * wherever they stand. Texts carry soft hyphens at their hyphenation points
 * (src/render/typeset/hyphenate.ts). Here a soft hyphen is never drawn: a line
 * may end at one, and then gets a hyphen (U+002D, so that pdftotext and
 * copy-paste join "elec-" and "tion" back into "election"). Justified
 * paragraphs are broken as TeX breaks them (Knuth and Plass's total fit): all
 * of a paragraph's break points are chosen together so that the sum over its
 * lines of (10 + badness)² plus hyphen penalties is least, badness growing with
 * the cube of how far a line's gaps are stretched or shrunk (a gap may shrink
 * to 80 % of a space), with an extra cost for two hyphenated lines in a row.
 * Other text (left-aligned, centred) is filled line by line and ends at a
 * hyphenation point only when its gaps would otherwise be loose.
 * Justification spreads the slack over word gaps only (pdfmake spread it over
 * every piece, which printed "OSCE/ ODIHR" and "pre- election"), and in narrow
 * columns a gap never grows past half an em: a line that would need more is
 * left slightly ragged instead.
 */
import type { Dict, Inline, LayoutBuilder, Line, LineClass, DocNode } from './pdfmake-types.js';

const SOFT_HYPHEN = '\u00AD';

/*
 * Why the constants of this module are neither exported nor the global
 * Infinity: V8 (Node 20) folds a module's own constants into the optimised
 * line-breaking loops, but loads an exported one, or the global Infinity,
 * as a boxed number, and boxes every result it meets: a tenth of a PDF's
 * garbage and a third of total fit's time. Tests read them from
 * TOTAL_FIT_CONSTANTS.
 */
const INFINITE = 1 / 0;

/** Below this extra width per gap (in ems) a ragged line is fine without a hyphen. */
const LOOSE_EM = 0.12;
/** A column narrower than this many ems is narrow: its gaps stop growing at MAX_GAP_EM. */
const NARROW_COLUMN_EM = 32;
/** About half an em: the widest gap of a justified line in a narrow column (a space is 0.24 em in PT Serif). */
const MAX_GAP_EM = 0.55;

/** Total fit (TeX's values): each line costs (LINE_PENALTY + badness)², a hyphen HYPHEN_PENALTY², two in a row DOUBLE_HYPHEN more. */
const LINE_PENALTY = 10;
const HYPHEN_PENALTY = 50;
const DOUBLE_HYPHEN = 3000;
/** How much a gap may stretch (badness 100 at this much) and shrink (never more), as parts of a space; spaces shrink to 80 %. */
const STRETCH = 0.5;
/** Badness of a line left ragged, and how it grows with the square of the ems left empty. */
const RAGGED = 1000;
const RAGGED_GROWTH = 1000;
const SHRINK = 0.2;

/** The constants of total fit, for tests. */
export const TOTAL_FIT_CONSTANTS = Object.freeze({ MAX_GAP_EM, LINE_PENALTY, HYPHEN_PENALTY, DOUBLE_HYPHEN, SHRINK });

interface Piece extends Inline {
  /** The piece ended with a soft hyphen, now removed: a line may end here with a hyphen. */
  softHyphen?: boolean;
  hyphenWidth?: number;
}

/** A paragraph's line breaks, chosen once for the width it is set at. */
interface BreakPlan {
  width: number;
  /** Pieces on each line, and whether the line ends with an added hyphen. */
  lines: { pieces: number; hyphen: boolean }[];
  next: number;
}

export interface LineState {
  /** Lines in a row, up to the last one built, that ended with a hyphen (line-by-line filling). */
  __hyphensInARow?: number;
  __plan?: BreakPlan;
  /**
   * Break plans made for this paragraph, shared with the copies the page-break
   * patch measures it with (page-breaks.ts), so that a paragraph measured before
   * it is laid out is broken once: by width, pieces left and the first piece's text.
   */
  __plans?: Map<string, BreakPlan['lines'] | null>;
}

function widthOf(text: string, inline: Inline): number {
  return inline.font.widthOfString(text, inline.fontSize, inline.fontFeatures) + (inline.characterSpacing || 0) * (text.length - 1);
}

/** Turns a piece ending with a soft hyphen into the piece without it (measured again), once. */
function prepare(piece: Piece): void {
  if (piece.softHyphen !== undefined) return;
  if (piece.text.endsWith(SOFT_HYPHEN) && !piece.noWrap) {
    piece.text = piece.text.slice(0, -1);
    piece.width = widthOf(piece.text, piece);
    piece.softHyphen = piece.text.length > 0;
    piece.hyphenWidth = widthOf('-', piece);
  } else piece.softHyphen = false;
}

export type Ending = 'gap' | 'soft' | 'hard';

/** Pieces joined without a break opportunity between them (a word and its footnote mark), as one box. */
export interface Unit {
  /** Index after the unit's last piece. */
  end: number;
  /** Width without the trailing space, the trailing space, and the hyphen a line ending here adds. */
  box: number;
  space: number;
  hyphen: number;
  ending: Ending;
  forced: boolean;
}

/** Groups pieces into units; undefined when a piece needs pdfmake's own handling (no-wrap text). */
function unitsOf(pieces: Piece[]): Unit[] | undefined {
  const units: Unit[] = [];
  let i = 0;
  while (i < pieces.length) {
    let width = 0;
    let p: Piece;
    do {
      p = pieces[i]!;
      if (p.noWrap) return undefined;
      prepare(p);
      width += p.width;
      i++;
    } while (p.noNewLine && !p.lineEnd && i < pieces.length);
    const space = p.trailingCut || 0;
    const ending: Ending = /\s$/.test(p.text) ? 'gap' : p.softHyphen ? 'soft' : 'hard';
    units.push({ end: i, box: width - space, space, hyphen: ending === 'soft' ? p.hyphenWidth! : 0, ending, forced: !!p.lineEnd });
  }
  return units;
}

/**
 * How bad a line of natural width `w` is at `width`, with `gaps` word gaps
 * holding `space` of white space in all (TeX's badness, 100·r³, r being the
 * stretch or shrink used over what is available). Past the point where a gap
 * would grow beyond MAX_GAP_EM the line will be left ragged (alignLine): from
 * there badness grows with the square of the width left empty, so that among
 * such lines the fuller one wins, and a line of two words is never preferred
 * to a slightly ragged full one. Infinity when the line cannot shrink enough.
 */
export function badness(w: number, width: number, gaps: number, space: number, em: number): number {
  if (w > width) {
    const shrink = space * SHRINK;
    return w - width <= shrink + 1e-6 ? 100 * ((w - width) / shrink) ** 3 : INFINITE;
  }
  const slack = width - w;
  if (gaps === 0) return slack < 0.5 ? 0 : RAGGED + RAGGED_GROWTH * (slack / em) ** 2;
  const perGap = space / gaps;
  const stretch = space * STRETCH;
  const cap = Math.max(0, MAX_GAP_EM * em - perGap) * gaps;
  if (slack <= cap) return 100 * (slack / stretch) ** 3;
  return 100 * (cap / stretch) ** 3 + RAGGED + RAGGED_GROWTH * ((slack - cap) / em) ** 2;
}

/** Slightly less than 1: a product of three floating-point factors is within a few units in the last place of the power computed by `**`. */
const BELOW = 1 - 1e-9;

/** A lower bound of badness(): the same arithmetic with products for the powers, made a little smaller. */
function badnessAtLeast(w: number, width: number, gaps: number, space: number, em: number): number {
  if (w > width) {
    const shrink = space * SHRINK;
    if (!(w - width <= shrink + 1e-6)) return INFINITE;
    const r = (w - width) / shrink;
    return 100 * (r * r * r * BELOW);
  }
  const slack = width - w;
  if (gaps === 0) {
    if (slack < 0.5) return 0;
    const q = slack / em;
    return RAGGED + RAGGED_GROWTH * (q * q * BELOW);
  }
  const perGap = space / gaps;
  const stretch = space * STRETCH;
  const cap = Math.max(0, MAX_GAP_EM * em - perGap) * gaps;
  if (slack <= cap) {
    const r = slack / stretch;
    return 100 * (r * r * r * BELOW);
  }
  const r = cap / stretch;
  const q = (slack - cap) / em;
  return 100 * (r * r * r * BELOW) + RAGGED + RAGGED_GROWTH * (q * q * BELOW);
}

/**
 * The arrays of totalFit, kept for the next paragraph: a paragraph is broken
 * at several widths while its page is found, and allocating six arrays each
 * time was a tenth of a PDF's garbage. Only the first n (+1) entries are used.
 */
interface FitScratch {
  cost: Float64Array;
  from: Int32Array;
  box: Float64Array;
  space: Float64Array;
  hyphen: Float64Array;
  /** 1: ends with a word gap; 2: a forced break follows. */
  flags: Uint8Array;
}
let scratch: FitScratch | undefined;

function scratchFor(n: number): FitScratch {
  if (!scratch || scratch.cost.length < n + 1) {
    const size = Math.max(n + 1, 2 * (scratch?.cost.length ?? 256));
    scratch = { cost: new Float64Array(size), from: new Int32Array(size), box: new Float64Array(size), space: new Float64Array(size), hyphen: new Float64Array(size), flags: new Uint8Array(size) };
  }
  return scratch;
}

/**
 * Knuth and Plass's total fit over the units of a paragraph set at `width`:
 * the break after each unit is a candidate; the best way to reach each is
 * found from every earlier one a line's width away. Returns the units ending
 * each line, or undefined when some unit alone is wider than the line.
 *
 * The powers of badness() were most of a paragraph's time, and most candidate
 * lines cannot win: a line's demerits are computed only when a lower bound of
 * them, computed with products instead of powers, could improve on the best
 * way already found to the line's end. Rounding is monotonic, so the lines
 * chosen are exactly those of computing every candidate
 * (test/unit/line-breaking.test.ts compares both on random paragraphs).
 */
export function totalFit(units: Unit[], width: number, indent: number, em: number): { end: number; hyphen: boolean }[] | undefined {
  const n = units.length;
  const { cost, from, box, space, hyphen, flags } = scratchFor(n);
  cost.fill(INFINITE, 0, n + 1);
  from.fill(-1, 0, n + 1);
  for (let i = 0; i < n; i++) {
    const u = units[i]!;
    box[i] = u.box;
    space[i] = u.space;
    hyphen[i] = u.hyphen;
    flags[i] = (u.ending === 'gap' ? 1 : 0) | (u.forced ? 2 : 0);
  }
  cost[0] = 0;
  for (let a = 0; a < n; a++) {
    const start = cost[a]!;
    if (start === INFINITE) continue;
    // The line before ends with a hyphen (not at a gap, not forced).
    const afterHyphen = a > 0 && flags[a - 1] === 0;
    let natural = a === 0 ? indent : 0;
    let gapSpace = 0;
    let gaps = 0;
    for (let b = a; b < n; b++) {
      natural += box[b]!;
      const last = b === n - 1;
      const forced = (flags[b]! & 2) !== 0;
      const w = natural + hyphen[b]!;
      if (w - gapSpace * SHRINK > width + 1e-6) {
        if (b === a) return undefined;
        break;
      }
      const hyphenated = (flags[b]! & 1) === 0 && !last && !forced;
      const ragged = last || forced;
      const least = ragged && w <= width ? 0 : badnessAtLeast(w, width, gaps, gapSpace, em);
      let atLeast = (LINE_PENALTY + least) * (LINE_PENALTY + least) * BELOW + (hyphenated ? HYPHEN_PENALTY ** 2 : 0);
      if (hyphenated && afterHyphen) atLeast += DOUBLE_HYPHEN;
      if (start + atLeast < cost[b + 1]!) {
        const bad = ragged ? (w <= width ? 0 : badness(w, width, gaps, gapSpace, em)) : badness(w, width, gaps, gapSpace, em);
        let demerits = (LINE_PENALTY + bad) ** 2 + (hyphenated ? HYPHEN_PENALTY ** 2 : 0);
        if (hyphenated && afterHyphen) demerits += DOUBLE_HYPHEN;
        const total = start + demerits;
        if (total < cost[b + 1]!) {
          cost[b + 1] = total;
          from[b + 1] = a;
        }
      }
      if (forced) break;
      if ((flags[b]! & 1) !== 0) {
        natural += space[b]!;
        gapSpace += space[b]!;
        gaps++;
      }
    }
  }
  if (from[n] === -1) return undefined;
  const ends: { end: number; hyphen: boolean }[] = [];
  for (let b = n; b > 0; b = from[b]!) ends.push({ end: b, hyphen: units[b - 1]!.ending === 'soft' && b < n && !units[b - 1]!.forced });
  return ends.reverse();
}

/** The break plan of a justified paragraph at `width`, or undefined to fill it line by line. */
function planBreaks(pieces: Piece[], width: number): BreakPlan | undefined {
  if (pieces[0]!.alignment !== 'justify') return undefined;
  const units = unitsOf(pieces);
  if (!units) return undefined;
  const ends = totalFit(units, width, -(pieces[0]!.leadingCut || 0), pieces[0]!.fontSize);
  if (!ends) return undefined;
  const lines: BreakPlan['lines'] = [];
  let at = 0;
  for (const e of ends) {
    const end = units[e.end - 1]!.end;
    lines.push({ pieces: end - at, hyphen: e.hyphen });
    at = end;
  }
  return { width, lines, next: 0 };
}

/**
 * The plan of `pieces` at `width`, made once per paragraph and state (see
 * LineState.__plans). The pieces are prepared as planBreaks prepares them:
 * lines are built from them.
 */
function knownPlan(node: DocNode & LineState, pieces: Piece[], width: number): BreakPlan | undefined {
  const plans = node.__plans;
  if (!plans) return planBreaks(pieces, width);
  const key = `${width}\u0000${pieces.length}\u0000${pieces[0]!.text}`;
  const lines = plans.get(key);
  if (lines === undefined) {
    const plan = planBreaks(pieces, width);
    plans.set(key, plan ? plan.lines : null);
    return plan;
  }
  if (lines === null) return undefined;
  for (const p of pieces) prepare(p);
  return { width, lines, next: 0 };
}

/**
 * LayoutBuilder.buildNextLine with hyphenation and total fit (see the module
 * comment). Breaks only where pdfmake would (after a piece that allows it).
 * Lines pdfmake must cut inside a word (a word wider than the line) and
 * no-wrap text are left to pdfmake.
 */
/** pdfmake's Line, once breakLinesWithHyphens is applied. */
let lineClass: LineClass | undefined;

/** A line of the first `count` pieces, which it takes off `pieces`; the last gets a hyphen when `hyphen`. */
function lineOf(pieces: Piece[], count: number, hyphen: boolean, maxWidth: number): Line {
  const line = new lineClass!(maxWidth);
  for (let i = 0; i < count; i++) {
    const p = pieces[i]!;
    if (i === count - 1 && hyphen) {
      p.text += '-';
      p.width += p.hyphenWidth!;
    }
    line.addInline(p);
  }
  pieces.splice(0, count);
  line.lastLineInParagraph = pieces.length === 0;
  return line;
}

/**
 * The first `max` lines of a justified paragraph at `width`, as buildNextLine
 * would build them, without consuming the paragraph: for measuring it before
 * it is laid out (page-breaks.ts). The lines hold the paragraph's own pieces
 * but for a copy of each that gets a hyphen. Undefined when the paragraph is not set by a plan
 * (not justified, or with pieces pdfmake must handle itself).
 */
export function plannedLines(node: DocNode & LineState, width: number, max: number): Line[] | undefined {
  const pieces = node._inlines as Piece[] | undefined;
  if (!lineClass || !pieces?.length) return undefined;
  const plan = knownPlan(node, pieces, width);
  if (!plan) return undefined;
  const lines: Line[] = [];
  let at = 0;
  for (const { pieces: count, hyphen } of plan.lines) {
    if (lines.length >= max) break;
    // The pieces themselves: a line only sets their x, which laying them out sets again; the one that gets a hyphen is copied.
    const own = pieces.slice(at, at + count);
    if (hyphen) own[count - 1] = { ...own[count - 1]! };
    at += count;
    const line = lineOf(own, count, hyphen, width);
    line.lastLineInParagraph = at === pieces.length;
    lines.push(line);
  }
  return lines;
}

function breakLinesWithHyphens(require: NodeRequire): void {
  const proto = (require('pdfmake/js/LayoutBuilder.js') as { default: { prototype: Dict } }).default.prototype;
  if (proto.__standpointLines) return;
  const LineCtor = (require('pdfmake/js/Line.js') as { default: LineClass }).default;
  const original = proto.buildNextLine as (this: LayoutBuilder, node: DocNode) => Line | null;
  if (typeof original !== 'function' || typeof LineCtor !== 'function') throw new Error('pdfmake: LayoutBuilder.buildNextLine or Line is missing; the engine patches need checking for this pdfmake');
  lineClass = LineCtor;
  proto.buildNextLine = function buildNextLine(this: LayoutBuilder, node: DocNode & LineState): Line | null {
    const pieces = node._inlines as Piece[] | undefined;
    if (!pieces || pieces.length === 0) return null;
    const maxWidth = this.writer.context().availableWidth;
    let plan = node.__plan;
    if (!plan || plan.width !== maxWidth || plan.next >= plan.lines.length) plan = node.__plan = knownPlan(node, pieces, maxWidth);
    if (plan) {
      const { pieces: count, hyphen } = plan.lines[plan.next++]!;
      return lineOf(pieces, count, hyphen, maxWidth);
    }
    return fillLine(this, node, pieces, maxWidth, original, lineOf);
  };
  proto.__standpointLines = true;
}

/** One line filled with as much as fits, ending at a hyphenation point only when the gaps would otherwise be loose. */
function fillLine(
  builder: LayoutBuilder,
  node: DocNode & LineState,
  pieces: Piece[],
  maxWidth: number,
  original: (this: LayoutBuilder, node: DocNode) => Line | null,
  lineOf: (pieces: Piece[], count: number, hyphen: boolean, maxWidth: number) => Line,
): Line | null {
  const leadingCut = pieces[0]!.leadingCut || 0;
  let widths = 0;
  let taken = 0;
  const ends: { at: number; width: number; ending: Ending; gaps: number }[] = [];
  let gaps = 0;
  let forced = false;
  let overflow = false;
  while (taken < pieces.length) {
    let end = taken;
    let unitWidth = 0;
    for (;;) {
      const p = pieces[end]!;
      if (p.noWrap) return original.call(builder, node);
      prepare(p);
      unitWidth += p.width;
      end++;
      if (!p.noNewLine || end >= pieces.length || p.lineEnd) break;
    }
    const last = pieces[end - 1]!;
    const lineWidth = widths + unitWidth - leadingCut - (last.trailingCut || 0);
    if (lineWidth > maxWidth) {
      // A unit wider than the whole line is cut inside by pdfmake.
      if (taken === 0) return original.call(builder, node);
      overflow = true;
      break;
    }
    widths += unitWidth;
    taken = end;
    const ending: Ending = /\s$/.test(last.text) ? 'gap' : last.softHyphen ? 'soft' : 'hard';
    ends.push({ at: taken, width: lineWidth, ending, gaps });
    if (ending === 'gap') gaps++;
    if (last.lineEnd) {
      forced = true;
      break;
    }
  }
  let cut = taken;
  let hyphen = false;
  if (overflow) {
    const em = pieces[0]!.fontSize;
    const fits = (e: (typeof ends)[number]) => e.ending !== 'soft' || e.width + pieces[e.at - 1]!.hyphenWidth! <= maxWidth;
    const extraPerGap = (e: (typeof ends)[number], hyphenWidth = 0) => (e.gaps > 0 ? (maxWidth - e.width - hyphenWidth) / e.gaps : INFINITE);
    // The last end before the word that does not fit, and the last hyphenation point inside it.
    let gapEnd: (typeof ends)[number] | undefined;
    let wordEnd: (typeof ends)[number] | undefined;
    for (let i = ends.length - 1; i >= 0; i--) {
      const e = ends[i]!;
      if (e.ending === 'gap') {
        gapEnd = e;
        break;
      }
      if (!wordEnd && fits(e)) wordEnd = e;
    }
    let chosen = gapEnd ?? wordEnd ?? ends[ends.length - 1]!;
    if (gapEnd && wordEnd) {
      const looseness = extraPerGap(gapEnd) / em;
      const inARow = node.__hyphensInARow ?? 0;
      const tighter = extraPerGap(wordEnd, wordEnd.ending === 'soft' ? pieces[wordEnd.at - 1]!.hyphenWidth : 0) < extraPerGap(gapEnd);
      if (tighter && looseness > LOOSE_EM && inARow < 2) chosen = wordEnd;
    }
    cut = chosen.at;
    hyphen = chosen.ending === 'soft';
    node.__hyphensInARow = chosen.ending === 'gap' ? 0 : (node.__hyphensInARow ?? 0) + 1;
  } else if (!forced) node.__hyphensInARow = 0;
  return lineOf(pieces, cut, hyphen, maxWidth);
}

interface AlignedLine {
  inlines: Inline[];
  newLineForced?: boolean;
  lastLineInParagraph?: boolean;
  getWidth(): number;
}

/**
 * pdfmake 0.3 justifies a line by spreading the slack over every inline,
 * including the pieces it splits words into at "/" and "-" and at run
 * boundaries, which prints "OSCE/ ODIHR" and "pre- election". Justify only at
 * word gaps (an inline ending in white space), as typesetters do, and in a
 * narrow column let no gap grow past MAX_GAP_EM. The method patched is
 * ElementWriter.alignLine, whose other alignments are kept.
 */
function justifyAtWordGapsOnly(require: NodeRequire): void {
  const writer = (require('pdfmake/js/ElementWriter.js') as { default: { prototype: Dict } }).default.prototype;
  if (writer.__standpoint) return;
  const original = writer.alignLine as (this: unknown, line: AlignedLine) => void;
  if (typeof original !== 'function') throw new Error('pdfmake: ElementWriter.alignLine is missing; the engine patches need checking for this pdfmake');
  writer.alignLine = function alignLine(this: { context(): { availableWidth: number } }, line: AlignedLine) {
    const inlines = line.inlines;
    if (!inlines || inlines.length < 2 || inlines[0]!.alignment !== 'justify' || line.newLineForced || line.lastLineInParagraph) {
      original.call(this, line);
      return;
    }
    const gaps: number[] = [];
    for (let i = 1; i < inlines.length; i++) if (/\s$/.test(inlines[i - 1]!.text)) gaps.push(i);
    if (gaps.length === 0) return;
    const width = this.context().availableWidth;
    let extra = (width - line.getWidth()) / gaps.length;
    const em = inlines[0]!.fontSize;
    if (width < NARROW_COLUMN_EM * em) {
      // The widest natural gap of the line: the cap applies to the whole gap, space included.
      let space = 0;
      for (const g of gaps) space = Math.max(space, inlines[g - 1]!.trailingCut || 0);
      extra = Math.min(extra, Math.max(0, MAX_GAP_EM * em - space));
    }
    let shift = 0;
    let g = 0;
    for (let i = 1; i < inlines.length; i++) {
      if (gaps[g] === i) {
        shift += extra;
        g++;
        inlines[i]!.justifyShift = extra;
      }
      inlines[i]!.x! += shift;
    }
  };
  writer.__standpoint = true;
}

export const LINE_PATCHES = { justifyAtWordGapsOnly, breakLinesWithHyphens } as const;
