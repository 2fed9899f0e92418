/**
 * Writing output files atomically: bytes go to a temporary file in the same
 * folder, are flushed to disk, then renamed over the target, so a failed or
 * killed run leaves the previous file intact. Several files are written as one
 * set: every path is checked first, every temporary file written next, and
 * only then are they renamed in, so a full disk or a bad path writes none of
 * them. Owns nothing else.
 */
import { accessSync, closeSync, constants, fsyncSync, mkdirSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Diagnostics, UserError } from '../diag/diagnostic.js';
import { MAX_NAME_BYTES, TEMP_NAME_EXTRA, tempFileName } from './names.js';

export interface OutputFile {
  path: string;
  bytes: Uint8Array | string;
}

/** Longest path Linux accepts. */
const MAX_PATH_BYTES = 4095;

export function writeFileAtomic(path: string, bytes: Uint8Array | string): void {
  writeFilesAtomic([{ path, bytes }]);
}

/**
 * Problems that would stop `paths` from being written, found without writing:
 * a name too long for the file system (with its temporary name), a target that
 * is a folder, an output folder that is a file or not writable, one path twice.
 */
export function checkOutputPaths(paths: string[]): void {
  const diags = new Diagnostics();
  const at = (path: string) => ({ file: path, line: 1, column: 1 });
  const seen = new Set<string>();
  for (const path of paths) {
    const full = resolve(path);
    if (seen.has(full)) {
      diags.error(at(path), 'output-write', 'this output would be written twice in one run', 'two inputs name the same output file');
      continue;
    }
    seen.add(full);
    const name = Buffer.byteLength(basename(full));
    if (name + TEMP_NAME_EXTRA > MAX_NAME_BYTES) {
      diags.error(at(path), 'output-write', `the file name is ${name} bytes; with the temporary name it is written under it needs ${name + TEMP_NAME_EXTRA}, and a file system allows ${MAX_NAME_BYTES}`, 'use a shorter name (or document id)');
      continue;
    }
    if (Buffer.byteLength(full) + TEMP_NAME_EXTRA > MAX_PATH_BYTES) {
      diags.error(at(path), 'output-write', `the path is ${Buffer.byteLength(full)} bytes long; the system allows ${MAX_PATH_BYTES}`, 'choose an output folder nearer the root');
      continue;
    }
    const problem = targetProblem(full);
    if (problem) diags.error(at(path), 'output-write', problem.message, problem.hint);
  }
  if (diags.hasErrors) throw new UserError(diags.items, 2);
}

function targetProblem(full: string): { message: string; hint?: string } | undefined {
  try {
    const st = statSync(full);
    if (st.isDirectory()) return { message: 'cannot write the output: a folder of that name is in the way (EISDIR)', hint: 'remove or rename the folder, or choose another --out' };
    if (!st.isFile()) return { message: 'cannot write the output: something other than a file is in the way (a pipe or a device)', hint: 'choose another --out' };
  } catch {
    /* no file yet: its folder decides */
  }
  // The nearest folder that exists must be a writable folder; the rest is created.
  for (let dir = dirname(full); ; dir = dirname(dir)) {
    let st;
    try {
      st = statSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && dirname(dir) !== dir) continue;
      if (code === 'ENOTDIR') return { message: 'cannot create the output folder (ENOTDIR)', hint: 'a file stands where a folder of the output path should be; choose another --out' };
      return { message: `cannot create the output folder (${code ?? 'error'})`, hint: HINTS[code ?? ''] };
    }
    if (!st.isDirectory()) return { message: 'cannot create the output folder (ENOTDIR)', hint: `${dir} is a file, not a folder; choose another --out` };
    try {
      accessSync(dir, constants.W_OK | constants.X_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'EACCES';
      return { message: `cannot ${dir === dirname(full) ? 'write the output' : 'create the output folder'} (${code})`, hint: HINTS[code] };
    }
    return undefined;
  }
}

/**
 * Refuses an output that would replace a file the command reads (a document's
 * YAML, a translation): `diff -o doc/document.yaml` or `i18n export -o
 * translations/ru.yaml` would otherwise destroy the input with the report.
 */
export function refuseOverwritingInputs(outputs: string[], inputs: string[]): void {
  const real = (f: string) => {
    try {
      return realpathSync(f);
    } catch {
      return resolve(f);
    }
  };
  const read = new Set(inputs.map(real));
  for (const o of outputs) {
    if (read.has(real(o))) {
      throw UserError.single({ file: o, line: 1, column: 1 }, 'output-is-input', 'the output would replace a file this command reads', 'write the output somewhere else; the input is left as it is', 2);
    }
  }
}

/** Checks every path, writes every temporary file, then renames them all in. */
export function writeFilesAtomic(files: OutputFile[]): void {
  checkOutputPaths(files.map((f) => f.path));
  const staged: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) staged.push({ tmp: writeTemporary(f.path, f.bytes), path: f.path });
  } catch (err) {
    for (const s of staged) removeQuietly(s.tmp);
    throw err;
  }
  for (let i = 0; i < staged.length; i++) {
    const s = staged[i]!;
    try {
      renameSync(s.tmp, s.path);
    } catch (err) {
      for (const rest of staged.slice(i)) removeQuietly(rest.tmp);
      throw envError(s.path, err, 'cannot write the output');
    }
  }
}

function writeTemporary(path: string, bytes: Uint8Array | string): string {
  const dir = dirname(path);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw envError(path, err, 'cannot create the output folder');
  }
  const tmp = join(dir, tempFileName(basename(path), process.pid, randomBytes(4).toString('hex')));
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    return tmp;
  } catch (err) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        /* already failing; the original error is the one to report */
      }
    }
    removeQuietly(tmp);
    throw envError(path, err, 'cannot write the output');
  }
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* the temporary file may never have been created */
  }
}

const HINTS: Record<string, string> = {
  ENOSPC: 'the disk is full; free space and run again (the previous output is intact)',
  EACCES: 'the output folder is not writable; choose another with --out',
  EROFS: 'the output folder is on a read-only file system; choose another with --out',
  EPERM: 'the output folder is not writable; choose another with --out',
  ENAMETOOLONG: 'the output name is too long for the file system; use a shorter document id or folder',
};

function envError(path: string, err: unknown, what: string): UserError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return UserError.single({ file: path, line: 1, column: 1 }, 'output-write', `${what} (${code})`, HINTS[code], 2);
}
