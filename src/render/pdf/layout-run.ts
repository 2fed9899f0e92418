/**
 * The layout pdfmake is running now, for engine patches that keep state per
 * document (the footnote area) or need the layout builder where pdfmake does
 * not pass it (table rows, the element writer). pdfmake lays out one document
 * at a time, synchronously (LayoutBuilder.tryLayoutDocument), so one slot
 * suffices. Owns that slot and nothing else.
 */
import type { Dict, LayoutBuilder, PageElementWriter } from './pdfmake-types.js';

export interface LayoutRun {
  builder: LayoutBuilder;
  /** State of other patches for this document, by name. */
  state: Map<string, unknown>;
  /** > 0 while a patch lays out something off the page (a footnote being measured): patches leave it alone. */
  offPage: number;
}

let current: LayoutRun | undefined;

export function layoutRun(): LayoutRun | undefined {
  return current;
}

/** The writer of the document's pages, when `writer` is it and it is not inside an unbreakable block, header or footer. */
export function isPageWriter(run: LayoutRun | undefined, writer: PageElementWriter): boolean {
  return !!run && run.offPage === 0 && run.builder.writer === writer && writer.contextStack.length === 0;
}

/** Runs `fn` with the run marked off the page. */
export function offPage<T>(run: LayoutRun, fn: () => T): T {
  run.offPage++;
  try {
    return fn();
  } finally {
    run.offPage--;
  }
}

/** Wraps LayoutBuilder.tryLayoutDocument so that layoutRun() names the document being laid out (idempotent). */
export function trackLayoutRuns(require: NodeRequire): void {
  const proto = (require('pdfmake/js/LayoutBuilder.js') as { default: { prototype: Dict } }).default.prototype;
  if (proto.__standpointRun) return;
  const original = proto.tryLayoutDocument as (this: LayoutBuilder, ...args: unknown[]) => unknown;
  if (typeof original !== 'function') throw new Error('pdfmake: LayoutBuilder.tryLayoutDocument is missing; the engine patches need checking for this pdfmake');
  proto.tryLayoutDocument = function tryLayoutDocument(this: LayoutBuilder, ...args: unknown[]) {
    const outer = current;
    current = { builder: this, state: new Map(), offPage: 0 };
    try {
      return original.apply(this, args);
    } finally {
      current = outer;
    }
  };
  proto.__standpointRun = true;
}
