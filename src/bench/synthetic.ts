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
