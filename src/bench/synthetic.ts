/**
 * Synthetic large responses for the benchmark and scale tests: the 2011
 * response repeated N times (every id prefixed "x2-", "x3-", …), with its
 * translations, written as an ordinary document folder.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const prefixIds = (text: string, p: string) =>
  text
    .replace(/(\bid: )([a-z0-9][a-z0-9.-]*)/g, `$1${p}$2`)
    .replace(/\[\^([^\]]+)\]/g, `[^${p}$1]`);

/** Writes `<dir>/document.yaml` and parts for a document `times` the size of `source`. */
export function writeSyntheticDocument(source: string, dir: string, times: number, id = `synthetic-${times}x`): string {
  mkdirSync(join(dir, 'translations'), { recursive: true });
  const doc = readFileSync(join(source, 'document.yaml'), 'utf8');
  const parts = [...doc.matchAll(/^ {2}- (\S+\.yaml)$/gm)].map((m) => m[1]!);
  const newParts: string[] = [];
  for (let k = 1; k <= times; k++) {
    const p = k === 1 ? '' : `x${k}-`;
    for (const part of parts) {
      const name = `${p}${part}`;
      writeFileSync(join(dir, name), prefixIds(readFileSync(join(source, part), 'utf8'), p));
      newParts.push(name);
    }
  }
  writeFileSync(join(dir, 'document.yaml'), doc.replace(/^id: .*$/m, `id: ${id}`).replace(/^parts:\n(?: {2}- .*\n)+/m, `parts:\n${newParts.map((n) => `  - ${n}`).join('\n')}\n`));
  const tdir = join(source, 'translations');
  let files: string[] = [];
  try {
    files = readdirSync(tdir).filter((f) => f.endsWith('.yaml'));
  } catch {
    /* no translations */
  }
  for (const f of files) {
    const text = readFileSync(join(tdir, f), 'utf8');
    const [head, body] = text.split(/^units:\n/m) as [string, string];
    // Unit keys sit at two spaces; the part of the body with section units is repeated with prefixed keys.
    let units = body;
    for (let k = 2; k <= times; k++) {
      units += body
        .split(/(?=^ {2}\S)/m)
        .filter((entry) => !/^ {2}(meta|instrument|opening|closing|abbr)\./.test(entry))
        .map((entry) => entry.replace(/^ {2}([a-z0-9][a-z0-9.-]*):/, `  x${k}-$1:`).replace(/\[\^([^\]]+)\]/g, `[^x${k}-$1]`))
        .join('');
    }
    writeFileSync(join(dir, 'translations', f), `${head}units:\n${units}`);
  }
  return dir;
}

/** Node patterns that layout engines are known to handle in more than linear time. */
export const LAYOUT_PATTERNS = ['table', 'paragraph', 'list', 'footnotes'] as const;
export type LayoutPattern = (typeof LAYOUT_PATTERNS)[number];

const WORDS = ['the', 'commission', 'observed', 'election', 'day', 'procedures', 'were', 'followed', 'in', 'most', 'polling', 'stations'];
const words = (n: number, seed: number) => Array.from({ length: n }, (_, i) => WORDS[(i * 7 + seed) % WORDS.length]).join(' ');

/**
 * Writes a copy of `source` (a one-file document such as the golden case)
 * whose first standpoint starts with one block of `n` elements of a pattern:
 * a table of n rows, a paragraph of n words, a list of n items, or n
 * footnotes in one item. For measuring how layout time grows with n.
 */
export function writePatternDocument(source: string, dir: string, pattern: LayoutPattern, n: number): string {
  mkdirSync(dir, { recursive: true });
  const doc = readFileSync(join(source, 'document.yaml'), 'utf8');
  const at = doc.indexOf('        standpoint:\n');
  if (at < 0) throw new Error(`${source}: no standpoint to extend`);
  let head = doc.slice(0, at + '        standpoint:\n'.length);
  let block = '';
  let footnotes = '';
  if (pattern === 'table') {
    block = `          - id: bench.t\n            table:\n              columns:\n                - {id: bench.t.h1, text: "No.", width: 1}\n                - {id: bench.t.h2, text: "Party", width: 3}\n              rows:\n`;
    for (let i = 1; i <= n; i++) block += `                - {id: bench.t.r${i}, cells: ["${i}", "${words(6, i)}"]}\n`;
  } else if (pattern === 'paragraph') {
    block = `          - {id: bench.p, text: "${words(n, 0)}."}\n`;
  } else if (pattern === 'list') {
    block = `          - id: bench.l\n            list:\n              style: "1)"\n              items:\n`;
    for (let i = 1; i <= n; i++) block += `                - {id: bench.l.i${i}, text: "${words(8, i)};"}\n`;
  } else {
    const refs = Array.from({ length: n }, (_, i) => `${words(5, i)}[^bench.fn${i + 1}]`).join(' ');
    block = `          - {id: bench.f, text: "${refs}."}\n`;
    footnotes = Array.from({ length: n }, (_, i) => `          - {id: bench.fn${i + 1}, text: "${words(10, i)}"}\n`).join('');
  }
  const rest = doc.slice(head.length);
  // The item's footnotes come before its standpoint.
  if (footnotes) head = head.replace(/( {8}footnotes:\n)(?![\s\S]* {8}footnotes:\n)/, `$1${footnotes}`);
  writeFileSync(join(dir, 'document.yaml'), head + block + rest);
  return dir;
}
