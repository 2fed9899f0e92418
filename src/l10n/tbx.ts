/**
 * TBX export of the termbase: TBX-Basic in the TBX v3 core structure
 * (ISO 30042:2019, DCA style), which Trados MultiTerm, memoQ, Phrase and
 * OmegaT import. One conceptEntry per concept, one langSec per language,
 * one termSec per term with its administrativeStatus: the first approved term
 * preferred, the others admitted, forbidden ones deprecated. Our stem marks
 * ("|") are not TBX: terms carry their citation form, and a note keeps the
 * matching pattern (memoQ writes stems the same way). Writes text only.
 */
import type { Concept, LanguageTerms, Termbase } from '../model/terms.js';
import { termText } from '../model/terms.js';

export const TBX_NS = 'urn:iso:std:iso:30042:ed-2';

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

function termSec(term: string, status: string, indent: string, extra: string[] = []): string {
  let out = `${indent}<termSec>\n${indent} <term>${esc(termText(term))}</term>\n${indent} <termNote type="administrativeStatus">${status}</termNote>\n`;
  if (term.includes('|')) out += `${indent} <note>matches by stem: ${esc(term)}</note>\n`;
  for (const e of extra) out += `${indent} <note>${esc(e)}</note>\n`;
  return `${out}${indent}</termSec>\n`;
}

function langSec(lang: string, terms: LanguageTerms): string {
  let out = `   <langSec xml:lang="${esc(lang)}">\n`;
  if (terms.note) out += `    <note>${esc(terms.note)}</note>\n`;
  const endings = terms.endings ? [`case endings after it take ${terms.endings} vowels`] : [];
  terms.approved.forEach((t, i) => {
    out += termSec(t, i === 0 ? 'preferredTerm-admn-sts' : 'admittedTerm-admn-sts', '    ', endings);
  });
  for (const t of terms.forbidden) out += termSec(t, 'deprecatedTerm-admn-sts', '    ');
  return `${out}   </langSec>\n`;
}

function conceptEntry(c: Concept): string {
  let out = `  <conceptEntry id="${esc(`c-${c.id}`)}">\n`;
  if (c.note) out += `   <note>${esc(c.note)}</note>\n`;
  for (const [lang, terms] of c.langs) out += langSec(lang, terms);
  return `${out}  </conceptEntry>\n`;
}

export function exportTbx(termbase: Termbase, o: { sourceLang: string; title: string }): string {
  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += '<?xml-model href="https://raw.githubusercontent.com/LTAC-Global/TBX-Basic_dialect/master/DCA/TBXcoreStructV03_TBX-Basic_integrated.rng" type="application/xml" schematypens="http://relaxng.org/ns/structure/1.0"?>\n';
  out += `<tbx type="TBX-Basic" style="dca" xml:lang="${esc(o.sourceLang)}" xmlns="${TBX_NS}">\n`;
  out += ` <tbxHeader>\n  <fileDesc>\n   <titleStmt>\n    <title>${esc(o.title)}</title>\n   </titleStmt>\n   <sourceDesc>\n    <p>Exported by standpoint from ${esc(termbase.file.replace(/^.*[\\/]/, ''))}</p>\n   </sourceDesc>\n  </fileDesc>\n </tbxHeader>\n`;
  out += ' <text>\n  <body>\n';
  for (const c of termbase.concepts) out += conceptEntry(c).replace(/^/gm, '  ').replace(/^  $/gm, '');
  out += '  </body>\n </text>\n</tbx>\n';
  return out;
}
