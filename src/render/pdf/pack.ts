/**
 * pdfmake document definition -> PDF bytes. Owns pdfmake: fonts served from
 * memory, no URL and no local file access at all, the page footer and draft
 * header turned into functions, and pinned dates so equal input gives equal bytes.
 */
import { createRequire } from 'node:module';
import { PDF_FONT } from './build.js';
import { ptSerifFonts } from './fonts.js';

interface PdfMake {
  virtualfs: { writeFileSync(name: string, data: Buffer): void; existsSync(name: string): boolean };
  addFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(def: Record<string, unknown>, options?: Record<string, unknown>): { getBuffer(): Promise<Buffer> };
}

let engine: PdfMake | undefined;

interface PdfInline {
  text: string;
  x: number;
  justifyShift?: number;
  alignment?: string;
}
interface PdfLine {
  inlines: PdfInline[];
  newLineForced?: boolean;
  lastLineInParagraph?: boolean;
  getWidth(): number;
}

/**
 * pdfmake 0.3 justifies a line by spreading the slack over every inline,
 * including the pieces it splits words into at "/" and "-" and at run
 * boundaries, which prints "OSCE/ ODIHR" and "pre- election". Justify only at
 * word gaps (an inline ending in white space), as typesetters do. The method
 * patched is ElementWriter.alignLine, whose other alignments are kept.
 */
function justifyAtWordGapsOnly(require: NodeRequire): void {
  const writer = (require('pdfmake/js/ElementWriter.js') as { default: { prototype: Record<string, unknown> } }).default.prototype;
  if (writer.__standpointJustify) return;
  const original = writer.alignLine as (this: unknown, line: PdfLine) => void;
  writer.alignLine = function alignLine(this: { context(): { availableWidth: number } }, line: PdfLine) {
    const inlines = line.inlines;
    if (!inlines || inlines.length < 2 || inlines[0]!.alignment !== 'justify' || line.newLineForced || line.lastLineInParagraph) {
      original.call(this, line);
      return;
    }
    const gaps: number[] = [];
    for (let i = 1; i < inlines.length; i++) if (/\s$/.test(inlines[i - 1]!.text)) gaps.push(i);
    if (gaps.length === 0) return;
    const extra = (this.context().availableWidth - line.getWidth()) / gaps.length;
    let shift = 0;
    let g = 0;
    for (let i = 1; i < inlines.length; i++) {
      if (gaps[g] === i) {
        shift += extra;
        g++;
        inlines[i]!.justifyShift = extra;
      }
      inlines[i]!.x += shift;
    }
  };
  writer.__standpointJustify = true;
}

function pdfmake(): PdfMake {
  if (engine) return engine;
  const require = createRequire(import.meta.url);
  const pm = require('pdfmake') as PdfMake;
  justifyAtWordGapsOnly(require);
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

export async function packPdf(definition: Record<string, unknown>): Promise<Uint8Array> {
  const def = { ...definition };
  const footer = def.footer as { pageLabel: string } | undefined;
  if (footer) {
    def.footer = (page: number) => ({ text: footer.pageLabel.replace('{{page}}', String(page)), style: 'pageFooter', margin: [0, 20, 0, 0] });
  }
  const header = def.header as { draftMark: string } | undefined;
  if (header) def.header = () => ({ text: header.draftMark, style: 'draftMark', margin: [40, 20, 40, 0] });
  const buffer = await pdfmake().createPdf(def).getBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
