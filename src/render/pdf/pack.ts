/**
 * pdfmake document definition -> PDF bytes. Owns pdfmake: fonts served from
 * memory, no URL and no local file access at all, the page footer and draft
 * header turned into functions, and pinned dates so equal input gives equal bytes.
 * Its patches live in engine-patches.ts.
 */
import { createRequire } from 'node:module';
import { ptSerifFaces } from '../../paths.js';
import type { FontFaceName } from '../../model/style.js';
import { fileStamp, fontBytes } from '../font-files.js';
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
  // A response never loads anything: no images by URL, no files from disk (images come as data, fonts through the virtual file system).
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy(() => false);
  engine = pm;
  return pm;
}

/** Families registered with the engine: name -> the files and stamps they were registered with. */
const registered = new Map<string, string>();
let nextFontFile = 1;

/**
 * Makes the families a definition names known to the engine, each face's bytes
 * read once per process (font-files.ts) and registered again only when a file changed.
 */
function registerFonts(pm: PdfMake, families: Record<string, Record<FontFaceName, string>>): void {
  for (const [family, faces] of Object.entries(families)) {
    const key = Object.values(faces).map((f) => `${f}@${fileStamp(f)}`).join('|');
    if (registered.get(family) === key) continue;
    const names = {} as Record<FontFaceName, string>;
    const byFile = new Map<string, string>();
    for (const [face, file] of Object.entries(faces) as [FontFaceName, string][]) {
      let name = byFile.get(file);
      if (!name) {
        name = `font-${nextFontFile++}.ttf`;
        pm.virtualfs.writeFileSync(name, fontBytes(file));
        byFile.set(file, name);
      }
      names[face] = name;
    }
    pm.addFonts({ [family]: names });
    registered.set(family, key);
  }
}

/** Loads pdfmake and the default style's fonts now, so the first PDF does not wait for them. */
export function preloadPdfEngine(): void {
  registerFonts(pdfmake(), { 'PT Serif': ptSerifFaces() });
}

export async function packPdf(definition: Record<string, unknown>): Promise<Uint8Array> {
  const def = { ...definition };
  const engine = pdfmake();
  // Notes at the page foot exist only through the footnote area: without it they would vanish.
  if (def.pageFootNotes && !appliedPdfEnginePatches().has('footnoteArea')) throw new Error('footnotes at the page foot need the footnoteArea engine patch, which is not applied');
  delete def.pageFootNotes;
  registerFonts(engine, (def.fontFiles ?? {}) as Record<string, Record<FontFaceName, string>>);
  delete def.fontFiles;
  const footer = def.footer as { pageLabel: string; marginTop: number } | undefined;
  if (footer) {
    def.footer = (page: number, pages: number) => ({
      text: footer.pageLabel.replaceAll('{{page}}', String(page)).replaceAll('{{pages}}', String(pages)),
      style: 'pageFooter',
      margin: [0, footer.marginTop, 0, 0],
    });
  }
  const header = def.header as { draftMark?: string; runningTitle?: string; margin: number[] } | undefined;
  if (header) {
    // The first page carries the letterhead and the title: the running title starts on the second.
    def.header = (page: number) => {
      const parts = [
        ...(header.runningTitle && page > 1 ? [{ text: header.runningTitle, style: 'pageHeader' }] : []),
        ...(header.draftMark ? [{ text: header.draftMark, style: 'draftMark' }] : []),
      ];
      return parts.length ? { stack: parts, margin: header.margin } : null;
    };
  }
  const buffer = await engine.createPdf(def).getBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
