/**
 * Running the translation checks for a set of languages with the document's
 * termbase, as `i18n check` and `render` do. Owns finding and reading the
 * termbase for a document; the rules are in check.ts.
 */
import type { ResponseDocument } from '../model/types.js';
import { Diagnostics, type Diagnostic } from '../diag/diagnostic.js';
import { readTermbaseFor } from '../read/terms.js';
import { checkTranslation } from './check.js';

/** Diagnostics of the termbase (if it has problems) and of each language's translation, sorted. */
export function checkLanguages(doc: ResponseDocument, langs: string[]): Diagnostic[] {
  const diags = new Diagnostics();
  const termbase = readTermbaseFor(doc.root, diags);
  if (diags.hasErrors) return diags.sorted();
  for (const lang of langs) if (lang !== doc.lang) diags.merge(checkTranslation(doc, lang, termbase ? { termbase } : {}));
  return diags.sorted();
}
