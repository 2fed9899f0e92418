/**
 * The machinery of every live mode (`watch`, `preview`): run once, then again
 * on every save of the document's data and translations, the templates or the
 * locales; saves close together are one run, a save during a run queues one
 * more with every changed file. What a run does — write files, serve a page —
 * belongs to the caller; this module only decides when, and stops cleanly.
 * A watched folder renamed away and created again (a checkout, a restore from
 * a copy) is noticed through its parent and watched anew.
 * It writes nothing and prints nothing.
 */
import { readdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
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
  /** A folder was replaced, renamed away or created: watch again before the next run. */
  let reattachNeeded = false;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (stopping) return;
      const changed = batch;
      batch = new Set();
      if (reattachNeeded) {
        reattachNeeded = false;
        attach();
        // After a folder was replaced any file may have changed: everything runs again.
        unapplied = undefined;
      }
      void runQueued(changed).catch(failWith);
    }, DEBOUNCE_MS);
  };

  let watchers: FSWatcher[] = [];
  /** Each watched folder and the identity (device and inode) it had when watched. */
  let watched = new Map<string, string>();
  const identity = (dir: string): string | undefined => {
    try {
      const st = statSync(dir);
      return st.isDirectory() ? `${st.dev}:${st.ino}` : undefined;
    } catch {
      return undefined;
    }
  };
  /** True when a watched folder is gone or is another folder now (renamed away and created again). */
  const replaced = () => [...watched].some(([dir, id]) => identity(dir) !== id);
  const ignored = (file: string) => ignore.some((d) => file.startsWith(d) || `${file}${sep}` === d);

  const onChange = (dir: string) => (event: string, name: string | Buffer | null) => {
    const file = name ? resolve(dir, String(name)) : dir;
    if (ignored(file)) return;
    // A folder added, removed or swapped for another: the set of watched folders changes.
    if (event === 'rename' && (watched.has(file) || identity(file) !== undefined || replaced())) {
      reattachNeeded = true;
      schedule();
      return;
    }
    // Temporary files (ours and editors') are not edits.
    if (!RELEVANT.test(file) || basename(file).startsWith('.')) return;
    batch.add(file);
    schedule();
  };

  /** The parents of the top folders see a top folder renamed away or created again. */
  const onParentChange = (parent: string) => (_event: string, name: string | Buffer | null) => {
    if (name !== null && !tops.includes(resolve(parent, String(name)))) return;
    if (!replaced() && tops.every((t) => watched.has(t))) return;
    reattachNeeded = true;
    schedule();
  };

  const watchOne = (dir: string, listener: (event: string, name: string | Buffer | null) => void): void => {
    try {
      const w = watch(dir, listener);
      // A folder removed while watched may report an error: noticed and watched anew instead.
      w.on('error', () => {
        reattachNeeded = true;
        schedule();
      });
      watchers.push(w);
    } catch {
      /* the folder is gone already; its parent's watcher notices when it comes back */
    }
  };

  /**
   * (Re-)creates every watcher: the top folders, their subfolders as they are
   * now, and the tops' parents. Each folder is watched on its own: Node 20's
   * recursive watching on Linux loses a file once an editor replaces it by
   * renaming a new copy over it, and a folder renamed away takes its watcher
   * with it, so a checkout or a restore that re-creates the folder would
   * otherwise never be seen.
   */
  const attach = () => {
    for (const w of watchers) w.close();
    watchers = [];
    watched = new Map();
    for (const top of tops) {
      for (const d of [top, ...subfolders(top, 3)]) {
        const id = identity(d);
        if (id === undefined || ignored(d)) continue;
        watched.set(d, id);
        watchOne(d, onChange(d));
      }
    }
    for (const parent of new Set(tops.map((t) => dirname(t)))) watchOne(parent, onParentChange(parent));
  };

  const stop = () => {
    if (stopping) return;
    stopping = true;
    clearTimeout(timer);
    for (const w of watchers) w.close();
    watchers = [];
    void (hooks.stopped?.() ?? Promise.resolve()).then(finish, finish);
  };
  const failWith = (err: unknown) => {
    stop();
    fail(err);
  };

  void runQueued()
    .then(() => {
      if (stopping) return;
      attach();
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
