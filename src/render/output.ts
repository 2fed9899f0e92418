/**
 * Writing output files atomically: bytes go to a temporary file in the same
 * folder, are flushed to disk, then renamed over the target, so a failed or
 * killed run leaves the previous file intact. Owns nothing else.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { UserError } from '../diag/diagnostic.js';

export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw envError(path, err, 'cannot create the output folder');
  }
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (err) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* already failing; the original error is the one to report */
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      /* the temporary file may never have been created */
    }
    throw envError(path, err, 'cannot write the output');
  }
}

function envError(path: string, err: unknown, what: string): UserError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  const hints: Record<string, string> = {
    ENOSPC: 'the disk is full; free space and run again (the previous output is intact)',
    EACCES: 'the output folder is not writable; choose another with --out',
    EROFS: 'the output folder is on a read-only file system; choose another with --out',
    EPERM: 'the output folder is not writable; choose another with --out',
  };
  return UserError.single({ file: path, line: 1, column: 1 }, 'output-write', `${what} (${code})`, hints[code], 2);
}
