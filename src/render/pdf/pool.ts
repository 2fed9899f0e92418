/**
 * PDF rendering off the main thread. Laying out a 30-page PDF is the longest
 * step of a render; on two cores it runs in a worker while the main thread
 * composes and writes the DOCX. When several PDFs are queued, the main thread
 * takes jobs too once its own work is done. Workers are optional: the same
 * functions run in-process when threads are unavailable or not worth it.
 */
import { Worker } from 'node:worker_threads';
import type { ComposedDocument } from '../../compose/layout.js';
import { buildPdfDefinition } from './build.js';
import { packPdf } from './pack.js';

interface Pending {
  resolve(bytes: Uint8Array): void;
  reject(err: Error): void;
}

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();
let busy = 0;

/** Starts the worker (idempotent) so it loads pdfmake while the caller reads and composes. */
export function startPdfWorker(): void {
  if (worker) return;
  worker = new Worker(new URL('./worker.js', import.meta.url));
  worker.on('message', (m: { id: number; bytes?: Uint8Array; error?: string }) => {
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    busy--;
    if (m.bytes) p.resolve(new Uint8Array(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength));
    else p.reject(new Error(`PDF worker: ${m.error ?? 'failed'}`));
  });
  worker.on('error', (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    worker = undefined;
  });
  // After the listeners: attaching a 'message' listener refs the worker again.
  worker.unref();
}

export async function stopPdfWorker(): Promise<void> {
  const w = worker;
  worker = undefined;
  if (w) await w.terminate();
}

/**
 * Renders a PDF: in the worker when it is idle, else on this thread (so two
 * cores work on a queue of PDFs at once).
 */
export function renderPdf(composed: ComposedDocument): Promise<Uint8Array> {
  if (worker && busy === 0) {
    busy++;
    const id = nextId++;
    worker.ref();
    return new Promise<Uint8Array>((resolve, reject) => {
      pending.set(id, {
        resolve: (b) => {
          if (pending.size === 0) worker?.unref();
          resolve(b);
        },
        reject,
      });
      worker!.postMessage({ id, composed });
    });
  }
  return packPdf(buildPdfDefinition(composed));
}
