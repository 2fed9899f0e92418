/**
 * `standpoint watch`: render once, then again on every save of the data,
 * translations, templates or locales. Parsed files, compiled templates,
 * locales and the PDF engine stay loaded between runs; an edit that breaks the
 * input prints its positioned errors and keeps the last good outputs; files
 * whose bytes did not change are not rewritten. Ctrl-C exits cleanly.
 */
import { readdirSync, watch, type FSWatcher } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, resolve, sep } from 'node:path';
import { UserError, type Diagnostic } from '../diag/diagnostic.js';
import { loadValidDocument, renderDocumentBytes, type RenderOptions } from '../render/index.js';
import { writeFileAtomic } from '../render/output.js';
import { locateDocument } from '../read/document.js';
import { startPdfWorker, stopPdfWorker } from '../render/pdf/pool.js';
import { defaultLocalesDir, defaultTemplatesDir } from '../paths.js';

const RELEVANT = /\.(ya?ml|hbs|json)$/;
const DEBOUNCE_MS = 30;

export interface WatchHandle {
  /** Resolves when the watcher has stopped. */
  done: Promise<void>;
  stop(): void;
}

export function watchDocument(document: string, options: RenderOptions, print: (ds: Diagnostic[]) => void, log: (line: string) => void): WatchHandle {
  const { root } = locateDocument(document);
  const outDir = resolve(options.outDir);
  const written = new Map<string, string>();
  if (options.formats.includes('pdf')) startPdfWorker();

  let running = false;
  let pending: Set<string> | undefined;

  /** Languages to render for a set of changed files: a translation file touches only its language. */
  const langsFor = (changed: Set<string> | undefined): string[] => {
    if (!changed) return options.langs;
    const translated = [...changed].map((f) => /[\\/]translations[\\/]([a-z]{2,3})\.ya?ml$/.exec(f)?.[1]);
    if (translated.some((l) => l === undefined)) return options.langs;
    return options.langs.filter((spec) => spec.split('+').some((l) => translated.includes(l)));
  };

  const run = async (changed?: Set<string>): Promise<void> => {
    if (running) {
      pending = new Set([...(pending ?? []), ...(changed ?? [])]);
      return;
    }
    running = true;
    const started = performance.now();
    try {
      const langs = langsFor(changed);
      const { doc, warnings } = loadValidDocument(document);
      print(warnings);
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
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      print(err.diagnostics);
      log('the input has errors; the previous outputs are kept');
    } finally {
      running = false;
    }
    if (pending) {
      const next = pending;
      pending = undefined;
      await run(next);
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let batch = new Set<string>();
  const onChange = (dir: string) => (_event: string, name: string | Buffer | null) => {
    const file = name ? resolve(dir, String(name)) : dir;
    // Our own temporary files and outputs are not edits.
    if (!RELEVANT.test(file) || basename(file).startsWith('.') || file.startsWith(outDir + sep)) return;
    batch.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = batch;
      batch = new Set();
      void run(changed).catch(fail);
    }, DEBOUNCE_MS);
  };

  const tops = [...new Set([root, options.templatesDir ?? defaultTemplatesDir, options.localesDir ?? defaultLocalesDir].map((d) => resolve(d)))];
  // Each folder is watched on its own: Node 20's recursive watching on Linux
  // loses a file once an editor replaces it by renaming a new copy over it.
  const dirs = tops.flatMap((d) => [d, ...subfolders(d, 3)]);
  const watchers: FSWatcher[] = [];
  let finish!: () => void;
  let fail!: (err: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    finish = res;
    fail = rej;
  });
  const stop = () => {
    clearTimeout(timer);
    for (const w of watchers) w.close();
    void stopPdfWorker().then(finish, finish);
  };
  void run()
    .then(() => {
      for (const d of dirs) watchers.push(watch(d, onChange(d)));
      log(`watching ${tops.join(', ')} (Ctrl-C to stop)`);
    })
    .catch((err: unknown) => {
      stop();
      fail(err);
    });
  return { done, stop };
}

function subfolders(dir: string, depth: number): string[] {
  if (depth === 0) return [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .flatMap((e) => {
      const sub = resolve(dir, e.name);
      return [sub, ...subfolders(sub, depth - 1)];
    });
}
