/**
 * The `# yaml-language-server: $schema=…` line at the top of every YAML file
 * standpoint writes: editors (VS Code's YAML extension, any client of
 * yaml-language-server) read it for completion and checks. The path is
 * relative to the file and leads to the schema folder of the installed
 * package, so it resolves wherever the document lives; a line the file
 * already has is kept when it still resolves (a user's own choice).
 */
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { schemaDir } from '../paths.js';

const MODELINE = /^# yaml-language-server: \$schema=(\S+)/;

/** The schema path (or URL) that a line at the top of `text` names, if any. */
export function schemaNamedIn(text: string): string | undefined {
  return MODELINE.exec(text)?.[1];
}

/** True when `schema`, as named in a file in `folder`, is a URL or an existing file. */
export function schemaResolves(schema: string, folder: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(schema)) return !schema.startsWith('file:') || existsSync(new URL(schema));
  return existsSync(isAbsolute(schema) ? schema : resolve(folder, schema));
}

/** The installed package's `<name>.schema.json`, relative to `folder` ('/' separators, as editors expect). */
export function schemaPathFrom(folder: string, name: string): string {
  const rel = relative(resolve(folder), resolve(schemaDir, `${name}.schema.json`)).split(sep).join('/');
  return rel;
}

function firstLine(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(1024);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, n).toString('utf8').split('\n')[0] ?? '';
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The modeline for a file about to be written at `file`: the one it has when
 * that still resolves, else one that leads to the installed package's schema.
 */
export function schemaLineFor(file: string, name: string): string {
  const folder = dirname(resolve(file));
  const existing = schemaNamedIn(firstLine(file));
  const schema = existing !== undefined && schemaResolves(existing, folder) ? existing : schemaPathFrom(folder, name);
  return `# yaml-language-server: $schema=${schema}`;
}
