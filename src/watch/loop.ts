/**
 * The machinery of every live mode (`watch`, `preview`): run once, then again
 * on every save of the document's data and translations, the templates or the
 * locales; saves close together are one run, a save during a run queues one
 * more with every changed file. What a run does — write files, serve a page —
 * belongs to the caller; this module only decides when, and stops cleanly.
 * It writes nothing and prints nothing.
 */
import { readdirSync, watch, type FSWatcher } from 'node:fs';
import { basename, resolve, sep } from 'node:path';
import { locateDocument } from '../read/document.js';
import { defaultLocalesDir, defaultTemplatesDir } from '../paths.js';

/** Files whose saves count: YAML data and translations, templates, locales. */
const RELEVANT = /\.(ya?ml|hbs|json)$/;
/** Editors write a file in several steps; one run follows the last of them. */
const DEBOUNCE_MS = 30;

export interface WatchSources {
  document: string;
  templatesDir?: string;
  localesDir?: string;
  /** Folders whose files are outputs, not edits (watch's --out). */
  ignore?: string[];
}

export interface LiveLoop {
  /** Resolves when the loop has stopped (after `stop`, or when a run threw). */
  done: Promise<void>;
  stop(): void;
  /** The folders watched (the document's folder, the templates, the locales). */
  folders: string[];
}

/**
 * `run(undefined)` first, then `run(changed files)` after saves; `ready`
 * once the first run is done and the folders are watched. A run resolves
 * false when the input had errors (it reports them itself): the files it was
 * given count as changed again in the next run, so an edit made while another
 * file was broken is not forgotten. A run that throws stops the loop and
 * rejects `done` (runs throw only what is not the user's). `stopped` runs last.
 */
export function liveLoop(
  sources: WatchSources,
  run: (changed: Set<string> | undefined) => Promise<boolean>,
  hooks: { ready?: (folders: string[]) => void; stopped?: () => Promise<void> } = {},
): LiveLoop {
  const { root } = locateDocument(sources.document);
  const ignore = (sources.ignore ?? []).map((d) => resolve(d) + sep);
  const tops = [...new Set([root, sources.templatesDir ?? defaultTemplatesDir, sources.localesDir ?? defaultLocalesDir].map((d) => resolve(d)))];

  let running = false;
  let stopping = false;
  let pending: Set<string> | undefined;
  /** Changes since the last run that succeeded (undefined: everything, as at the start). */
  let unapplied: Set<string> | undefined = new Set();
  let finish!: () => void;
  let fail!: (err: unknown) => void;
  const done = new Promise<void>((res, rej) => {
    finish = res;
    fail = rej;
  });

  const runQueued = async (changed?: Set<string>): Promise<void> => {
    if (stopping) return;
    if (running) {
      pending = new Set([...(pending ?? []), ...(changed ?? [])]);
      return;
    }
    running = true;
    try {
      const all = changed && unapplied ? new Set([...unapplied, ...changed]) : undefined;
      const ok = await run(all);
      unapplied = ok ? new Set() : all;
    } finally {
      running = false;
    }
    if (pending) {
      const next = pending;
      pending = undefined;
      await runQueued(next);
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let batch = new Set<string>();
  const onChange = (dir: string) => (_event: string, name: string | Buffer | null) => {
    const file = name ? resolve(dir, String(name)) : dir;
    // Temporary files (ours and editors') and outputs are not edits.
    if (!RELEVANT.test(file) || basename(file).startsWith('.') || ignore.some((d) => file.startsWith(d))) return;
    batch.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changed = batch;
      batch = new Set();
      void runQueued(changed).catch(failWith);
    }, DEBOUNCE_MS);
  };

  const watchers: FSWatcher[] = [];
  const stop = () => {
    if (stopping) return;
    stopping = true;
    clearTimeout(timer);
    for (const w of watchers) w.close();
    void (hooks.stopped?.() ?? Promise.resolve()).then(finish, finish);
  };
  const failWith = (err: unknown) => {
    stop();
    fail(err);
  };

  // Each folder is watched on its own: Node 20's recursive watching on Linux
  // loses a file once an editor replaces it by renaming a new copy over it.
  const folders = tops.flatMap((d) => [d, ...subfolders(d, 3)]);
  void runQueued()
    .then(() => {
      if (stopping) return;
      for (const d of folders) watchers.push(watch(d, onChange(d)));
      hooks.ready?.(tops);
    })
    .catch(failWith);
  return { done, stop, folders: tops };
}

/** Languages to render again for a set of changed files: a saved translation touches only its language. */
export function langsForChange(langs: string[], changed: Set<string> | undefined): string[] {
  if (!changed) return langs;
  const translated = [...changed].map((f) => /[\\/]translations[\\/]([a-z]{2,3})\.ya?ml$/.exec(f)?.[1]);
  if (translated.some((l) => l === undefined)) return langs;
  return langs.filter((spec) => spec.split('+').some((l) => translated.includes(l)));
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
