/**
 * Loads the locale resources (locales/<lang>/standpoint.json) into one i18next
 * instance per locales folder, kept for the life of the process (watch mode
 * renders many times). Owns locale loading and language tags; knows no template.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { UserError } from '../diag/diagnostic.js';

export const NAMESPACE = 'standpoint';

/** BCP 47 tags written into documents (w:lang, PDF /Lang). */
const LANG_TAGS: Record<string, string> = { en: 'en-GB', ru: 'ru-RU', kk: 'kk-KZ' };

export function langTag(lang: string): string {
  return LANG_TAGS[lang] ?? lang;
}

export interface Locales {
  dir: string;
  langs: string[];
  instance: i18n;
  t(lang: string): TFunction;
  /** Resource tree of one language, for completeness checks. */
  resources(lang: string): Record<string, unknown>;
}

const cache = new Map<string, { stamp: string; locales: Locales }>();

function stampOf(dir: string, langs: string[]): string {
  return langs.map((l) => `${l}:${statSync(join(dir, l, `${NAMESPACE}.json`)).mtimeMs}`).join('|');
}

export function loadLocales(dir: string): Locales {
  let langs: string[];
  try {
    langs = readdirSync(dir)
      .filter((l) => /^[a-z]{2,3}$/.test(l))
      .filter((l) => {
        try {
          return statSync(join(dir, l, `${NAMESPACE}.json`)).isFile();
        } catch {
          return false;
        }
      })
      .sort();
  } catch {
    throw UserError.single({ file: dir, line: 1, column: 1 }, 'locales-missing', `cannot read the locales folder ${dir}`, undefined, 2);
  }
  if (langs.length === 0) throw UserError.single({ file: dir, line: 1, column: 1 }, 'locales-missing', `no locales in ${dir} (expected ${dir}/en/${NAMESPACE}.json)`, undefined, 2);
  const stamp = stampOf(dir, langs);
  const hit = cache.get(dir);
  if (hit && hit.stamp === stamp) return hit.locales;

  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const lang of langs) {
    const file = join(dir, lang, `${NAMESPACE}.json`);
    try {
      resources[lang] = { [NAMESPACE]: JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> };
    } catch (err) {
      const m = /position (\d+)/.exec(String((err as Error).message));
      let line = 1;
      let column = 1;
      if (m) {
        const text = readFileSync(file, 'utf8').slice(0, Number(m[1]));
        line = text.split('\n').length;
        column = Number(m[1]) - text.lastIndexOf('\n');
      }
      throw UserError.single({ file, line, column }, 'locale-syntax', `the locale file is not valid JSON: ${(err as Error).message}`, undefined, 2);
    }
  }
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: langs.includes('en') ? 'en' : langs[0],
    // No fallback: a missing key must show up in tests, not silently print English.
    fallbackLng: false,
    ns: [NAMESPACE],
    defaultNS: NAMESPACE,
    initAsync: false,
    // Templates escape what they print; values are plain text here.
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  const locales: Locales = {
    dir,
    langs,
    instance,
    t: (lang) => instance.getFixedT(lang, NAMESPACE),
    resources: (lang) => resources[lang]?.[NAMESPACE] ?? {},
  };
  cache.set(dir, { stamp, locales });
  return locales;
}
