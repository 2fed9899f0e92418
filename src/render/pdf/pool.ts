/**
 * PDF rendering off the main thread. Laying out a 30-page PDF is the longest
 * step of a render; workers do it while the main thread composes and packs
 * the DOCX files. Workers start early, one per expected PDF (each loads
 * pdfmake and the fonts while the main thread reads and composes); more start
 * when PDFs are waiting, up to one less than the machine's cores (at least
 * one). Without started workers, PDFs render on the calling thread: so does a
 * command that renders a single PDF, for which a worker costs more (its own
 * start, the engine loaded in it, the document copied to it) than it saves.
 * Owns the workers and their stopping: a stopped worker first saves what it
 * learned to the typesetting cache, as the calling thread does.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { ComposedDocument } from '../../compose/layout.js';
import { packageRoot } from '../../paths.js';
import { buildPdfDefinition, type PdfOptions } from './build.js';
import { packPdf } from './pack.js';
import { flushCache } from '../cache/cache-file.js';
import { techniqueOn } from '../techniques.js';

interface Job {
  id: number;
  composed: ComposedDocument;
  options: PdfOptions;
  resolve(bytes: Uint8Array): void;
  reject(err: Error): void;
}

interface PoolWorker {
  worker: Worker;
  job?: Job;
}

// The main thread keeps one core busy composing and packing DOCX: on 2 cores a
// second worker made all four outputs slower (3.45 s, 6.0 s CPU) than one
// (3.04 s, 4.7 s CPU), each cold worker paying pdfmake's warm-up again.
const MAX_WORKERS = Math.max(1, Math.min(3, availableParallelism() - 1));
// From the package root, not from this module: the CLI runs bundled into one file (scripts/bundle.mjs), the worker does not.
const WORKER_FILE = join(packageRoot, 'dist', 'render', 'pdf', 'worker.js');
const workers: PoolWorker[] = [];
const queue: Job[] = [];
let nextId = 1;
let enabled = false;
/** The workers serve a process that renders again and again (watch, preview, a library caller), not one command. */
let longLived = false;

/**
 * The young generation of a PDF worker, in MB (three semi-spaces). A page
 * layout keeps most of what it allocates alive until the PDF is written, so
 * each scavenge copies it again: V8's default (16 MB semi-spaces) made a
 * third of a warm PDF's time scavenges (10 a render, 7 ms each, for the 2011
 * response); 64 MB semi-spaces need three. Side by side, a re-render after
 * an edit in watch took ×1.03 the time and ×1.06 the CPU without it, and
 * twice this size was slower (×1.13). The cost is memory while a worker
 * runs (a watch process's peak 345 → 423 MB): its young generation grows to
 * this only while a document is being laid out.
 */
const WORKER_YOUNG_GENERATION_MB = 192;

function spawnWorker(): PoolWorker {
  // Only for a process that renders again and again: a one-shot command's worker lays out a few PDFs and ends, and there the larger young generation cost more than it saved (all four languages of the 2011 response ×1.10 with it).
  const limits = longLived && techniqueOn('pdfWorkerYoungGeneration') ? { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } } : {};
  const w: PoolWorker = { worker: new Worker(WORKER_FILE, limits) };
  w.worker.on('message', (m: { id: number; bytes?: Uint8Array; error?: string }) => {
    const job = w.job;
    w.job = undefined;
    if (job && job.id === m.id) {
      if (m.bytes) job.resolve(new Uint8Array(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
      else job.reject(new Error(`PDF worker: ${m.error ?? 'failed'}`));
    }
    dispatch();
  });
  w.worker.on('error', (err) => {
    w.job?.reject(err);
    w.job = undefined;
    workers.splice(workers.indexOf(w), 1);
    dispatch();
  });
  // After the listeners: attaching a 'message' listener refs the worker again.
  w.worker.unref();
  workers.push(w);
  return w;
}

function dispatch(): void {
  while (queue.length) {
    let idle = workers.find((w) => !w.job);
    if (!idle && workers.length < MAX_WORKERS) idle = spawnWorker();
    if (!idle) break;
    const job = queue.shift()!;
    idle.job = job;
    idle.worker.ref();
    idle.worker.postMessage({ id: job.id, composed: job.composed, options: job.options });
  }
  for (const w of workers) if (!w.job) w.worker.unref();
}

/**
 * Starts workers (idempotent): as many as PDFs are expected, up to the pool's
 * size, so each loads pdfmake while the caller reads and composes. With
 * `oneShot` (a command that renders, writes and exits) a single expected PDF
 * starts none: it is laid out on the calling thread, whose event loop has
 * nothing else to serve. A library call or watch keeps its event loop free.
 */
export function startPdfWorker(expectedPdfs = 1, options: { oneShot?: boolean } = {}): void {
  if (options.oneShot && expectedPdfs < 2 && techniqueOn('pdfOnMainThread') && workers.length === 0) return;
  enabled = true;
  if (!options.oneShot) longLived = true;
  while (workers.length < Math.min(MAX_WORKERS, Math.max(1, expectedPdfs))) spawnWorker();
}

/** Time a worker has to save the typesetting cache before it is stopped anyway. */
const STOP_GRACE_MS = 3000;

/**
 * Stops the workers — an idle one after it saved what it learned to the
 * typesetting cache, one still rendering (a render that failed) at once —
 * and saves what this thread learned.
 */
export async function stopPdfWorker(): Promise<void> {
  enabled = false;
  const all = workers.splice(0);
  await Promise.all(
    all.map(async (w) => {
      if (w.job) {
        await w.worker.terminate();
        return;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => void w.worker.terminate(), STOP_GRACE_MS);
        w.worker.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        w.worker.ref();
        w.worker.postMessage({ stop: true });
      });
    }),
  );
  flushCache();
}

/** Renders a PDF in a worker when workers are started, else on this thread. */
export function renderPdf(composed: ComposedDocument, options: PdfOptions = {}): Promise<Uint8Array> {
  if (!enabled) return packPdf(buildPdfDefinition(composed, options));
  return new Promise<Uint8Array>((resolve, reject) => {
    queue.push({ id: nextId++, composed, options, resolve, reject });
    dispatch();
  });
}
