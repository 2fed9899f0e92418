/**
 * `i18n check`: quality checks on the translations of a document, in the
 * spirit of CAT QA tools (Xbench, Verifika). Each rule looks at one unit's
 * source and target (or, for consistency, at all units) and reports at the
 * exact line and column of the translation file. Owns the rules and their
 * ids; reading files is the readers', printing is the CLI's.
 *
 * Rules: term-forbidden, term-missing, endings (Kazakh case endings after an
 * abbreviation), number-mismatch, date-mismatch, inline-code (footnote marks,
 * emphasis), space-before-punctuation, double-space, unpaired-quote,
 * unpaired-bracket, mixed-script, untranslated, english-word,
 * inconsistent-translation, inconsistent-source.
 */
import type { Position, ResponseDocument, TranslatedUnit, Unit } from '../model/types.js';
import type { Termbase } from '../model/terms.js';
import { termText } from '../model/terms.js';
import { documentUnits, type UnitVisit } from '../model/walk.js';
import { parseInline } from '../model/inline.js';
import { Diagnostics } from '../diag/diagnostic.js';
import { compareCodes } from './inline-codes.js';
import { conceptText, findConcepts, findTerm, wordStarts } from './term-match.js';
import { positionInScalar } from './scalar-position.js';
import { unitState } from '../compose/text-source.js';
import { codePointAt, codePointBefore } from './code-points.js';

export interface CheckOptions {
  termbase?: Termbase;
}

/** The text as printed: inline syntax resolved to plain characters, footnote marks as one placeholder character each. */
function visibleText(text: string): string {
  return parseInline(text)
    .map((s) => (s.kind === 'footnote' ? '\uFFFC' : s.text))
    .join('');
}

/** Offsets in the visible text -> offsets in the raw unit text (which may hold *, \, [^id]). */
function rawOffset(raw: string, visibleOffset: number): number {
  let v = 0;
  let i = 0;
  while (i < raw.length && v < visibleOffset) {
    const c = raw[i]!;
    if (c === '\\' && i + 1 < raw.length) {
      i += 2;
      v++;
    } else if (c === '*') i++;
    else if (c === '[' && raw[i + 1] === '^') {
      const close = raw.indexOf(']', i);
      i = close < 0 ? i + 1 : close + 1;
      v++;
    } else {
      i++;
      v++;
    }
  }
  // Skip emphasis marks standing right at the offset, so the column points at a character.
  while (raw[i] === '*') i++;
  return i;
}

const URL = /\b(?:https?:\/\/|www\.)\S+/g;
const WORD = /[\p{L}\p{M}]+(?:[-‐'’][\p{L}\p{M}]+)*/gu;

/**
 * A month's name: `core` found anywhere (global), then, where `letterBounded`,
 * only when no letter stands right before it and, with `ending`, none right
 * after (Russian) or with the letters after it taken as its ending (Kazakh).
 * The boundaries are tested with one expression compiled once: as look-arounds
 * in each month's own expression they took a cold process about 20 ms per
 * month to compile, a quarter of a second per language checked.
 */
interface MonthPattern {
  core: RegExp;
  letterBounded: boolean;
  ending?: 'none' | 'letters';
}

const LETTER = /\p{L}/u;
/** Matches of a month pattern, left to right, not overlapping. */
function monthMatches(text: string, p: MonthPattern): { index: number; length: number }[] {
  const out: { index: number; length: number }[] = [];
  const re = p.core;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let end = m.index + m[0].length;
    let ok = true;
    if (p.letterBounded) {
      ok = !LETTER.test(codePointBefore(text, m.index));
      if (ok && p.ending === 'none') ok = !LETTER.test(codePointAt(text, end));
      if (ok && p.ending === 'letters') for (let c = codePointAt(text, end); c && LETTER.test(c); c = codePointAt(text, end)) end += c.length;
    }
    if (ok) {
      out.push({ index: m.index, length: end - m.index });
      re.lastIndex = end;
    } else re.lastIndex = m.index + codePointAt(text, m.index).length;
  }
  return out;
}

const MONTHS: Record<string, MonthPattern[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'].map((m) => ({ core: new RegExp(`\\b${m}\\b`, 'g'), letterBounded: false })),
  ru: ['январ[ьяе]', 'феврал[ьяе]', 'март[аеу]?', 'апрел[ьяе]', 'ма[йяе]', 'июн[ьяе]', 'июл[ьяе]', 'август[аеу]?', 'сентябр[ьяе]', 'октябр[ьяе]', 'ноябр[ьяе]', 'декабр[ьяе]'].map((m) => ({ core: new RegExp(m, 'giu'), letterBounded: true, ending: 'none' as const })),
  kk: ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'].map((m) => ({ core: new RegExp(m, 'giu'), letterBounded: true, ending: 'letters' as const })),
};

/** Month numbers mentioned after or before a day or year (a date), in order of appearance. */
export function months(text: string, lang: string): number[] {
  const patterns = MONTHS[lang];
  if (!patterns) return [];
  const found: { at: number; month: number }[] = [];
  patterns.forEach((p, i) => {
    for (const m of monthMatches(text, p)) {
      const around = text.slice(Math.max(0, m.index - 12), m.index + m.length + 12);
      // "May" and "March" are also English words: they count as months beside a number only.
      if (!(lang === 'en' && (i === 2 || i === 4)) || /\d/.test(around)) found.push({ at: m.index, month: i + 1 });
    }
  });
  return found.sort((a, b) => a.at - b.at).map((f) => f.month);
}

/** Digit groups of a text, hours of a 12-hour clock made 24-hour ("10 pm" is 22); URLs and footnote marks aside. */
function numbers(visible: string, lang: string): { value: string; at: number; pm?: boolean }[] {
  const text = visible.replace(URL, (u) => ' '.repeat(u.length));
  const out: { value: string; at: number; pm?: boolean }[] = [];
  // Thousands are grouped with spaces (13 239), in English also with commas (13,239): one number either way.
  const re = lang === 'en' ? /\d{1,3}(?:[ \u00A0,]\d{3}(?!\d))+|\d+/g : /\d{1,3}(?:[ \u00A0]\d{3}(?!\d))+|\d+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const value = m[0].replace(/[ \u00A0,]/g, '').replace(/^0+(?=\d)/, '');
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 6);
    // "10 pm" may be written "22 часов" or "кешкі сағат 10": either matches.
    const pm = lang === 'en' && /^\s?(pm|p\.m\.)/i.test(after) && Number(value) < 12;
    out.push({ value, at: m.index, ...(pm ? { pm: true } : {}) });
  }
  return out;
}

function multisetDiff(a: string[], b: string[]): { missing: string[]; extra: string[] } {
  const count = new Map<string, number>();
  for (const x of a) count.set(x, (count.get(x) ?? 0) + 1);
  const extra: string[] = [];
  for (const x of b) {
    const c = count.get(x) ?? 0;
    if (c > 0) count.set(x, c - 1);
    else extra.push(x);
  }
  const missing = [...count.entries()].flatMap(([x, c]) => Array<string>(c).fill(x));
  return { missing, extra };
}

const PAIRS: Record<string, [string, string][]> = {
  en: [['“', '”'], ['«', '»']],
  ru: [['«', '»'], ['„', '“']],
  kk: [['«', '»'], ['„', '“']],
};

/** The first unpaired opening or closing character of each pair, as an offset. */
function unpaired(text: string, open: string, close: string, isLabel?: (i: number) => boolean): number | undefined {
  // Closing brackets that end a label ("1)", "b)") are not pairs: as many as there are closings too many are set aside.
  let spare = 0;
  if (!text.includes(open) && !text.includes(close)) return undefined;
  if (isLabel) {
    let balance = 0;
    for (const c of text) balance += c === close ? 1 : c === open ? -1 : 0;
    spare = Math.max(0, balance);
  }
  const stack: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === open && open !== close) stack.push(i);
    else if (c === close) {
      if (spare > 0 && isLabel?.(i)) {
        spare--;
        continue;
      }
      if (stack.length === 0) return i;
      stack.pop();
    }
  }
  return stack[0];
}

const FRONT = /[әеөүіэ]/i;
const BACK = /[аоұы]/i;

const LATIN = /\p{Script=Latin}/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;

function scriptOf(ch: string): 'latin' | 'cyrillic' | undefined {
  if (/\p{Script=Latin}/u.test(ch)) return 'latin';
  if (/\p{Script=Cyrillic}/u.test(ch)) return 'cyrillic';
  return undefined;
}

interface Checked {
  unit: Unit;
  visit: UnitVisit;
  target?: TranslatedUnit;
}

/** Checks one language's translation of a document; diagnostics point into translations/<lang>.yaml. */
export function checkTranslation(doc: ResponseDocument, lang: string, options: CheckOptions = {}): Diagnostics {
  const diags = new Diagnostics();
  const termbase = options.termbase;
  const translation = doc.translations.get(lang);
  const seen = new Set<string>();
  const units: Checked[] = [];
  for (const visit of documentUnits(doc)) {
    if (seen.has(visit.unit.id)) continue;
    seen.add(visit.unit.id);
    const target = translation?.units.get(visit.unit.id);
    units.push({ unit: visit.unit, visit, ...(target ? { target } : {}) });
  }
  // The source is checked for what does not depend on a translation (a Latin letter inside a Cyrillic word).
  for (const { unit } of units) mixedScript(unit.text, unit.pos, diags);
  if (lang === doc.lang || !translation) return diags;

  for (const c of units) {
    const t = c.target;
    // A missing or stale translation is `i18n status`'s business; checking it against a changed source says nothing.
    if (!t || unitState(doc, lang, c.unit) !== 'translated') continue;
    const at = (visibleOffset: number): Position | undefined => positionInScalar(t.pos, rawOffset(t.text, visibleOffset));
    const src = visibleText(c.unit.text);
    const trg = visibleText(t.text);

    // Terms.
    if (termbase) {
      for (const h of findConcepts(trg, lang, termbase, 'forbidden')) {
        const preferred = h.concept.langs.get(lang)?.approved[0];
        diags.error(at(h.start), 'term-forbidden', `‘${trg.slice(h.start, h.end)}’ is a forbidden term for ${h.concept.id}${preferred ? `; use ‘${termText(preferred)}’` : ''}`, h.concept.langs.get(lang)?.note ?? h.concept.note);
      }
      const trgStarts = wordStarts(trg);
      const inTarget = new Set(findConcepts(trg, lang, termbase).map((h) => h.concept.id));
      const reported = new Set<string>();
      for (const h of findConcepts(src, doc.lang, termbase)) {
        const want = h.concept.langs.get(lang);
        if (!want || want.approved.length === 0 || inTarget.has(h.concept.id) || reported.has(h.concept.id)) continue;
        // A forbidden variant of this concept stands in the translation: reported above.
        if (want.forbidden.some((term) => findTerm(trg, term, trgStarts).length > 0)) continue;
        reported.add(h.concept.id);
        diags.warning(at(0), 'term-missing', `the source has ‘${src.slice(h.start, h.end)}’ (${h.concept.id}), the translation none of ${want.approved.map((a) => `‘${termText(a)}’`).join(', ')}`);
      }
      for (const concept of termbase.concepts) {
        const terms = concept.langs.get(lang);
        if (!terms?.endings) continue;
        for (const term of terms.approved) {
          for (const r of findTerm(trg, term, trgStarts)) {
            const m = /^-([\p{L}]+)/u.exec(trg.slice(r.end));
            if (!m) continue;
            const suffix = m[1]!;
            // -мен/-бен/-пен (with) and -ше (as) have no back or front forms.
            if (/^(мен|бен|пен|ше|ша)$/.test(suffix)) continue;
            const wrong = terms.endings === 'back' ? FRONT.test(suffix) : BACK.test(suffix);
            if (wrong) diags.error(at(r.end + 1), 'endings', `‘${termText(term)}-${suffix}’: endings after ${termText(term)} take ${terms.endings} vowels`, terms.endings === 'back' ? `${termText(term)}-ның, -ны, -ға, -да, -дағы` : `${termText(term)}-нің, -ні, -ге, -де, -дегі`);
          }
        }
      }
    }

    // Numbers and dates.
    const tn = numbers(trg, lang);
    const sn = numbers(src, doc.lang).map((n) => (n.pm && tn.some((x) => x.value === String(Number(n.value) + 12)) ? { ...n, value: String(Number(n.value) + 12) } : n));
    const nd = multisetDiff(sn.map((n) => n.value), tn.map((n) => n.value));
    if (nd.missing.length || nd.extra.length) {
      const firstExtra = tn.find((n) => nd.extra.includes(n.value));
      diags.error(at(firstExtra?.at ?? 0), 'number-mismatch', `numbers differ from the source:${nd.missing.length ? ` ${nd.missing.join(', ')} missing` : ''}${nd.missing.length && nd.extra.length ? ';' : ''}${nd.extra.length ? ` ${nd.extra.join(', ')} not in the source` : ''}`);
    }
    const sm = months(src, doc.lang);
    const tm = months(trg, lang);
    if (MONTHS[lang] && MONTHS[doc.lang]) {
      const md = multisetDiff(sm.map(String), tm.map(String));
      if (md.missing.length || md.extra.length) diags.error(at(0), 'date-mismatch', `the months of the dates differ: the source has ${sm.join(', ') || 'none'}, the translation ${tm.join(', ') || 'none'} (month numbers)`);
    }

    // Footnote marks and emphasis.
    for (const p of compareCodes(c.unit.text, t.text)) diags.error(at(0), 'inline-code', p, 'footnote marks [^id] and *emphasis* must be kept as in the source');

    // Spacing and pairs.
    for (const m of trg.matchAll(/ +(?=[,.;:!?)»])|(?<=[(«„]) +/g)) diags.warning(at(m.index!), 'space-before-punctuation', `a space ${/[(«„]/.test(trg[m.index! - 1] ?? '') ? 'after an opening bracket or quote' : `before ‘${trg[m.index! + m[0].length]}’`}`);
    for (const m of trg.matchAll(/ {2,}/g)) diags.warning(at(m.index!), 'double-space', 'two spaces in a row');
    for (const [open, close] of PAIRS[lang] ?? PAIRS.en!) {
      const u = unpaired(trg, open, close);
      if (u !== undefined) diags.error(at(u), 'unpaired-quote', `‘${trg[u]}’ has no ${trg[u] === open ? `closing ‘${close}’` : `opening ‘${open}’`}`);
    }
    // "1)", "b)" and "5) тармақшасы" label list items and sub-clauses: a closing bracket with no opening one.
    const isLabel = (i: number) => /(?:^|[^\p{L}\p{N}])(?:\p{L}|\d{1,2})$/u.test(trg.slice(Math.max(0, i - 3), i));
    for (const [open, close] of [['(', ')'], ['[', ']']] as const) {
      const u = unpaired(trg, open, close, isLabel);
      if (u !== undefined) diags.error(at(u), 'unpaired-bracket', `‘${trg[u]}’ has no ${trg[u] === open ? `closing ‘${close}’` : `opening ‘${open}’`}`);
    }
    if (lang !== 'en' && /"/.test(trg)) diags.warning(at(trg.indexOf('"')), 'unpaired-quote', 'a straight quote mark "; quotations take «…»');

    // Scripts and untranslated text.
    mixedScript(t.text, t.pos, diags);
    if (lang !== 'en') {
      const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
      if (norm(trg) === norm(src) && /(?<![\p{L}])[a-z]{2,}(?![\p{L}])/u.test(src.replace(URL, ''))) {
        diags.error(at(0), 'untranslated', 'the translation is the source text');
      } else {
        const english = [...trg.replace(URL, (u) => ' '.repeat(u.length)).matchAll(/(?<![\p{L}\p{N}])[a-z][a-z]+(?![\p{L}])/gu)];
        const allowed = new Set(findConcepts(trg, lang, termbase).map((h) => trg.slice(h.start, h.end).toLowerCase()));
        const stray = english.filter((m) => !allowed.has(m[0]));
        if (stray.length >= 3) diags.error(at(stray[0]!.index!), 'untranslated', `English left in the translation: “${stray.slice(0, 6).map((m) => m[0]).join(' ')}${stray.length > 6 ? ' …' : ''}”`);
        else for (const m of stray) diags.warning(at(m.index!), 'english-word', `the English word ‘${m[0]}’ in the translation`, 'names, codes and addresses are fine; translate the rest');
      }
    }
  }
  consistency(units, doc, lang, termbase, diags);
  return diags;
}

function mixedScript(raw: string, pos: Position | undefined, diags: Diagnostics): void {
  const text = visibleText(raw);
  if (!LATIN.test(text) || !CYRILLIC.test(text)) return;
  for (const m of text.matchAll(WORD)) {
    if (LATIN.test(m[0]) && CYRILLIC.test(m[0])) {
      const latin = [...m[0]].filter((ch) => scriptOf(ch) === 'latin').join('');
      diags.error(positionInScalar(pos, rawOffset(raw, m.index!)), 'mixed-script', `‘${m[0]}’ mixes Latin and Cyrillic letters (Latin: ${latin})`, 'a letter typed on the other keyboard looks the same but spell-checkers, search and sorting see another word');
    }
  }
}

/** One source, two translations; one translation, two sources. Synonyms of one termbase concept count as the same. */
function consistency(units: Checked[], doc: ResponseDocument, lang: string, termbase: Termbase | undefined, diags: Diagnostics): void {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
  // English articles have no counterpart in Russian or Kazakh: "The Republic of Kazakhstan" and "Republic of Kazakhstan" are one source.
  const normSource = (s: string) => norm(doc.lang === 'en' ? s.replace(/(?<![\p{L}])(?:the|a|an) /giu, '') : s);
  // The cited form of an instrument is an inflection of its short name on purpose.
  const eligible = units.filter((c) => c.target && !c.unit.id.endsWith('.cited') && unitState(doc, lang, c.unit) === 'translated');
  const bySource = new Map<string, Checked[]>();
  const byTarget = new Map<string, Checked[]>();
  const canonS = new Map<Checked, string>();
  const canonT = new Map<Checked, string>();
  for (const c of eligible) {
    const s = normSource(conceptText(visibleText(c.unit.text), doc.lang, termbase));
    const t = norm(conceptText(visibleText(c.target!.text), lang, termbase));
    canonS.set(c, s);
    canonT.set(c, t);
    if (!/\p{L}/u.test(s)) continue;
    (bySource.get(s) ?? bySource.set(s, []).get(s)!).push(c);
    (byTarget.get(t) ?? byTarget.set(t, []).get(t)!).push(c);
  }
  for (const group of bySource.values()) {
    const first = group[0]!;
    const firstT = canonT.get(first);
    for (const c of group.slice(1)) {
      if (canonT.get(c) !== firstT) {
        diags.warning(c.target!.pos, 'inconsistent-translation', `the same source as ‘${first.unit.id}’ (line ${first.target!.pos?.line ?? '?'}) is translated differently`);
      }
    }
  }
  for (const group of byTarget.values()) {
    const first = group[0]!;
    const firstS = canonS.get(first);
    for (const c of group.slice(1)) {
      if (canonS.get(c) !== firstS) {
        diags.warning(c.target!.pos, 'inconsistent-source', `the same translation as ‘${first.unit.id}’ (line ${first.target!.pos?.line ?? '?'}), but the sources differ`);
      }
    }
  }
}
