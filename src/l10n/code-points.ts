/**
 * Reading a string by code points around an offset, as a Unicode regular
 * expression's look-arounds read it (a letter outside the BMP is one
 * character, two UTF-16 units). For the checks that test word boundaries with
 * one shared expression instead of a look-around in each of their own.
 */

/** The code point starting at `at` ('' at the end). */
export function codePointAt(text: string, at: number): string {
  const cp = text.codePointAt(at);
  return cp === undefined ? '' : String.fromCodePoint(cp);
}

/** The code point ending just before `at` ('' at the start). */
export function codePointBefore(text: string, at: number): string {
  if (at <= 0) return '';
  const low = text.charCodeAt(at - 1);
  if (low >= 0xdc00 && low <= 0xdfff && at >= 2) {
    const high = text.charCodeAt(at - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(at - 2, at);
  }
  return text[at - 1]!;
}
