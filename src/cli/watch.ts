/**
 * `standpoint watch`: the live loop (src/watch/loop.ts) with files as its
 * face — render once, then again on every save. Parsed files, compiled
 * templates, locales and the PDF engine stay loaded between runs; an edit that
 * breaks the input prints its positioned errors and keeps the last good
 * outputs; files whose bytes did not change are not rewritten.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { UserError, type Diagnostic } from '../diag/diagnostic.js';
import type { ResponseDocument } from '../model/types.js';
import { loadValidDocument, renderDocumentBytes, type RenderOptions } from '../render/index.js';
import { writeFileAtomic } from '../render/output.js';
import { startPdfWorker, stopPdfWorker } from '../render/pdf/pool.js';
import { langsForChange, liveLoop } from '../watch/loop.js';

export interface WatchHandle {
  /** Resolves when the watcher has stopped. */
  done: Promise<void>;
  stop(): void;
}

/**
 * `langsOf` gives the languages to render for the document as read (its own
 * language when none was asked for, every one for `--lang all`), so a
 * translation added while watching is rendered too.
 */
export function watchDocument(document: string, options: RenderOptions, langsOf: (doc: ResponseDocument) => string[], print: (ds: Diagnostic[]) => void, log: (line: string) => void): WatchHandle {
  const written = new Map<string, string>();
  if (options.formats.includes('pdf')) startPdfWorker();

  const render = async (changed: Set<string> | undefined): Promise<boolean> => {
    const started = performance.now();
    try {
      const { doc, warnings } = loadValidDocument(document);
      print(warnings);
      const langs = langsForChange(langsOf(doc), changed);
      let count = 0;
      await renderDocumentBytes(doc, { ...options, langs }, (f) => {
        const hash = createHash('sha256').update(f.bytes).digest('hex');
        if (written.get(f.path) === hash) return;
        writeFileAtomic(f.path, f.bytes);
        written.set(f.path, hash);
        count++;
        if (f.format === 'docx') log(`  ${f.lang} DOCX after ${Math.round(performance.now() - started)} ms`);
      });
      const ms = Math.round(performance.now() - started);
      log(`rendered ${langs.join(', ')} (${options.formats.join('+')}) in ${ms} ms; ${count} file(s) changed`);
      return true;
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      print(err.diagnostics);
      log('the input has errors; the previous outputs are kept');
      return false;
    }
  };

  const loop = liveLoop({ document, templatesDir: options.templatesDir, localesDir: options.localesDir, ignore: [resolve(options.outDir)] }, render, {
    ready: (folders) => log(`watching ${folders.join(', ')} (Ctrl-C to stop)`),
    stopped: () => stopPdfWorker(),
  });
  return { done: loop.done, stop: loop.stop };
}
