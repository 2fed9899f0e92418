/**
 * Names of output files: `<document-id>.<lang>.<format>`, and the temporary
 * name each is first written under. Owns the arithmetic that keeps every name
 * within what file systems allow, so a document id that validates can always
 * be written, in every language and format.
 */

/** Longest file name (bytes) of ext4, XFS, btrfs, NTFS and APFS. */
export const MAX_NAME_BYTES = 255;

/** Longest language spec in a name: a pair of two three-letter codes. */
const LONGEST_SPEC = 'xxx+yyy';
const LONGEST_FORMAT = 'docx';

export function outputFileName(id: string, spec: string, format: string): string {
  return `${id}.${spec}.${format}`;
}

/** `.<name>.<pid>.<8 hex>.tmp`, beside the target. */
export function tempFileName(name: string, pid: number, random: string): string {
  return `.${name}.${pid}.${random}.tmp`;
}

/** Bytes a temporary name adds to its target's: two dots, a pid of up to 7 digits, a dot, 8 hex digits, ".tmp". */
export const TEMP_NAME_EXTRA = tempFileName('', 9_999_999, '0'.repeat(8)).length;

/** Longest document id whose every output name, and its temporary name, fits in MAX_NAME_BYTES (ids are ASCII). */
export const MAX_DOCUMENT_ID_LENGTH = MAX_NAME_BYTES - TEMP_NAME_EXTRA - outputFileName('', LONGEST_SPEC, LONGEST_FORMAT).length;
