/**
 * control-character / invisible-character: text pasted from Word can carry
 * control characters (which would corrupt DOCX XML), lone surrogates, and
 * invisible or direction-changing characters that confuse readers. Source
 * text and translations alike (a PO file can bring a BEL or an ESC).
 */
import type { Rule } from '../rule.js';
import { allTexts } from '../texts.js';

// C0 controls other than tab and newline, DEL, C1 controls, and lone surrogates.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\uFFFE\uFFFF]/u;
const SURROGATE = /[\uD800-\uDFFF]/;
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/;

/** Longest text of one unit: a paragraph of a response is a few thousand characters; more is a paste gone wrong. */
export const MAX_UNIT_CHARS = 100_000;

export function describeChar(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export const characters: Rule = {
  id: 'control-character',
  description: 'no control characters or lone surrogates; invisible characters are flagged',
  check(doc, diags) {
    for (const v of allTexts(doc)) {
      const t = v.text;
      if (t.length > MAX_UNIT_CHARS) {
        diags.error(v.pos, 'text-too-long', `${v.what} is ${t.length.toLocaleString('en')} characters long; a paragraph may have at most ${MAX_UNIT_CHARS.toLocaleString('en')}`, 'split it into paragraphs; a text this long is usually a paste gone wrong');
        continue;
      }
      // Surrogate pairs are masked so that only lone halves match; most texts have none to mask.
      const bad = FORBIDDEN.exec(SURROGATE.test(t) ? t.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, 'xx') : t);
      if (bad) {
        diags.error(v.pos, 'control-character', `${v.what} contains the control character ${describeChar(bad[0])} at offset ${bad.index}`, 'delete it; it cannot be written to DOCX or PDF');
      }
      const inv = INVISIBLE.exec(t);
      if (inv) {
        diags.warning(v.pos, 'invisible-character', `${v.what} contains the invisible character ${describeChar(inv[0])} at offset ${inv.index}`, 'it is kept as written; remove it if it came in by copy and paste');
      }
    }
  },
};
