/**
 * A smaller copy of the 2011 response for tests that run `import --update`
 * many times: the same four files, translations and features (sub-items,
 * themes, footnotes, commitments), with fewer items per section.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { dataDoc, tempDir } from './tools.js';

type Obj = Record<string, unknown>;

const yaml = (data: unknown) => `# yaml-language-server: $schema=../../schema/section.schema.json\n${stringify(data, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' })}`;

export function smallDocument(): string {
  const dir = join(tempDir('small-'), 'kz-2011-presidential');
  cpSync(dataDoc, dir, { recursive: true });
  const edit = (file: string, f: (data: Obj) => void) => {
    const data = parse(readFileSync(join(dir, file), 'utf8')) as Obj;
    f(data);
    writeFileSync(join(dir, file), yaml(data));
  };
  edit('positive.yaml', (d) => void (d.items = (d.items as Obj[]).slice(0, 3)));
  edit('critical.yaml', (d) => void (d.items = [...(d.items as Obj[]).slice(0, 6), (d.items as Obj[]).at(-1)!]));
  edit('recommendations.yaml', (d) => {
    const [a, b] = d.groups as Obj[];
    a!.items = (a!.items as Obj[]).slice(0, 3);
    b!.groups = (b!.groups as Obj[]).slice(0, 2);
  });
  // Translations only of the units that remain.
  const text = ['document.yaml', 'positive.yaml', 'critical.yaml', 'recommendations.yaml'].map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
  const ids = new Set([...text.matchAll(/\bid: "?([a-z0-9][a-z0-9.-]*)"?/g)].map((m) => m[1]!));
  for (const lang of ['ru', 'kk']) {
    const file = join(dir, 'translations', `${lang}.yaml`);
    const t = parse(readFileSync(file, 'utf8')) as { lang: string; units: Record<string, unknown> };
    const owner = (id: string) => ids.has(id) || ids.has(id.replace(/\.c\d+$/, '')) || ids.has(id.replace(/\.short$/, ''));
    t.units = Object.fromEntries(Object.entries(t.units).filter(([id]) => owner(id)));
    writeFileSync(file, `# yaml-language-server: $schema=../../../schema/translation.schema.json\n${stringify(t, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' })}`);
  }
  return dir;
}
