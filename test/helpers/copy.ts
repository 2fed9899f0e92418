/** Copies of the bundled document to break in tests. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDoc, tempDir } from './tools.js';

export function copyDocument(): string {
  const dir = join(tempDir('doc-'), 'kz-2011-presidential');
  cpSync(dataDoc, dir, { recursive: true });
  return dir;
}

/** Replaces the first occurrence of `from` in a file of the copy; fails when absent. */
export function edit(dir: string, file: string, from: string | RegExp, to: string): void {
  const path = join(dir, file);
  const text = readFileSync(path, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`edit: ${String(from)} not found in ${file}`);
  writeFileSync(path, next);
}

export function lineOf(dir: string, file: string, needle: string): { line: number; column: number } {
  const lines = readFileSync(join(dir, file), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in ${file}`);
  return { line: i + 1, column: lines[i]!.indexOf(needle) + 1 };
}
