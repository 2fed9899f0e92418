/**
 * Writing several files as one transaction: either every file of the set is
 * replaced, or none is. Owns the staging folder, the journal and the recovery
 * of a commit that a killed process left half done; knows nothing of what the
 * files hold (callers parse, check and validate before they commit).
 *
 * A commit into the folder ROOT (every target must lie inside it):
 *  1. ROOT/.standpoint-transaction/ is created with mkdir (it is the lock) and
 *     an owner file naming the process;
 *  2. every new file is written into it as `<n>.new`, flushed, read back and
 *     compared (and given to the caller's `verify`);
 *  3. every target that exists is hard-linked (else copied) as `<n>.old`;
 *  4. journal.json lists targets, staged and backup names — from here on a
 *     recovery rolls back;
 *  5. each `<n>.new` is renamed over its target (rename is atomic per file);
 *  6. a `done` file is written — from here on a recovery only cleans up;
 *  7. the staging folder is removed.
 * A kill anywhere leaves every target either old or new, and the next
 * `recoverInterruptedCommit(ROOT)` (every reader of a document folder calls it)
 * restores the whole old set — a command that did not finish wrote nothing —
 * or, after step 6, keeps the whole new set.
 */
import {
  closeSync, copyFileSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, rmdirSync,
  statSync, unlinkSync, writeSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../diag/diagnostic.js';

export const TRANSACTION_DIR = '.standpoint-transaction';

export interface FileWrite {
  /** Target path; must lie inside the transaction's root folder. */
  path: string;
  data: string | Uint8Array;
}

export interface CommitOptions {
  /** Called with target -> staged file once everything is staged; throw to abort (nothing is written). */
  verify?: (staged: Map<string, string>) => void;
  /** The root folder was created for this commit: a rollback removes it again when it is left empty. */
  createdRoot?: boolean;
}

interface Journal {
  version: 1;
  entries: { target: string; staged: string; backup?: string }[];
  /** Folders made for targets (relative to the root), deepest last; removed again by a rollback when empty. */
  createdDirs: string[];
}

interface Owner {
  pid: number;
  /** When the commit started (ms since the epoch). */
  started?: number;
  createdRoot?: boolean;
}

/** A commit takes milliseconds; one whose owner still "lives" after this long has a reused process id. */
const STALE_MS = 10 * 60 * 1000;

export interface Recovery {
  action: 'rolled-back' | 'finished' | 'cleaned';
  files: string[];
}

/** How long a reader waits for another live process's commit before giving up. */
const BUSY_WAIT_MS = 10_000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function fsyncPath(path: string): void {
  // Directories are flushed so that renames and new names survive a power cut; some file systems refuse, which is harmless.
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    /* not supported here: the rename itself is still atomic */
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function writeDurable(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const fd = openSync(path, 'wx', 0o644);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readJson<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function inside(root: string, path: string): string {
  const rel = relative(resolve(root), resolve(path));
  if (!rel || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep)[0] === TRANSACTION_DIR) {
    throw new Error(`transaction: ${path} is not inside ${root}`);
  }
  return rel;
}

function environmentError(path: string, err: unknown): UserError {
  if (err instanceof UserError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  const hints: Record<string, string> = {
    ENOSPC: 'the disk is full; free space and run again (nothing was changed)',
    EACCES: 'the folder is not writable',
    EPERM: 'the folder is not writable',
    EROFS: 'the folder is on a read-only file system',
  };
  return UserError.single({ file: path, line: 1, column: 1 }, 'output-write', `cannot write the files (${code}); nothing was changed`, hints[code], 2);
}

/**
 * Writes every file of `writes` or none. Throws UserError (exit 2) when the
 * file system refuses; whatever was staged is removed and the targets are left
 * as they were.
 */
export function commitFiles(root: string, writes: FileWrite[], options: CommitOptions = {}): void {
  if (writes.length === 0) return;
  const rels = writes.map((w) => inside(root, w.path));
  if (new Set(rels).size !== rels.length) throw new Error('transaction: a file is written twice');
  recoverInterruptedCommit(root);
  const stage = join(root, TRANSACTION_DIR);
  try {
    mkdirSync(root, { recursive: true });
    mkdirSync(stage);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      throw UserError.single({ file: root, line: 1, column: 1 }, 'transaction-busy', 'another standpoint process is writing this folder', 'wait for it to finish and run again', 2);
    }
    throw environmentError(root, err);
  }
  let journalWritten = false;
  let done = false;
  const journal: Journal = { version: 1, entries: [], createdDirs: [] };
  try {
    writeDurable(join(stage, 'owner.json'), JSON.stringify({ pid: process.pid, started: Date.now(), ...(options.createdRoot ? { createdRoot: true } : {}) } satisfies Owner));
    const staged = new Map<string, string>();
    writes.forEach((w, i) => {
      const name = `${i}.new`;
      const path = join(stage, name);
      writeDurable(path, w.data);
      // Read back: what will be renamed in is exactly what the caller checked.
      const expected = typeof w.data === 'string' ? Buffer.from(w.data, 'utf8') : Buffer.from(w.data);
      if (!readFileSync(path).equals(expected)) throw UserError.single({ file: w.path, line: 1, column: 1 }, 'output-write', 'the staged file does not read back as written; nothing was changed', undefined, 2);
      staged.set(w.path, path);
      journal.entries.push({ target: rels[i]!, staged: name });
    });
    options.verify?.(staged);
    journal.entries.forEach((e, i) => {
      const target = join(root, e.target);
      if (!existsSync(target)) return;
      const backup = `${i}.old`;
      try {
        linkSync(target, join(stage, backup));
      } catch {
        // A file system without hard links: a flushed copy does the same job.
        copyFileSync(target, join(stage, backup));
        fsyncPath(join(stage, backup));
      }
      e.backup = backup;
    });
    for (const e of journal.entries) {
      const missing: string[] = [];
      for (let d = dirname(e.target); d !== '.' && !existsSync(join(root, d)); d = dirname(d)) missing.unshift(d);
      for (const d of missing) {
        mkdirSync(join(root, d));
        journal.createdDirs.push(d);
      }
    }
    fsyncPath(stage);
    writeDurable(join(stage, 'journal.json.tmp'), JSON.stringify(journal));
    renameSync(join(stage, 'journal.json.tmp'), join(stage, 'journal.json'));
    fsyncPath(stage);
    journalWritten = true;
    for (const e of journal.entries) renameSync(join(stage, e.staged), join(root, e.target));
    for (const d of new Set(journal.entries.map((e) => dirname(join(root, e.target))))) fsyncPath(d);
    writeDurable(join(stage, 'done'), '');
    fsyncPath(stage);
    done = true;
  } catch (err) {
    if (journalWritten && !done) rollBack(root, stage, journal);
    else if (!journalWritten) for (const d of [...journal.createdDirs].reverse()) removeEmptyDir(join(root, d));
    rmSync(stage, { recursive: true, force: true });
    if (options.createdRoot) removeEmptyDir(root);
    throw environmentError(root, err);
  }
  rmSync(stage, { recursive: true, force: true });
}

function removeEmptyDir(path: string): void {
  try {
    rmdirSync(path);
  } catch {
    /* not empty (or gone): it stays */
  }
}

function rollBack(root: string, stage: string, journal: Journal): string[] {
  const restored: string[] = [];
  for (const e of journal.entries) {
    const target = join(root, e.target);
    if (e.backup) {
      // Missing backup: an earlier rollback already put it back (rollback is repeated after a second kill).
      if (existsSync(join(stage, e.backup))) {
        renameSync(join(stage, e.backup), target);
        restored.push(target);
      }
    } else if (existsSync(target) && !existsSync(join(stage, e.staged))) {
      // The file is new in this commit and was already renamed in: it goes again.
      unlinkSync(target);
      restored.push(target);
    }
  }
  for (const d of [...journal.createdDirs].reverse()) removeEmptyDir(join(root, d));
  return restored;
}

/**
 * Finishes or rolls back a commit that a killed process left in `root`, and
 * says which. Waits a little when the commit belongs to a live process.
 * Returns undefined when there was nothing to recover.
 */
export function recoverInterruptedCommit(root: string, options: { waitMs?: number } = {}): Recovery | undefined {
  const stage = join(root, TRANSACTION_DIR);
  if (!existsSync(stage)) return undefined;
  const waitUntil = Date.now() + (options.waitMs ?? BUSY_WAIT_MS);
  for (;;) {
    const owner = readJson<Owner>(join(stage, 'owner.json'));
    if (!owner || !isAlive(owner.pid) || (owner.started !== undefined && Date.now() - owner.started > STALE_MS)) break;
    if (Date.now() > waitUntil) {
      throw UserError.single({ file: root, line: 1, column: 1 }, 'transaction-busy', `another standpoint process (pid ${owner.pid}) is writing this folder`, 'wait for it to finish and run again', 2);
    }
    sleep(50);
    if (!existsSync(stage)) return undefined;
  }
  const owner = readJson<Owner>(join(stage, 'owner.json'));
  let recovery: Recovery;
  try {
    const journal = readJson<Journal>(join(stage, 'journal.json'));
    if (existsSync(join(stage, 'done'))) recovery = { action: 'finished', files: (journal?.entries ?? []).map((e) => join(root, e.target)) };
    else if (journal && journal.version === 1 && Array.isArray(journal.entries)) recovery = { action: 'rolled-back', files: rollBack(root, stage, journal) };
    else recovery = { action: 'cleaned', files: [] };
    rmSync(stage, { recursive: true, force: true });
  } catch (err) {
    throw UserError.single(
      { file: stage, line: 1, column: 1 },
      'transaction-recovery',
      `cannot finish an interrupted write in ${root} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      `make the folder writable and run again; ${TRANSACTION_DIR}/journal.json lists the files`,
      2,
    );
  }
  if (owner?.createdRoot && recovery.action !== 'finished') {
    try {
      if (statSync(root).isDirectory() && readdirSync(root).length === 0) rmdirSync(root);
    } catch {
      /* it stays */
    }
  }
  return recovery;
}
