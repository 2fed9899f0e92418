/**
 * Locale typography applied to printed text: non-breaking spaces where a line
 * must not break (inside "13 239", before "%", after "№", between a number
 * and its unit, before a dash in Russian and Kazakh). Owns only these
 * substitutions; it never changes letters, so the words stay the writer's.
 */

const NBSP = '\u00A0';

interface Rule {
  pattern: RegExp;
  replace: string;
}

const COMMON: Rule[] = [
  // Thousands groups: "13 239", "1 414"; repeated so "1 234 567" is joined throughout.
  { pattern: /(\d) (?=\d{3}(?!\d))/g, replace: `$1${NBSP}` },
  { pattern: /(\d) (?=%)/g, replace: `$1${NBSP}` },
  { pattern: /№ (?=\S)/g, replace: `№${NBSP}` },
];

const MONTHS: Record<string, string> = {
  en: 'January|February|March|April|May|June|July|August|September|October|November|December',
  ru: 'января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря',
  kk: 'қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан',
};

/** "3 April", "3 апреля", "3 сәуір": a day is never left at the end of a line without its month. */
function dayMonth(lang: string): Rule {
  return { pattern: new RegExp(`(\\b\\d{1,2}) (?=(?:${MONTHS[lang]})[\\p{L}]*)`, 'gu'), replace: `$1${NBSP}` };
}

const BY_LANG: Record<string, Rule[]> = {
  ru: [
    dayMonth('ru'),
    { pattern: /(\d) (?=(?:г\.|гг\.|года|году|год|лет|ст\.|стр\.|п\.|млн|млрд|тыс\.|чел\.|раз)(?![\p{L}]))/gu, replace: `$1${NBSP}` },
    { pattern: /(\S) (?=[–—] )/g, replace: `$1${NBSP}` },
  ],
  kk: [
    dayMonth('kk'),
    { pattern: /(\d) (?=(?:жылғы|жыл|ж\.|млн|млрд|мың|адам|рет)(?![\p{L}]))/gu, replace: `$1${NBSP}` },
    { pattern: /(\S) (?=[–—] )/g, replace: `$1${NBSP}` },
  ],
  en: [dayMonth('en'), { pattern: /(\d) (?=(?:per cent|percent|p\.)(?![\p{L}]))/gu, replace: `$1${NBSP}` }],
};

const NB_HYPHEN = '\u2011';

/**
 * A phrase that must stay on one line, such as a "(section 12, page 22)"
 * reference: its spaces become no-break spaces and its hyphens ("6-бөлім",
 * "pages 4-5") non-breaking hyphens (U+2011), which both Word and the PDF
 * fonts have; text importers read both back as plain spaces and hyphens.
 */
export function unbreakable(text: string): string {
  return text.replace(/ /g, NBSP).replace(/-/g, NB_HYPHEN);
}

export function applyTypography(text: string, lang: string): string {
  let out = text;
  for (const rule of [...COMMON, ...(BY_LANG[lang] ?? [])]) {
    // Two passes join overlapping groups ("1 234 567").
    out = out.replace(rule.pattern, rule.replace).replace(rule.pattern, rule.replace);
  }
  return out;
}
