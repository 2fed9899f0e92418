/**
 * Engine patch for where pages break (pdfmake's LayoutBuilder.processLeaf,
 * processVerticalContainer and TableProcessor.beginRow). Owns widow and
 * orphan control and keep-with-next; nothing about lines or notes.
 *
 * pdfmake writes a paragraph line by line and breaks the page at the first
 * line that does not fit, so a paragraph may leave one line at a page's foot
 * (an orphan) or carry one to the next page (a widow), and a heading may end
 * a page. Here a paragraph's lines are built first; when the page breaks
 * inside it, at least two of its lines stay before the break and two go
 * after it, or the whole paragraph moves on (lines that carry footnote marks
 * count with their notes: src/render/pdf/footnote-area.ts). A block marked
 * `keepWithNext` in the definition (headings, lead-ins, item numbers,
 * findings) starts on the next page when it and the first two lines of what
 * follows do not fit; a long finding may instead break so that its last two
 * lines go over with what follows. Rows of a parallel table marked in
 * `keepRowsWithNext` are kept with the next row the same way.
 */
import type { Dict, DocNode, LayoutBuilder, Line, PageElementWriter } from './pdfmake-types.js';
import { isPageWriter, layoutRun } from './layout-run.js';
import { linesThatFit, notesHeight } from './footnote-area.js';
import { plannedLines, type LineState } from './line-breaking.js';

/** Lines a paragraph keeps on each side of a page break. */
const MIN_LINES = 2;
/** How many keep-with-next blocks in a row are taken together. */
const MAX_CHAIN = 4;

interface KeepNode extends DocNode {
  keepWithNext?: boolean;
  /** Set here: the paragraph ends its page only if its last lines go over too. */
  __keepTail?: boolean;
}

/** Builds every line of a paragraph as pdfmake would, without consuming it: for measuring. */
function probeLines(builder: LayoutBuilder, node: DocNode, width: number, max = Infinity): Line[] {
  if (!node._inlines?.length) return [];
  // The paragraph keeps its break plans: laid out later at the same width, it is not broken again.
  (node as DocNode & LineState).__plans ??= new Map();
  const planned = plannedLines(node, width, max);
  if (planned) return planned;
  const probe = { ...node, _inlines: node._inlines.map((i) => ({ ...i })), __plan: undefined } as DocNode;
  const ctx = builder.writer.context();
  const saved = ctx.availableWidth;
  ctx.availableWidth = width;
  const lines: Line[] = [];
  try {
    let line: Line | null;
    while (lines.length < max && (line = builder.buildNextLine(probe))) lines.push(line);
  } finally {
    ctx.availableWidth = saved;
  }
  return lines;
}

const sum = (lines: Line[]) => lines.reduce((h, l) => h + l.getHeight(), 0);
const marginOf = (node: DocNode) => node._margin ?? [0, 0, 0, 0];

/** Height of a block laid out at `width`, or of its head only (its first two lines) with `head`; its lines go to `lines`. */
function blockHeight(builder: LayoutBuilder, node: DocNode | undefined, width: number, head: boolean, lines: Line[] = []): number {
  if (!node) return 0;
  const [left, top, right, bottom] = marginOf(node);
  const inner = width - left - right;
  if (node.text !== undefined && node._inlines) {
    const own = probeLines(builder, node, inner, head ? MIN_LINES : Infinity);
    lines.push(...own);
    return top + sum(own) + (head ? 0 : bottom);
  }
  const children = node.stack ?? node.ul ?? node.ol;
  if (children) {
    if (head) return top + blockHeight(builder, children[0], inner, true, lines);
    return top + children.reduce((h, c) => h + blockHeight(builder, c, inner, false, lines), 0) + bottom;
  }
  if (node.table) {
    // A data table: its first row, roughly (the header row and one row of text).
    return top + 40;
  }
  return top + 14;
}

function pageTop(writer: PageElementWriter): boolean {
  const ctx = writer.context();
  const page = ctx.getCurrentPage();
  if (!page) return true;
  return ctx.y <= page.pageMargins.top + 12;
}

function pageBodyHeight(writer: PageElementWriter): number {
  const page = writer.context().getCurrentPage()!;
  return page.pageSize.height - page.pageMargins.top - page.pageMargins.bottom;
}

/** pdfmake's decoration of a paragraph's first line (LayoutBuilder.processLeaf), kept as is. */
function decorateFirstLine(line: Line, node: DocNode, getNodeId: (n: DocNode) => unknown): void {
  const n = node as DocNode & Dict;
  if (n.tocItem || n.id) line._node = node;
  const id = getNodeId(node);
  if (id) line.id = id;
  if (n.outline) {
    line._outline = { id: n.id, parentId: n.outlineParentId, text: n.outlineText || n.text, expanded: n.outlineExpanded || false };
  } else if (Array.isArray(n.text)) {
    for (const item of n.text as Dict[]) {
      if (item.outline) line._outline = { id: item.id, parentId: item.outlineParentId, text: item.outlineText || item.text, expanded: item.outlineExpanded || false };
    }
  }
  if (n._tocItemRef) line._pageNodeRef = n._tocItemRef;
  if (n._pageRef) line._pageNodeRef = (n._pageRef as Dict)._nodeRef;
  for (const inline of line.inlines) {
    if (inline._tocItemRef) inline._pageNodeRef = inline._tocItemRef;
    if (inline._pageRef) inline._pageNodeRef = (inline._pageRef as Dict)._nodeRef;
  }
}

function addSurely(writer: PageElementWriter, line: Line, orientation: unknown): unknown {
  let position = writer.addLine(line);
  // pdfmake drops a line it could not place; a line is never lost here.
  for (let tries = 0; !position && tries < 3; tries++) {
    writer.moveToNextPage(orientation);
    position = writer.addLine(line);
  }
  if (!position) throw new Error('a line could not be placed on any page');
  return position;
}

export function keepLinesTogether(require: NodeRequire): void {
  const Builder = (require('pdfmake/js/LayoutBuilder.js') as { default: { prototype: Dict } }).default.prototype;
  if (Builder.__standpointPages) return;
  const Table = (require('pdfmake/js/TableProcessor.js') as { default: { prototype: Dict } }).default.prototype;
  const { getNodeId } = require('pdfmake/js/helpers/node.js') as { getNodeId: (n: DocNode) => unknown };
  const processLeaf = Builder.processLeaf as (this: LayoutBuilder, node: DocNode) => void;
  const processVerticalContainer = Builder.processVerticalContainer as (this: LayoutBuilder, node: DocNode) => void;
  const beginRow = Table.beginRow as (this: Dict, rowIndex: number, writer: PageElementWriter) => void;
  for (const [name, fn] of Object.entries({ 'LayoutBuilder.processLeaf': processLeaf, 'LayoutBuilder.processVerticalContainer': processVerticalContainer, 'TableProcessor.beginRow': beginRow, getNodeId })) {
    if (typeof fn !== 'function') throw new Error(`pdfmake: ${name} is missing; the page-break patch needs checking for this pdfmake`);
  }

  Builder.processLeaf = function (this: LayoutBuilder, node: KeepNode) {
    const writer = this.writer;
    if (!isPageWriter(layoutRun(), writer) || node.maxHeight || writer.context().inSnakingColumns()) return processLeaf.call(this, node);
    const lines: Line[] = [];
    let line: Line | null;
    while ((line = this.buildNextLine(node))) lines.push(line);
    if (lines.length === 0) return;
    decorateFirstLine(lines[0]!, node, getNodeId);
    const n = lines.length;
    let i = 0;
    let fresh = pageTop(writer);
    while (i < n) {
      const fit = linesThatFit(writer, lines, i);
      let k = fit;
      if (k < n - i) {
        // Two lines at least go over; two at least stay, or the paragraph moves on.
        if (n - i - k < MIN_LINES) k = n - i - MIN_LINES;
        if (i === 0 && k < MIN_LINES) k = 0;
        if (k <= 0) k = fresh ? Math.max(1, fit) : 0;
      } else if (node.__keepTail && i === 0 && n >= 2 * MIN_LINES) {
        // All of it fits but not what follows: its last lines go over with it.
        k = n - MIN_LINES;
      }
      for (let j = i; j < i + k; j++) node.positions.push(addSurely(writer, lines[j]!, node.pageOrientation));
      i += k;
      if (i < n) {
        writer.moveToNextPage(node.pageOrientation);
        fresh = true;
      }
    }
  };

  Builder.processVerticalContainer = function (this: LayoutBuilder, node: DocNode) {
    const stack = node.stack!;
    stack.forEach((item, index) => {
      // Only a chain's first block decides: a later one moving on would leave the blocks before it alone.
      if ((item as KeepNode).keepWithNext && !(stack[index - 1] as KeepNode | undefined)?.keepWithNext && isPageWriter(layoutRun(), this.writer)) keepWithNext(this, stack as KeepNode[], index);
      this.processNode(item);
      for (const p of item.positions) node.positions.push(p);
    });
  };

  Table.beginRow = function (this: Dict & { tableNode: DocNode & { keepRowsWithNext?: boolean[] } }, rowIndex: number, writer: PageElementWriter) {
    const run = layoutRun();
    const keep = this.tableNode.keepRowsWithNext;
    // Only a chain's first row decides: a later row moving on would leave the rows before it alone.
    if (keep?.[rowIndex] && !keep[rowIndex - 1] && isPageWriter(run, writer) && !pageTop(writer)) {
      const body = this.tableNode.table!.body;
      const widths = this.tableNode.table!.widths.map((w) => w._calcWidth);
      const lines: Line[] = [];
      const rowHeight = (row: DocNode[] | undefined, head: boolean) => Math.max(0, ...(row ?? []).map((cell, c) => blockHeight(run!.builder, cell, widths[c]!, head, lines)));
      let need = 0;
      let r = rowIndex;
      while (r < body.length && keep[r] && r - rowIndex < MAX_CHAIN) need += rowHeight(body[r++], false);
      need += rowHeight(body[r], true) + notesHeight(writer, lines);
      if (need > writer.context().availableHeight && need <= pageBodyHeight(writer)) writer.moveToNextPage();
    }
    return beginRow.call(this, rowIndex, writer);
  };

  Builder.__standpointPages = true;
}

/** Before a keep-with-next block: moves to the next page when the block and the head of what follows do not fit. */
function keepWithNext(builder: LayoutBuilder, stack: KeepNode[], index: number): void {
  const writer = builder.writer;
  if (pageTop(writer)) return;
  const ctx = writer.context();
  const width = ctx.availableWidth;
  const item = stack[index]!;
  let need = 0;
  let j = index;
  const lines: Line[] = [];
  while (j < stack.length && stack[j]!.keepWithNext && j - index < MAX_CHAIN) need += blockHeight(builder, stack[j++], width, false, lines);
  // The notes of the kept lines take the page's height too.
  const head = blockHeight(builder, stack[j], width, true, lines) + notesHeight(writer, lines);
  if (need + head <= ctx.availableHeight) return;
  // A long paragraph alone may break instead, its last lines going over with what follows.
  // (If it does not fit whole, it breaks as any paragraph; if it does, its last lines go over all the same.)
  const count = item._inlines ? probeLines(builder, item, width - marginOf(item)[0] - marginOf(item)[2]).length : 0;
  if (j === index + 1 && count >= 2 * MIN_LINES) {
    item.__keepTail = true;
    return;
  }
  if (need + head <= pageBodyHeight(writer)) writer.moveToNextPage(item.pageOrientation);
}
