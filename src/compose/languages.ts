/**
 * Language arguments (`--lang`, a file's target language), checked in one
 * place for every command. A language is one the locales have
 * (locales/<lang>/standpoint.json); a pair such as kk+ru (two different known
 * languages) only where a side-by-side layout is made. Owns the checking and
 * its messages; which locales exist is i18n.ts's.
 */
import { COMMAND_LINE, UserError } from '../diag/diagnostic.js';
import { editDistance } from '../diag/suggest.js';
import type { Position } from '../model/types.js';

export interface LanguageRules {
  /** Languages the locales have. */
  known: readonly string[];
  /** Where the locales are, for messages. */
  localesDir: string;
  /** The option or file the value came from, for messages: "--lang". */
  from: string;
  /** A side-by-side pair (kk+ru) is accepted. */
  pairs?: boolean;
  /** More than one, comma-separated, is accepted. */
  many?: boolean;
  /** A language that is not accepted here (the document's own, for a translation). */
  not?: { lang: string; why: string };
  pos?: Position;
}

function fail(rules: LanguageRules, rule: string, message: string, hint?: string): never {
  throw UserError.single(rules.pos ?? COMMAND_LINE, rule, message, hint, 2);
}

/** "(known: en, kk, ru; pairs like kk+ru)": what the option takes, in the message itself. */
function known(rules: LanguageRules): string {
  return `(known: ${rules.known.join(', ')}${rules.pairs ? '; pairs like kk+ru' : ''})`;
}

/** ‘english’ or ‘Russian’ for a code the locales have, by the languages' English names (ICU's, through Intl). */
function codeNamed(word: string, codes: readonly string[]): string | undefined {
  let names: Intl.DisplayNames;
  try {
    names = new Intl.DisplayNames('en', { type: 'language' });
  } catch {
    return undefined;
  }
  const w = word.trim().toLowerCase();
  return codes.find((c) => {
    try {
      return names.of(c)?.toLowerCase() === w;
    } catch {
      return false;
    }
  });
}

function checkOne(lang: string, rules: LanguageRules): void {
  if (!/^[a-z]{2,3}$/.test(lang)) {
    const named = codeNamed(lang, rules.known);
    fail(rules, 'unknown-language', `unknown language ‘${lang}’ ${known(rules)}`, named ? `languages are given by their codes: ${named}` : 'a language is a two- or three-letter code');
  }
  if (!rules.known.includes(lang)) {
    // Codes are two or three letters: only a one-letter slip is a plausible typo (kz for kk).
    const near = rules.known.find((k) => editDistance(lang, k) === 1);
    fail(rules, 'unknown-language', `unknown language ‘${lang}’ ${known(rules)}`, near ? `did you mean ‘${near}’?` : `a language needs a locale: ${rules.localesDir}/${lang}/standpoint.json`);
  }
  if (rules.not && lang === rules.not.lang) fail(rules, 'usage', `${lang} ${rules.not.why}`);
}

/** One language spec: "ru", or with `pairs` "kk+ru". */
export function checkLanguageSpec(spec: string, rules: LanguageRules): string {
  const parts = spec.split('+');
  if (parts.length > 1 && !rules.pairs) fail(rules, 'unknown-language', `‘${spec}’ is a pair of languages; ${rules.from} takes one language here`, `one of: ${rules.known.join(', ')}`);
  if (parts.length > 2) fail(rules, 'unknown-language', `‘${spec}’ joins ${parts.length} languages; a side-by-side layout has two`, 'for example kk+ru');
  for (const p of parts) checkOne(p, rules);
  if (parts.length === 2 && parts[0] === parts[1]) fail(rules, 'unknown-language', `‘${spec}’ pairs a language with itself`, 'a side-by-side pair has two different languages, for example kk+ru');
  return spec;
}

/** A comma-separated list (with `many`) or a single spec; never empty. Duplicates are dropped (they name the same output). */
export function parseLanguages(value: string, rules: LanguageRules): string[] {
  const specs = value.split(',').map((s) => s.trim());
  if (specs.every((s) => s === '')) fail(rules, 'usage', `${rules.from} is empty`, `give a language: ${rules.known.join(', ')}${rules.pairs ? ', or a pair such as kk+ru' : ''}`);
  if (!rules.many && specs.length > 1) fail(rules, 'usage', `${rules.from} takes one language, not a list (‘${value}’)`);
  const empty = specs.findIndex((s) => s === '');
  if (empty >= 0) fail(rules, 'usage', `${rules.from} ‘${value}’ has an empty entry`, 'separate languages with single commas: en,ru');
  return [...new Set(specs.map((s) => checkLanguageSpec(s, rules)))];
}
