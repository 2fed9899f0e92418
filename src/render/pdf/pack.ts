/**
 * pdfmake document definition -> PDF bytes. Owns pdfmake: fonts served from
 * memory, no URL and no local file access at all, the page footer and draft
 * header turned into functions, and pinned dates so equal input gives equal bytes.
 * Its patches live in engine-patches.ts.
 */
import { createRequire } from 'node:module';
import { PDF_FONT } from './build.js';
import { ptSerifFonts } from './fonts.js';
import { appliedPdfEnginePatches, patchPdfEngine, type PdfEnginePatch } from './engine-patches.js';

interface PdfMake {
  virtualfs: { writeFileSync(name: string, data: Buffer): void; existsSync(name: string): boolean };
  addFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(def: Record<string, unknown>, options?: Record<string, unknown>): { getBuffer(): Promise<Buffer> };
}

let engine: PdfMake | undefined;
let enginePatches: readonly PdfEnginePatch[] | undefined;

/**
 * Restricts the engine patches of this process to `only` (before the first
 * PDF; patches cannot be undone). For the test that compares output with and
 * without the speed patches.
 */
export function limitPdfEnginePatches(only: readonly PdfEnginePatch[]): void {
  if (engine) throw new Error('the PDF engine is already loaded');
  enginePatches = only;
}

function pdfmake(): PdfMake {
  if (engine) return engine;
  const require = createRequire(import.meta.url);
  const pm = require('pdfmake') as PdfMake;
  patchPdfEngine(require, enginePatches);
  const fonts = ptSerifFonts();
  const names: Record<string, string> = {};
  for (const [style, data] of Object.entries(fonts)) {
    const name = `${PDF_FONT}-${style}.ttf`;
    pm.virtualfs.writeFileSync(name, data as Buffer);
    names[style] = name;
  }
  pm.addFonts({ [PDF_FONT]: names });
  // A response never loads anything: no images by URL, no files from disk.
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy(() => false);
  engine = pm;
  return pm;
}

/** Loads pdfmake and the fonts now, so the first PDF does not wait for them. */
export function preloadPdfEngine(): void {
  pdfmake();
}

export async function packPdf(definition: Record<string, unknown>): Promise<Uint8Array> {
  const def = { ...definition };
  const engine = pdfmake();
  // Notes at the page foot exist only through the footnote area: without it they would vanish.
  if (def.pageFootNotes && !appliedPdfEnginePatches().has('footnoteArea')) throw new Error('footnotes at the page foot need the footnoteArea engine patch, which is not applied');
  delete def.pageFootNotes;
  const footer = def.footer as { pageLabel: string } | undefined;
  if (footer) {
    def.footer = (page: number) => ({ text: footer.pageLabel.replaceAll('{{page}}', String(page)), style: 'pageFooter', margin: [0, 20, 0, 0] });
  }
  const header = def.header as { draftMark: string } | undefined;
  if (header) def.header = () => ({ text: header.draftMark, style: 'draftMark', margin: [40, 20, 40, 0] });
  const buffer = await engine.createPdf(def).getBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
