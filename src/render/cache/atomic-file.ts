/**
 * Writing one of the cache folder's files so that a reader sees the whole old
 * file or the whole new one: a temporary file beside it, renamed over it.
 * Owns that write and the removal of temporary files that writers killed half
 * way left behind; knows nothing of the files' formats (cache-file.ts, the
 * CLI's code cache in src/startup/code-cache.ts).
 */
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A temporary file of a writer this old was left by a killed process. */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/**
 * Writes `bytes` to `file` through a temporary file renamed over it, first
 * removing the temporary files (`<name>.<pid>.<random>.tmp`) older than ten
 * minutes of the files whose names `family` takes.
 */
export function writeCacheFileAtomically(file: string, bytes: Uint8Array, family: (name: string) => boolean): void {
  const folder = dirname(file);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  removeStaleTemporaries(folder, family);
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      /* gone already */
    }
    throw err;
  }
}

function removeStaleTemporaries(folder: string, family: (name: string) => boolean): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  const now = Date.now();
  for (const n of names) {
    const temporary = /^(.+)\.\d+\.[0-9a-f]+\.tmp$/.exec(n);
    if (!temporary || !family(temporary[1]!)) continue;
    try {
      const p = join(folder, n);
      if (now - statSync(p).mtimeMs > STALE_TEMPORARY_MS) unlinkSync(p);
    } catch {
      /* another writer's, or gone */
    }
  }
}
