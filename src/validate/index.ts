/**
 * Runs every validation rule over a model. Owns the rule table; each rule lives
 * in its own file under rules/ with its id.
 */
import { Diagnostics } from '../diag/diagnostic.js';
import type { ResponseDocument } from '../model/types.js';
import type { Rule } from './rule.js';
import { duplicateId } from './rules/duplicate-id.js';
import { footnotes } from './rules/footnotes.js';
import { verdicts } from './rules/verdicts.js';
import { references } from './rules/references.js';
import { characters } from './rules/characters.js';
import { inlineMarkup } from './rules/inline-markup.js';
import { documentId } from './rules/document-id.js';
import { fontCoverage } from './rules/font-coverage.js';

export const RULES: readonly Rule[] = [documentId, duplicateId, footnotes, verdicts, references, characters, inlineMarkup, fontCoverage];

export function validateDocument(doc: ResponseDocument): Diagnostics {
  const diags = new Diagnostics();
  for (const rule of RULES) rule.check(doc, diags);
  return diags;
}
