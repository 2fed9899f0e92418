/**
 * Which blocks never end a page: the typesetting rule both writers follow
 * (the PDF through its page-break patch, the DOCX through Word's
 * keep-with-next). Owns only the choice, made on the block tree.
 */
import type { LayoutNode, ParagraphStyle } from '../../compose/layout.js';

/** Leaf blocks in reading order (items and sections opened). */
export function leafBlocks(nodes: LayoutNode[], out: LayoutNode[] = []): LayoutNode[] {
  for (const n of nodes) {
    if (n.kind === 'item' || n.kind === 'section') leafBlocks(n.children, out);
    else out.push(n);
  }
  return out;
}

const KEPT_STYLES: ReadonlySet<ParagraphStyle> = new Set(['title', 'subtitle', 'finding', 'group-lead']);

/** A paragraph that is only a lead-in ("The CEC standpoint." before a list or a table). */
export function isLeadIn(n: LayoutNode): boolean {
  return n.kind === 'paragraph' && n.runs.length > 0 && n.runs.every((r) => r.kind === 'text' && r.style === 'lead');
}

/**
 * Blocks of `sequence` (leaf blocks in reading order) kept with the start of
 * what follows: headings, the title, findings (an item's opening lines, its
 * number included), group lead-ins, a lead-in printed as its own paragraph,
 * and a short text between two headings (a section's introduction right
 * before its first group heading).
 */
export function keptWithNext(sequence: (LayoutNode | undefined)[]): Set<LayoutNode> {
  const kept = new Set<LayoutNode>();
  const heading = (m: LayoutNode | undefined) => m?.kind === 'heading';
  sequence.forEach((n, i) => {
    if (!n) return;
    if (n.kind === 'heading' || (n.kind === 'paragraph' && (KEPT_STYLES.has(n.style) || isLeadIn(n) || (heading(sequence[i - 1]) && heading(sequence[i + 1]))))) kept.add(n);
  });
  return kept;
}

/** Kept blocks of a whole document, the rows of parallel texts included (by their first column). */
export function documentKeptWithNext(body: LayoutNode[]): Set<LayoutNode> {
  const leaves = leafBlocks(body);
  const kept = keptWithNext(leaves);
  for (const b of leaves) if (b.kind === 'parallel') for (const k of keptWithNext(b.rows.map((r) => r.cells[0][0]))) kept.add(k);
  return kept;
}
