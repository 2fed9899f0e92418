/**
 * Where a Kazakh word (Cyrillic script) may be hyphenated: between syllables.
 * TeX has no Kazakh hyphenation patterns (hyph-utf8 has none, so neither has
 * any npm package), so the rules are written here, from Kazakh orthography's
 * rule for carrying words over ("тасымалдау"): a word is carried by
 * syllables, a single letter never stays on a line or starts the next, and
 * ь/ъ stay with the consonant before them.
 * Owns only the positions; the caller decides which words to hyphenate.
 *
 * Kazakh syllables are V, VC, VCC, CV, CVC and CVCC: one vowel each, at most
 * one consonant before it. So between two vowels, one consonant starts the
 * next syllable (ба-ла), of two the second does (сай-лау, ал-ды). Of three
 * or more, a sonorant first (й, р, л, н, м, ң, у) closes the syllable with
 * the next one (айт-ты, жұрт-тың); any other consonant closes it alone
 * (қазақ-стан, эк-спорт). "у" and "и" are vowels
 * between consonants (құ-қық, бі-лу-ге) and glides next to a vowel (сай-лау,
 * ау-ыл); two vowels in a row are never separated (ак-ци-я-сы is left as
 * ак-ция-сы), which loses a few points and breaks no rule.
 */

const VOWELS = new Set('аәеёиоөұүыіэюя'.split(''));
/** Vowels that are glides (consonants) next to another vowel. */
const GLIDES = new Set(['у', 'и']);
/** Consonants that end a syllable together with the next consonant (айт-ты). */
const SONORANTS = new Set('йрлнмңу'.split(''));
/** Signs that belong to the consonant before them. */
const SIGNS = new Set(['ь', 'ъ']);

function isVowelAt(w: string, i: number): boolean {
  const c = w[i]!;
  if (VOWELS.has(c) && !GLIDES.has(c)) return true;
  if (c === 'у' || c === 'и') {
    // A glide beside a vowel ("ау", "уа", "ий"), a vowel between consonants or at a word's edge next to a consonant.
    const before = i > 0 ? w[i - 1]! : '';
    const after = i + 1 < w.length ? w[i + 1]! : '';
    const vowelBefore = before !== '' && VOWELS.has(before) && !GLIDES.has(before);
    const vowelAfter = after !== '' && VOWELS.has(after) && !GLIDES.has(after);
    if (c === 'у') return !vowelBefore && !vowelAfter;
    // "и" after a vowel is a glide ("ки-ет" keeps "и" a vowel: it follows a consonant).
    return !vowelBefore;
  }
  return false;
}

/**
 * Break positions in a lower-case Kazakh word: indexes i where the word may
 * be split as word.slice(0, i) + "-" + word.slice(i), with at least `left`
 * letters before and `right` after.
 */
export function kazakhBreaks(word: string, left = 2, right = 2): number[] {
  const w = word.toLowerCase();
  const nuclei: number[] = [];
  for (let i = 0; i < w.length; i++) if (isVowelAt(w, i)) nuclei.push(i);
  const breaks: number[] = [];
  for (let k = 1; k < nuclei.length; k++) {
    const a = nuclei[k - 1]!;
    const b = nuclei[k]!;
    // Consonants between the two vowels, signs (ь, ъ) kept with the consonant before them.
    const between: number[] = [];
    for (let i = a + 1; i < b; i++) if (!SIGNS.has(w[i]!)) between.push(i);
    if (between.length === 0) continue;
    // One or two consonants: the last starts the next syllable; three or more: see above.
    const at = between.length <= 2 ? between[between.length - 1]! : SONORANTS.has(w[between[0]!]!) ? between[2]! : between[1]!;
    if (at >= left && w.length - at >= right) breaks.push(at);
  }
  return breaks;
}

/** The rules above as text, for naming the cached hyphenations they made (render/typeset/hyphenate.ts). */
export const KAZAKH_RULES = [String(isVowelAt), String(kazakhBreaks), [...VOWELS].join(''), [...GLIDES].join(''), [...SONORANTS].join(''), [...SIGNS].join('')].join('\u0000');
