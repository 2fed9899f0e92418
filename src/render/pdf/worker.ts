/**
 * The PDF worker thread: loads pdfmake and the fonts as soon as it starts, then
 * turns composed documents into PDF bytes. Owns nothing but that loop; the
 * main thread meanwhile reads, composes and writes DOCX. What a render learns
 * for the typesetting cache is saved when the worker has been idle a moment
 * (watch) and when it is asked to stop (then it exits).
 */
import { parentPort } from 'node:worker_threads';
import type { ComposedDocument } from '../../compose/layout.js';
import { buildPdfDefinition, type PdfOptions } from './build.js';
import { packPdf, preloadPdfEngine } from './pack.js';
import { flushCache } from '../cache/cache-file.js';
import { enableCompileCache } from '../../startup/compile-cache.js';

interface Job {
  id: number;
  composed: ComposedDocument;
  options?: PdfOptions;
}

/** Idle time after which what was learned is saved (a render of watch is followed by another soon, or none for a while). */
const SAVE_AFTER_MS = 500;

// Before pdfmake, pdfkit and fontkit are loaded: their compiled code is what the cache keeps.
enableCompileCache();
preloadPdfEngine();
let saveTimer: NodeJS.Timeout | undefined;
parentPort!.on('message', (message: Job | { stop: true }) => {
  clearTimeout(saveTimer);
  if ('stop' in message) {
    flushCache();
    process.exit(0);
  }
  const job = message;
  packPdf(buildPdfDefinition(job.composed, job.options)).then(
    (bytes) => {
      parentPort!.postMessage({ id: job.id, bytes }, [bytes.buffer as ArrayBuffer]);
      saveTimer = setTimeout(flushCache, SAVE_AFTER_MS);
      saveTimer.unref();
    },
    (err: unknown) => parentPort!.postMessage({ id: job.id, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) }),
  );
});
