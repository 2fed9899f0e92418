/**
 * font-coverage: every character of the text (the source and every
 * translation) has a glyph in the fonts the house style sets it in. A font
 * from the document folder may lack the Kazakh letters, PT Serif lacks the
 * thin space: the PDF would print an empty box where the character was, so the
 * problem is reported where the style names the font, with the first text that
 * needs each character. Checks only a document whose style was read.
 */
import type { Rule } from '../rule.js';
import { allTexts } from '../texts.js';
import { DEFAULT_STYLE_FILE, missingGlyphs } from '../../read/style.js';
import { describeChar } from './characters.js';
import type { FontFamily, FontRole } from '../../model/style.js';

/**
 * The characters of `texts`, each once (a surrogate pair as one, a lone
 * half as itself). By code units with a table of those seen: iterating the
 * strings character by character made a string of every character, a fifth
 * of a warm render's reading and checking for the 2011 response.
 */
export function distinctCharacters(texts: readonly string[]): Set<string> {
  const seen = new Uint8Array(0x10000);
  const chars = new Set<string>();
  for (const s of texts) {
    for (let i = 0; i < s.length; i++) {
      const u = s.charCodeAt(i);
      if (u >= 0xd800 && u <= 0xdbff && i + 1 < s.length) {
        const low = s.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          chars.add(s.slice(i, i + 2));
          i++;
          continue;
        }
      }
      if (seen[u] === 0) {
        seen[u] = 1;
        chars.add(String.fromCharCode(u));
      }
    }
  }
  return chars;
}

/** Characters named in one message; more are counted. */
const LISTED = 12;

export const fontCoverage: Rule = {
  id: 'font-coverage',
  description: 'the fonts of the house style have a glyph for every character of the text',
  check(doc, diags) {
    const style = doc.style;
    if (!style) return;
    const texts = allTexts(doc);
    const chars = distinctCharacters(texts.map((t) => t.text));
    // A family set for several roles (body, headings, notes) is checked and reported once.
    const families = new Map<string, { family: FontFamily; roles: FontRole[] }>();
    for (const [role, family] of Object.entries(style.fonts) as [FontRole, FontFamily][]) {
      const key = `${family.name}\u0000${Object.values(family.faces).join('\u0000')}`;
      const seen = families.get(key);
      if (seen) seen.roles.push(role);
      else families.set(key, { family, roles: [role] });
    }
    for (const { family, roles } of families.values()) {
      const missing = missingGlyphs(family, chars);
      if (missing.length === 0) continue;
      const first = (c: string) => texts.find((t) => t.text.includes(c))!;
      const named = missing.slice(0, LISTED).map((c) => `‘${c}’ ${describeChar(c)} (in ${first(c).what})`);
      const more = missing.length > LISTED ? ` and ${missing.length - LISTED} more` : '';
      const roleList = roles.length > 1 ? `${roles.slice(0, -1).join(', ')} and ${roles[roles.length - 1]}` : roles[0];
      // A font of the shipped default is not the user's to change: the text is where the fix goes.
      const inDefault = !family.pos || family.pos.file === DEFAULT_STYLE_FILE;
      diags.error(
        inDefault ? first(missing[0]!).pos : family.pos,
        'font-coverage',
        `the ${roleList} font ‘${family.name}’ has no glyph for ${named.join(', ')}${more}: the PDF would print empty boxes`,
        family.bundled ? 'replace the character in the text, or name a font from the document folder that has it' : 'choose a font that covers the languages of the document (PT Serif covers Latin, Cyrillic and Kazakh), or replace the character',
      );
    }
  },
};
