/**
 * The documentation keeps up with what it documents: every field of the JSON
 * Schema is described in docs/data-format.md, and every export of the library
 * is in docs/api.md.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../../src/api.js';
import { repoRoot } from '../helpers/tools.js';

function propertyNames(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const v of schema) propertyNames(v, into);
  else if (schema && typeof schema === 'object') {
    const o = schema as Record<string, unknown>;
    if (o.properties && typeof o.properties === 'object') for (const k of Object.keys(o.properties)) into.add(k);
    for (const v of Object.values(o)) propertyNames(v, into);
  }
  return into;
}

describe('docs', () => {
  it('docs/data-format.md describes every field the schemas have', () => {
    const md = readFileSync(join(repoRoot, 'docs', 'data-format.md'), 'utf8');
    const names = new Set<string>();
    for (const n of ['document', 'section', 'translation', 'terms']) propertyNames(JSON.parse(readFileSync(join(repoRoot, 'schema', `${n}.schema.json`), 'utf8')), names);
    expect(names.size).toBeGreaterThan(50);
    const missing = [...names].filter((k) => !new RegExp(`\`${k}[\`:]|(^|[\\s{,])${k}:`, 'm').test(md));
    expect(missing).toEqual([]);
  });

  it('docs/style.md describes every key of the house style', () => {
    const md = readFileSync(join(repoRoot, 'docs', 'style.md'), 'utf8');
    const names = propertyNames(JSON.parse(readFileSync(join(repoRoot, 'schema', 'style.schema.json'), 'utf8')));
    expect(names.size).toBeGreaterThan(40);
    const missing = [...names].filter((k) => !new RegExp(`\`${k}[\`:.]|(^|[\\s{,])${k}:`, 'm').test(md));
    expect(missing).toEqual([]);
  });

  it('docs/api.md names every export of the library', () => {
    const md = readFileSync(join(repoRoot, 'docs', 'api.md'), 'utf8');
    const missing = Object.keys(api).filter((name) => !md.includes(`\`${name}`));
    expect(missing).toEqual([]);
  });
});
