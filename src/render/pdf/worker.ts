/**
 * The PDF worker thread: loads pdfmake and the fonts as soon as it starts, then
 * turns composed documents into PDF bytes. Owns nothing but that loop; the
 * main thread meanwhile reads, composes and writes DOCX.
 */
import { parentPort } from 'node:worker_threads';
import type { ComposedDocument } from '../../compose/layout.js';
import { buildPdfDefinition, type PdfOptions } from './build.js';
import { packPdf, preloadPdfEngine } from './pack.js';

interface Job {
  id: number;
  composed: ComposedDocument;
  options?: PdfOptions;
}

preloadPdfEngine();
parentPort!.on('message', (job: Job) => {
  packPdf(buildPdfDefinition(job.composed, job.options)).then(
    (bytes) => parentPort!.postMessage({ id: job.id, bytes }, [bytes.buffer as ArrayBuffer]),
    (err: unknown) => parentPort!.postMessage({ id: job.id, error: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) }),
  );
});
