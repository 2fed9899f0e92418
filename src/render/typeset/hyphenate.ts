/**
 * Hyphenation points for printed text: soft hyphens (U+00AD) inserted where a
 * word may be broken at a line's end. English and Russian use TeX's patterns
 * (British English, Russian) through the `hyphen` package; Kazakh, which has
 * no TeX patterns, uses the syllable rules of kazakh-syllables.ts.
 * Never hyphenated: names and abbreviations (any word with a capital letter),
 * numbers and anything holding a digit, URLs and e-mail addresses, words the
 * writer already gave soft hyphens (those are kept as they are), and words
 * shorter than five letters. At least two letters stay on either side, three
 * at an English word's end (TeX's en-GB minimums).
 * Owns only where the soft hyphens go; the PDF engine decides which to use
 * (src/render/pdf/line-breaking.ts) and prints a hyphen only at a line's end.
 */
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { kazakhBreaks, KAZAKH_RULES } from './kazakh-syllables.js';
import { cacheSection, type CacheSection } from '../cache/cache-file.js';
import { packageVersion } from '../cache/package-version.js';

export const SOFT_HYPHEN = '\u00AD';

type Hyphenator = (text: string) => string;

interface Language {
  /** Letters kept before the first and after the last hyphen. */
  left: number;
  right: number;
  /** Soft-hyphenates a space-separated batch of lower-case words. */
  batch(): Hyphenator;
}

const require = createRequire(import.meta.url);

/** The `hyphen` package for a pattern set, loaded when first needed (a pattern file takes tens of milliseconds to load). */
function patterns(name: string): () => Hyphenator {
  let fn: Hyphenator | undefined;
  return () => {
    if (!fn) {
      const lib = require(`hyphen/${name}`) as { hyphenateSync(text: string, options?: Record<string, unknown>): string };
      fn = (text) => lib.hyphenateSync(text, { minWordLength: 5 });
    }
    return fn;
  };
}

const kazakh: Hyphenator = (text) =>
  text
    .split(' ')
    .map((w) => {
      const breaks = kazakhBreaks(w);
      let out = '';
      let from = 0;
      for (const b of breaks) {
        out += w.slice(from, b) + SOFT_HYPHEN;
        from = b;
      }
      return out + w.slice(from);
    })
    .join(' ');

const LANGUAGES: Record<string, Language> = {
  en: { left: 2, right: 3, batch: patterns('en-gb') },
  ru: { left: 2, right: 2, batch: patterns('ru') },
  kk: { left: 2, right: 2, batch: () => kazakh },
};

/**
 * What a word's hyphenated form depends on, for the typesetting cache: the
 * `hyphen` package's version and pattern sets, the minimums and the code of
 * the rules here (a changed rule is a new section, never a stale entry).
 */
function rulesKey(): string {
  const parts = [packageVersion(require, 'hyphen'), JSON.stringify(LANGUAGES), String(patterns), String(trim), String(kazakh), String(kazakhBreaks), KAZAKH_RULES];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

let persistentKey: string | undefined;

/** The cache section of a language's hyphenated words, loaded into `known` when first asked for. */
function persistentWords(lang: string, known: Map<string, string>): CacheSection | undefined {
  let section = sections.get(lang);
  if (section !== undefined) return section ?? undefined;
  try {
    persistentKey ??= rulesKey();
    section = cacheSection(`hyphenation 1 ${lang} ${persistentKey}`) ?? null;
  } catch {
    section = null;
  }
  sections.set(lang, section);
  if (section) for (const [word, form] of section.entries()) if (!known.has(word)) known.set(word, Buffer.from(form.buffer, form.byteOffset, form.byteLength).toString('utf16le'));
  return section ?? undefined;
}

const sections = new Map<string, CacheSection | null>();

/** Hyphenated forms of words, per language, kept for the process (a worker renders many documents). */
const cache = new Map<string, Map<string, string>>();
/**
 * Hyphenated texts, per language: a render hyphenates each text twice (its
 * words gathered first, then the text), and watch renders the same texts again.
 */
const texts = new Map<string, Map<string, string>>();
/** Texts remembered per language before that memory starts again (watch keeps a process for hours). */
const MAX_TEXTS = 100_000;

const WORD = /[\p{L}\p{M}]+/gu;
const NOT_TO_HYPHENATE = /[\p{N}@]|:\/\/|^www\./u;

/** The runs of letters in `text` that may be hyphenated: lower-case words of five letters or more, outside numbers and URLs. */
function candidates(text: string): { word: string; at: number }[] {
  const out: { word: string; at: number }[] = [];
  // A token is what lies between white space: "(election", "OSCE/ODIHR", "13/206", "https://…".
  for (const token of text.matchAll(/[^\s\u00A0]+/g)) {
    const t = token[0];
    if (NOT_TO_HYPHENATE.test(t) || t.includes(SOFT_HYPHEN)) continue;
    for (const m of t.matchAll(WORD)) {
      const w = m[0];
      if (w.length < 5 || w !== w.toLowerCase()) continue;
      out.push({ word: w, at: token.index + m.index });
    }
  }
  return out;
}

type Candidate = ReturnType<typeof candidates>[number];

/**
 * Hyphenates `list`, each text once, and remembers the results for hyphenate():
 * the words not yet known in one call per language (the `hyphen` package is
 * much faster on one long text than on many short ones).
 */
export function prepareHyphenation(list: Iterable<string>, lang: string): void {
  const language = LANGUAGES[lang];
  if (!language) return;
  let known = cache.get(lang);
  if (!known) cache.set(lang, (known = new Map()));
  const persistent = persistentWords(lang, known);
  const done = textsOf(lang);
  const fresh = new Set<string>();
  const pending = new Map<string, Candidate[]>();
  for (const text of list) {
    if (done.has(text) || pending.has(text)) continue;
    const found = candidates(text);
    pending.set(text, found);
    for (const c of found) if (!known.has(c.word)) fresh.add(c.word);
  }
  if (fresh.size > 0) {
    const words = [...fresh];
    const hyphenated = language.batch()(words.join(' ')).split(' ');
    if (hyphenated.length !== words.length) throw new Error(`hyphenation changed the number of words (${words.length} → ${hyphenated.length})`);
    words.forEach((w, i) => {
      const form = trim(hyphenated[i]!, language);
      known.set(w, form);
      persistent?.add(w, Buffer.from(form, 'utf16le'));
    });
  }
  for (const [text, found] of pending) {
    if (done.size >= MAX_TEXTS) done.clear();
    done.set(text, withSoftHyphens(text, found, known));
  }
}

/** Drops soft hyphens that would leave fewer letters than the language's minimum on either side. */
function trim(hyphenated: string, language: Language): string {
  const parts = hyphenated.split(SOFT_HYPHEN);
  if (parts.length === 1) return hyphenated;
  const word = parts.join('');
  let out = '';
  let at = 0;
  for (let i = 0; i < parts.length; i++) {
    out += parts[i];
    at += parts[i]!.length;
    if (i < parts.length - 1 && at >= language.left && word.length - at >= language.right) out += SOFT_HYPHEN;
  }
  return out;
}

function textsOf(lang: string): Map<string, string> {
  let done = texts.get(lang);
  if (!done) texts.set(lang, (done = new Map()));
  return done;
}

/** `text` with its candidate words replaced by their hyphenated forms. */
function withSoftHyphens(text: string, found: Candidate[], known: Map<string, string>): string {
  if (found.length === 0) return text;
  let out = '';
  let from = 0;
  for (const c of found) {
    out += text.slice(from, c.at) + known.get(c.word)!;
    from = c.at + c.word.length;
  }
  return out + text.slice(from);
}

/** `text` with soft hyphens at its words' hyphenation points (see the module comment for what is left alone). */
export function hyphenate(text: string, lang: string): string {
  if (!LANGUAGES[lang]) return text;
  const known = textsOf(lang).get(text);
  if (known !== undefined) return known;
  prepareHyphenation([text], lang);
  return textsOf(lang).get(text)!;
}

/** Hyphenation is known for these languages. */
export const HYPHENATION_LANGUAGES = Object.keys(LANGUAGES);
