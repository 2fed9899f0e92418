/**
 * Where in a YAML file a character of a string value stands: the reader gives
 * the position of the value's first character (its quote), the checks find
 * problems at offsets in the decoded text. Owns walking the raw scalar —
 * double-quoted (escapes, folded lines), single-quoted ('' for ') or plain —
 * back to line and column. Block scalars (| >) give the value's position.
 */
import { readFileSync } from 'node:fs';
import type { Position } from '../model/types.js';

const files = new Map<string, string[]>();

function linesOf(file: string): string[] | undefined {
  let lines = files.get(file);
  if (!lines) {
    try {
      lines = readFileSync(file, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);
    } catch {
      return undefined;
    }
    files.set(file, lines);
  }
  return lines;
}

/** Forgets files read before (a long-running process that re-reads edited files calls this). */
export function forgetScalarSources(): void {
  files.clear();
}

export function positionInScalar(value: Position | undefined, offset: number): Position | undefined {
  if (!value) return undefined;
  const lines = linesOf(value.file);
  if (!lines || offset < 0) return value;
  let line = value.line - 1;
  let col = value.column - 1;
  const text = lines[line];
  if (text === undefined) return value;
  const quote = text[col];
  if (quote === '|' || quote === '>') return value;
  const quoted = quote === '"' || quote === "'";
  if (quoted) col++;
  let decoded = 0;
  while (decoded < offset) {
    const l = lines[line];
    if (l === undefined) return value;
    if (col >= l.length) {
      // A line break inside the scalar folds to one space; the next line's indentation is not text.
      line++;
      const next = lines[line];
      if (next === undefined) return value;
      col = next.length - next.trimStart().length;
      decoded++;
      continue;
    }
    const c = l[col]!;
    if (quote === '"' && c === '\\') {
      const e = l[col + 1];
      col += e === 'x' ? 4 : e === 'u' ? 6 : e === 'U' ? 10 : 2;
      decoded += e === 'U' ? 2 : 1;
      continue;
    }
    if (quote === "'" && c === "'" && l[col + 1] === "'") {
      col += 2;
      decoded++;
      continue;
    }
    if (quoted && c === quote) return value;
    col++;
    decoded++;
  }
  return { file: value.file, line: line + 1, column: col + 1 };
}
