/**
 * One build's warm re-render after an edit, as watch does it, run in a
 * process of its own: `node dist/bench/warm-edit.js <package root> <count>`.
 * Loads that build's library (by path, so a previous build is measured with
 * its own code), starts its PDF worker as watch does, and `count` times edits
 * one paragraph of a copy of the 2011 response (the same edits for every
 * build) and renders en DOCX+PDF in memory. Prints, as one JSON line, the
 * milliseconds of each render, wall and CPU (all threads), and the SHA-256
 * of each render's outputs, so the caller can check that both builds gave
 * the same bytes. Writes only to its own temporary folder.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Library {
  loadValidDocument(dir: string): { doc: unknown };
  renderDocumentBytes(doc: unknown, options: { langs: string[]; formats: string[]; outDir: string }): Promise<{ bytes: Uint8Array }[]>;
}
interface Pool {
  startPdfWorker(): void;
  stopPdfWorker(): Promise<void>;
}

export async function warmEdits(root: string, count: number): Promise<{ ms: number[]; cpuMs: number[]; outputs: string[] }> {
  const lib = (await import(pathToFileURL(join(root, 'dist', 'render', 'index.js')).href)) as Library;
  const pool = (await import(pathToFileURL(join(root, 'dist', 'render', 'pdf', 'pool.js')).href)) as Pool;
  const work = mkdtempSync(join(tmpdir(), 'standpoint-warm-edit-'));
  try {
    const copy = join(work, 'doc');
    cpSync(join(root, 'data', 'kz-2011-presidential'), copy, { recursive: true });
    const file = join(copy, 'critical.yaml');
    const original = readFileSync(file, 'utf8');
    if (!original.includes('The Mission does not specify')) throw new Error(`${file}: the paragraph the benchmark edits is not there`);
    pool.startPdfWorker();
    const ms: number[] = [];
    const cpuMs: number[] = [];
    const outputs: string[] = [];
    for (let i = 1; i <= count; i++) {
      writeFileSync(file, original.replace('The Mission does not specify', `The Mission (edit ${i}) does not specify`));
      const start = performance.now();
      const cpu = process.cpuUsage();
      const files = await lib.renderDocumentBytes(lib.loadValidDocument(copy).doc, { langs: ['en'], formats: ['docx', 'pdf'], outDir: join(work, 'out') });
      ms.push(performance.now() - start);
      const used = process.cpuUsage(cpu);
      cpuMs.push((used.user + used.system) / 1000);
      const h = createHash('sha256');
      for (const f of files) h.update(f.bytes);
      outputs.push(h.digest('hex'));
    }
    await pool.stopPdfWorker();
    return { ms, cpuMs, outputs };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [root, count] = process.argv.slice(2);
  process.stdout.write(`${JSON.stringify(await warmEdits(root!, Number(count) || 7))}\n`);
}
