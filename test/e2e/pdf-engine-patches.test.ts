/**
 * The speed patches of pdfmake and pdfkit (src/render/pdf/engine-patches.ts)
 * must not change a byte: a process with only the typesetting patch and a
 * process with all of them render the same PDFs. The patched process renders
 * several documents in a row, because some patches share caches between
 * documents (a first version of that lost "P" from the ToUnicode map of a
 * parallel document rendered after a Cyrillic one).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const data = join(root, 'data', 'kz-2011-presidential');

/** Renders the specs in order in one fresh process (from dist/), returning sha256 per spec in order. */
function renderInProcess(specs: string[], only?: string[]): string[] {
  const script = `
    import { loadValidDocument, composeLang } from ${JSON.stringify(join(root, 'dist', 'render', 'index.js'))};
    import { buildPdfDefinition } from ${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'build.js'))};
    import { packPdf, limitPdfEnginePatches } from ${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'pack.js'))};
    import { createHash } from 'node:crypto';
        const only = ${JSON.stringify(only ?? null)};
    if (only) limitPdfEnginePatches(only);
    const specs = ${JSON.stringify(specs)};
    const { doc } = loadValidDocument(${JSON.stringify(data)}, ['en', 'ru', 'kk']);
    for (const spec of specs) {
      const composed = composeLang(doc, spec, { langs: [spec], formats: ['pdf'], outDir: '.' });
      const bytes = await packPdf(buildPdfDefinition(composed));
      console.log(createHash('sha256').update(bytes).digest('hex'));
    }
  `;
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n');
}

describe('PDF engine patches', () => {
  it('the speed patches give the same bytes, also across documents in one process', () => {
    const plainEn = renderInProcess(['en'], ['justifyAtWordGapsOnly']);
    const plainPair = renderInProcess(['kk+ru'], ['justifyAtWordGapsOnly']);
    const patched = renderInProcess(['ru', 'kk+ru', 'en', 'en']);
    expect(patched[1]).toBe(plainPair[0]);
    expect(patched[2]).toBe(plainEn[0]);
    expect(patched[3]).toBe(plainEn[0]);
    // Two different documents, each hashed once per process: the comparison is not between empty outputs.
    expect(plainEn[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(plainEn[0]).not.toBe(plainPair[0]);
  }, 120_000);
});
