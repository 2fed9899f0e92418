/**
 * Writing `translations/<lang>.yaml`: units in document order, each with its
 * text, the hash of the source it was made from and an optional note. Entries
 * for ids the document no longer has are kept at the end, never dropped.
 * Written as a transaction in the document folder (io/transaction.ts).
 */
import type { ResponseDocument, TranslatedUnit } from '../model/types.js';
import { documentUnits } from '../model/walk.js';
import { commitFiles } from '../io/transaction.js';
import { translationFile } from '../read/translations.js';
import { validateDocument } from '../validate/index.js';
import { UserError } from '../diag/diagnostic.js';
import { schemaLineFor } from '../io/schema-line.js';

const LANGUAGE_NAMES: Record<string, string> = { ru: 'Russian', kk: 'Kazakh', en: 'English' };

function quote(s: string): string {
  return JSON.stringify(s);
}

/**
 * The text of translations/<lang>.yaml. `schemaLine` is the editor's schema
 * line; by default the one that resolves from where the file is written.
 */
export function serializeTranslation(doc: ResponseDocument, lang: string, units: Map<string, TranslatedUnit>, schemaLine = schemaLineFor(translationFile(doc.root, lang), 'translation')): string {
  let out = `${schemaLine}\n`;
  out += `# ${LANGUAGE_NAMES[lang] ?? lang} translation of ${doc.id}, keyed by unit id; "source" is the hash of the ${LANGUAGE_NAMES[doc.lang] ?? doc.lang} text it was made from.\n`;
  out += `lang: ${lang}\nunits:\n`;
  const written = new Set<string>();
  const entry = (u: TranslatedUnit) => {
    out += `  ${u.id}:\n    text: ${quote(u.text)}\n`;
    if (u.sourceHash) out += `    source: ${u.sourceHash}\n`;
    if (u.note) out += `    note: ${quote(u.note)}\n`;
    if (u.unconfirmed) out += `    unconfirmed: true\n`;
    written.add(u.id);
  };
  for (const v of documentUnits(doc)) {
    const u = units.get(v.unit.id);
    if (u && !written.has(u.id)) entry(u);
  }
  for (const u of units.values()) if (!written.has(u.id)) entry(u);
  return out;
}

/**
 * The checks the source text gets (control characters, footnote marks,
 * emphasis, empty text), run on a translation before it is written, so no
 * command writes a translation file that `validate` would then refuse.
 */
export function checkTranslation(doc: ResponseDocument, lang: string, units: Map<string, TranslatedUnit>): void {
  const trial: ResponseDocument = { ...doc, translations: new Map([[lang, { lang, units }]]) };
  const errors = validateDocument(trial).sorted().filter((d) => d.severity === 'error');
  if (errors.length) throw new UserError(errors, 1);
}

export function writeTranslation(doc: ResponseDocument, lang: string, units: Map<string, TranslatedUnit>): string {
  checkTranslation(doc, lang, units);
  const file = translationFile(doc.root, lang);
  commitFiles(doc.root, [{ path: file, data: serializeTranslation(doc, lang, units) }]);
  return file;
}
