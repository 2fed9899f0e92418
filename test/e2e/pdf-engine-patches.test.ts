/**
 * The patches of pdfmake and pdfkit (src/render/pdf/engine-patches.ts).
 * The speed patches must not change a byte: a process with only the output
 * patches and a process with all of them render the same PDFs. The patched
 * process renders several documents in a row, because some patches share
 * caches between documents (a first version of that lost "P" from the
 * ToUnicode map of a parallel document rendered after a Cyrillic one).
 * Drawing a line's words as one text object changes the bytes but must leave
 * every line's text and every line's extent on the page where pdfmake's
 * word-by-word drawing put them (pdftotext -bbox).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUTPUT_PATCHES } from '../../src/render/pdf/engine-patches.js';

const root = join(import.meta.dirname, '..', '..');
const data = join(root, 'data', 'kz-2011-presidential');

/** Renders the specs in order in one fresh process (from dist/); returns the PDF files in order. */
function renderInProcess(specs: string[], only?: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'standpoint-patches-'));
  const script = `
    import { loadValidDocument, composeLang } from ${JSON.stringify(join(root, 'dist', 'render', 'index.js'))};
    import { buildPdfDefinition } from ${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'build.js'))};
    import { packPdf, limitPdfEnginePatches } from ${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'pack.js'))};
    import { writeFileSync } from 'node:fs';
    const only = ${JSON.stringify(only ?? null)};
    if (only) limitPdfEnginePatches(only);
    const { doc } = loadValidDocument(${JSON.stringify(data)}, ['en', 'ru', 'kk']);
    for (const [i, spec] of ${JSON.stringify(specs)}.entries()) {
      const composed = composeLang(doc, spec, { langs: [spec], formats: ['pdf'], outDir: '.' });
      writeFileSync(${JSON.stringify(dir)} + '/' + i + '.pdf', await packPdf(buildPdfDefinition(composed)));
    }
  `;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return specs.map((_, i) => join(dir, `${i}.pdf`));
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

interface Line {
  text: string;
  top: number;
  left: number;
  right: number;
}

/** Lines of each page as pdftotext finds them: words grouped by their bottom edge. */
function pageLines(pdf: string): Line[][] {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return xml
    .split('<page ')
    .slice(1)
    .map((page) => {
      const lines = new Map<number, Line>();
      for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
        const bottom = Math.round(Number(m[4]) * 10) / 10;
        const line = lines.get(bottom) ?? { text: '', top: Number(m[2]), left: Infinity, right: -Infinity };
        line.text += m[5];
        line.left = Math.min(line.left, Number(m[1]));
        line.right = Math.max(line.right, Number(m[3]));
        lines.set(bottom, line);
      }
      return [...lines.values()];
    });
}

describe('PDF engine patches', () => {
  it('the speed patches give the same bytes, also across documents in one process', () => {
    const [plainEn] = renderInProcess(['en'], OUTPUT_PATCHES);
    const [plainPair] = renderInProcess(['kk+ru'], OUTPUT_PATCHES);
    const patched = renderInProcess(['ru', 'kk+ru', 'en', 'en']);
    expect(sha(patched[1]!)).toBe(sha(plainPair!));
    expect(sha(patched[2]!)).toBe(sha(plainEn!));
    expect(sha(patched[3]!)).toBe(sha(plainEn!));
    expect(sha(plainEn!)).not.toBe(sha(plainPair!));
  }, 120_000);

  it('drawing a line as one text object leaves every line where word-by-word drawing put it', () => {
    for (const spec of ['en', 'kk+ru']) {
      const [wordByWord] = renderInProcess([spec], ['justifyAtWordGapsOnly']);
      const [together] = renderInProcess([spec]);
      const a = pageLines(wordByWord!);
      const b = pageLines(together!);
      expect(b.length, spec).toBe(a.length);
      let lines = 0;
      for (let p = 0; p < a.length; p++) {
        expect(b[p]!.map((l) => l.text), `${spec} page ${p + 1}`).toEqual(a[p]!.map((l) => l.text));
        for (let i = 0; i < a[p]!.length; i++) {
          lines++;
          const [x, y] = [a[p]![i]!, b[p]![i]!];
          expect(Math.abs(x.left - y.left) + Math.abs(x.right - y.right) + Math.abs(x.top - y.top), `${spec} page ${p + 1}: ${x.text}`).toBeLessThan(0.01);
        }
      }
      expect(lines).toBeGreaterThan(1000);
      expect(readFileSync(together!).length).toBeLessThan(readFileSync(wordByWord!).length);
    }
  }, 180_000);
});
