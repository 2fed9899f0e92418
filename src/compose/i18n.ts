/**
 * Loads the locale resources (locales/<lang>/standpoint.json) into one i18next
 * instance per locales folder, kept for the life of the process (watch mode
 * renders many times). Owns locale loading and language tags; knows no template.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TFunction } from 'i18next';
import { Diagnostics, UserError } from '../diag/diagnostic.js';
import { didYouMean } from '../diag/suggest.js';
import { FILE_LIMITS, readUserFile, UserFileError } from '../read/user-file.js';
import { decodeUtf8 } from '../read/yaml-source.js';

export const NAMESPACE = 'standpoint';

/** BCP 47 tags written into documents (w:lang, PDF /Lang). */
const LANG_TAGS: Record<string, string> = { en: 'en-GB', ru: 'ru-RU', kk: 'kk-KZ' };

export function langTag(lang: string): string {
  return LANG_TAGS[lang] ?? lang;
}

/** Thrown while composing when a template asks for a key the locale lacks. */
export class MissingLocaleKeyError extends Error {
  constructor(readonly key: string) {
    super(`no locale key ‘${key}’`);
  }
}

/** Strict UTF-8 text of a locale or template file: regular file, bounded size, no U+FFFD smuggled in. */
export function readResourceText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readUserFile(file, FILE_LIMITS.resource);
  } catch (err) {
    if (err instanceof UserFileError) throw err.toUserError(2);
    throw err;
  }
  const diags = new Diagnostics();
  const text = decodeUtf8(file, bytes, diags);
  if (text === undefined) throw new UserError(diags.items, 2);
  return text;
}

function flatten(o: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (o && typeof o === 'object' && !Array.isArray(o)) {
    for (const [k, v] of Object.entries(o)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, o);
  return out;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
/** CLDR's plural categories in its own order. */
const PLURAL_ORDER = ['zero', 'one', 'two', 'few', 'many', 'other'];

/** Line and column of `"key":` for the last segment of a dotted key, for messages. */
function keyPosition(file: string, text: string, dotted: string): { file: string; line: number; column: number } {
  let from = 0;
  for (const seg of dotted.split('.')) {
    const at = text.indexOf(`${JSON.stringify(seg)}`, from);
    if (at < 0) return { file, line: 1, column: 1 };
    from = at;
  }
  const before = text.slice(0, from);
  return { file, line: before.split('\n').length, column: from - before.lastIndexOf('\n') };
}

/**
 * Every language has every key of the reference language (English when the
 * folder has it), each plural key in every form its own language's plural
 * rules need (Russian one/few/many/other, Kazakh one/other), and lists of the
 * same length; else a render would print the raw key. All problems at once, exit 2.
 */
function checkLocaleKeys(dir: string, langs: string[], resources: Record<string, Record<string, Record<string, unknown>>>, texts: Record<string, string>): void {
  const ref = langs.includes('en') ? 'en' : langs[0]!;
  const refKeys = flatten(resources[ref]![NAMESPACE]);
  const plurals = new Set([...refKeys.keys()].filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, '')));
  const diags = new Diagnostics();
  for (const lang of langs) {
    if (lang === ref) continue;
    const file = join(dir, lang, `${NAMESPACE}.json`);
    const keys = flatten(resources[lang]![NAMESPACE]);
    const extra = [...keys.keys()].filter((k) => !refKeys.has(k) && !plurals.has(k.replace(PLURAL_SUFFIX, '')));
    let categories: string[];
    try {
      // In CLDR's order, not ICU's: Node 20 lists them alphabetically, Node 24 in CLDR's order, and a message must not depend on the Node it runs on.
      categories = [...new Intl.PluralRules(lang).resolvedOptions().pluralCategories].sort((a, b) => PLURAL_ORDER.indexOf(a) - PLURAL_ORDER.indexOf(b));
    } catch {
      categories = ['one', 'other'];
    }
    for (const [key, refValue] of refKeys) {
      if (PLURAL_SUFFIX.test(key)) continue;
      const value = keys.get(key);
      if (value === undefined) {
        diags.error({ file, line: 1, column: 1 }, 'locale-key-missing', `the ${lang} locale has no key ‘${key}’ (${ref}/${NAMESPACE}.json has it)`, didYouMean(key, extra) ?? `add "${key.split('.').pop()}" under "${key.split('.').slice(0, -1).join('.') || '(top level)'}"`);
      } else if (
        typeof refValue !== typeof value ||
        Array.isArray(refValue) !== Array.isArray(value) ||
        (Array.isArray(refValue) && (value as unknown[]).length !== refValue.length)
      ) {
        diags.error(keyPosition(file, texts[lang]!, key), 'locale-key-missing', `‘${key}’ in the ${lang} locale is ${Array.isArray(value) ? `a list of ${(value as unknown[]).length}` : typeof value}; in ${ref} it is ${Array.isArray(refValue) ? `a list of ${refValue.length}` : typeof refValue}`);
      }
    }
    for (const base of plurals) {
      for (const cat of categories) {
        if (keys.get(`${base}_${cat}`) === undefined) {
          diags.error({ file, line: 1, column: 1 }, 'locale-key-missing', `the ${lang} locale has no plural form ‘${base}_${cat}’ (${lang} needs ${categories.map((c) => `_${c}`).join(', ')})`, `add "${base.split('.').pop()}_${cat}"`);
        }
      }
    }
  }
  if (diags.hasErrors) throw new UserError(diags.items, 2);
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
  const texts: Record<string, string> = {};
  for (const lang of langs) {
    const file = join(dir, lang, `${NAMESPACE}.json`);
    const text = readResourceText(file);
    texts[lang] = text;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const m = /position (\d+)/.exec(String((err as Error).message));
      let line = 1;
      let column = 1;
      if (m) {
        const before = text.slice(0, Number(m[1]));
        line = before.split('\n').length;
        column = Number(m[1]) - before.lastIndexOf('\n');
      }
      throw UserError.single({ file, line, column }, 'locale-syntax', `the locale file is not valid JSON: ${(err as Error).message}`, undefined, 2);
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw UserError.single({ file, line: 1, column: 1 }, 'locale-syntax', 'a locale file is a JSON object of keys and texts', undefined, 2);
    }
    resources[lang] = { [NAMESPACE]: value as Record<string, unknown> };
  }
  checkLocaleKeys(dir, langs, resources, texts);
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
    // A key no locale has would print itself ("verdict.critical.x") into an official document.
    parseMissingKeyHandler: (key: string, defaultValue?: string) => {
      if (defaultValue !== undefined) return defaultValue;
      throw new MissingLocaleKeyError(key);
    },
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
