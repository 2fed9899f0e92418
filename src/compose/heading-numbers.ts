/**
 * Heading numbering ("1.", "1.1."), when the house style asks for it: one pass
 * over the block tree, so the DOCX, the PDF and the HTML page print the same
 * numbers. A heading with a label of its own ("A. Priority recommendations")
 * keeps it and takes no number, and the headings under it take none either.
 */
import type { HeadingNode, LayoutNode } from './layout.js';

export function numberHeadings(body: LayoutNode[]): void {
  const counters = [0, 0, 0];
  // The deepest level whose headings are numbered at this point (a labelled heading stops the chain under it).
  let numberedDepth = 1;
  const visit = (nodes: LayoutNode[]) => {
    for (const n of nodes) {
      if (n.kind === 'heading') number(n);
      else if (n.kind === 'item' || n.kind === 'section') visit(n.children);
    }
  };
  const number = (h: HeadingNode) => {
    const level = h.level;
    if (level > numberedDepth) return;
    const first = h.runs[0];
    if (first?.kind === 'text' && first.style === 'label') {
      numberedDepth = level;
      return;
    }
    counters[level - 1]!++;
    for (let k = level; k < counters.length; k++) counters[k] = 0;
    numberedDepth = level + 1;
    const prefix = `${counters.slice(0, level).join('.')}.`;
    h.runs.unshift({ kind: 'text', text: `${prefix}\u00a0`, italic: false, bold: false, style: 'heading-number' });
  };
  visit(body);
}
