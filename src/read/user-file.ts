/**
 * Reading a file a user named or a document points to, for every command:
 * regular files only (a FIFO, a device such as /dev/zero, a socket or a folder
 * is refused before a byte is read, so nothing waits on a pipe or reads without
 * end), and never more bytes than the limit of its kind. Owns those guarantees
 * and the limits; decoding and parsing are the callers'.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { Diagnostics, UserError } from '../diag/diagnostic.js';
import type { Position } from '../model/types.js';

const MB = 1024 * 1024;

/**
 * Largest file of each kind. A real response is under 1 MB in all (the 2011
 * response: 140 kB of YAML, 230 kB per translation); the benchmark's 20×
 * document has 4.6 MB translation files. The limits leave room for more than
 * that and stop a file that would take minutes and gigabytes to parse (YAML
 * files are also limited in nodes, see MAX_YAML_NODES: text is cheap to parse,
 * structure is not).
 */
export const FILE_LIMITS = {
  /** document.yaml, a part, translations/<lang>.yaml. */
  yaml: 16 * MB,
  /** An XLIFF or PO file returned by translators. */
  exchange: 32 * MB,
  /** A locale (locales/<lang>/standpoint.json) or a template (.hbs). */
  resource: 2 * MB,
  /** A text response to import. */
  importText: 10 * MB,
  /** A DOCX to import (compressed; its parts are bounded when unpacked). */
  importDocx: 64 * MB,
  /**
   * A reference DOCX (--reference-docx): a Word template is styles, a page
   * setup and perhaps a logo in its header, some 20–200 kB.
   */
  referenceDocx: 32 * MB,
  /**
   * An image the data names (a logo, a scanned signature, a figure): a logo or
   * a signature is 10–500 kB, a photograph a few MB.
   */
  image: 8 * MB,
  /**
   * A TrueType or OpenType face a style names: a serif for Latin and Cyrillic
   * is about 0.4 MB (Liberation Serif, PT Serif), a full CJK face some 20 MB.
   */
  font: 32 * MB,
} as const;

export interface FileProblem {
  rule: 'file-not-found' | 'file-unreadable' | 'not-a-file' | 'too-large';
  message: string;
  hint?: string;
}

export class UserFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: FileProblem,
  ) {
    super(problem.message);
  }

  /** As a diagnostic at `pos` (default: the file itself). */
  report(diags: Diagnostics, pos?: Position): void {
    diags.error(pos ?? { file: this.file, line: 1, column: 1 }, this.problem.rule, this.problem.message, this.problem.hint);
  }

  /** As a UserError: exit 2 when the file is missing or unusable (environment), 1 when it is too large (input). */
  toUserError(exitCode?: 1 | 2): UserError {
    const d = new Diagnostics();
    this.report(d);
    return new UserError(d.items, exitCode ?? (this.problem.rule === 'too-large' ? 1 : 2));
  }
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

export function formatBytes(n: number): string {
  return n >= MB ? `${(n / MB).toFixed(1)} MB` : `${Math.ceil(n / 1024)} kB`;
}

/**
 * The bytes of `file`, which must be a regular file of at most `maxBytes`.
 * Throws UserFileError otherwise. The file is opened without blocking and
 * checked on the open descriptor, so a FIFO swapped in after a stat is refused
 * too, and reading stops at the limit even when the size a file reports is
 * wrong (files in /proc say 0).
 */
export function readUserFile(file: string, maxBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') throw new UserFileError(file, { rule: 'file-not-found', message: `no such file: ${file}` });
    if (code === 'EISDIR') throw new UserFileError(file, { rule: 'not-a-file', message: `${file} is a folder, not a file` });
    if (code === 'ENXIO') throw new UserFileError(file, { rule: 'not-a-file', message: `${file} is a socket or a device without a reader, not a file` });
    const hints: Record<string, string> = {
      EACCES: 'the file is not readable by you; check its permissions',
      ELOOP: 'the file is a symbolic link that leads in a circle',
      ENAMETOOLONG: 'the path is longer than the system allows',
    };
    throw new UserFileError(file, { rule: 'file-unreadable', message: `cannot read the file (${code})`, ...(hints[code] ? { hint: hints[code] } : {}) });
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      throw new UserFileError(file, { rule: 'not-a-file', message: `${file} is ${kindOf(st)}; standpoint reads regular files only` });
    }
    const tooLarge = (size: string) =>
      new UserFileError(file, {
        rule: 'too-large',
        message: `the file is ${size}; the limit for this kind of file is ${formatBytes(maxBytes)}`,
        hint: 'a whole response is well under 1 MB; is this the right file? Split a document this large into parts',
      });
    if (st.size > maxBytes) throw tooLarge(formatBytes(st.size));
    // Read into one buffer one byte larger than the file (to see a file that grew since fstat), handed
    // back as it is: copying it out cost a 0.5 MB font some 3 ms of every cold run.
    let buffer = Buffer.allocUnsafe(Math.min(st.size + 1, maxBytes + 1));
    let total = 0;
    for (;;) {
      if (total === buffer.length) {
        if (total > maxBytes) throw tooLarge(`more than ${formatBytes(maxBytes)}`);
        const larger = Buffer.allocUnsafe(Math.min(Math.max(2 * total, 64 * 1024), maxBytes + 1));
        buffer.copy(larger, 0, 0, total);
        buffer = larger;
      }
      let n: number;
      try {
        n = readSync(fd, buffer, total, buffer.length - total, null);
      } catch (err) {
        throw new UserFileError(file, { rule: 'file-unreadable', message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      }
      if (n === 0) break;
      total += n;
    }
    // Never more than maxBytes here: a buffer filled to maxBytes + 1 is refused at the top of the loop.
    return buffer.subarray(0, total);
  } finally {
    closeSync(fd);
  }
}

/** readUserFile, reported as a UserError (for files a command line names). */
export function readUserFileOrFail(file: string, maxBytes: number): Buffer {
  try {
    return readUserFile(file, maxBytes);
  } catch (err) {
    if (err instanceof UserFileError) throw err.toUserError();
    throw err;
  }
}
