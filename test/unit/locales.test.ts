/**
 * Locales are complete: every key of one language exists in every other, and
 * every plural key has the plural forms its language needs (Russian
 * one/few/many/other, Kazakh and English one/other).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/tools.js';

const dir = join(repoRoot, 'locales');
const langs = readdirSync(dir).sort();

function flatten(o: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (o && typeof o === 'object' && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, o);
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const keys = new Map(langs.map((l) => [l, flatten(JSON.parse(readFileSync(join(dir, l, 'standpoint.json'), 'utf8')))]));

describe('locales', () => {
  it('ship en, ru and kk', () => {
    expect(langs).toEqual(['en', 'kk', 'ru']);
  });

  it('have the same keys in every language (plural forms aside)', () => {
    const base = (l: string) => new Set([...keys.get(l)!.keys()].map((k) => k.replace(PLURAL, '')));
    const all = new Set(langs.flatMap((l) => [...base(l)]));
    for (const l of langs) {
      const missing = [...all].filter((k) => !base(l).has(k));
      expect(missing, `keys missing in ${l}`).toEqual([]);
    }
  });

  it('have every plural form each language needs, and no empty strings', () => {
    for (const l of langs) {
      const needed = new Intl.PluralRules(l).resolvedOptions().pluralCategories;
      const plurals = new Set([...keys.get(l)!.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      for (const p of plurals) for (const c of needed) expect(keys.get(l)!.has(`${p}_${c}`), `${l}: ${p}_${c}`).toBe(true);
      for (const [k, v] of keys.get(l)!) if (typeof v === 'string') expect(v.trim(), `${l}: ${k}`).not.toBe('');
    }
  });

  it('Russian and Kazakh locales hold no English words', () => {
    for (const l of ['ru', 'kk']) {
      for (const [k, v] of keys.get(l)!) {
        const text = (Array.isArray(v) ? v.join(' ') : String(v)).replace(/\{\{[^}]+\}\}/g, '');
        expect(text, `${l}: ${k}`).not.toMatch(/[A-Za-z]{2,}/);
      }
    }
  });
});
