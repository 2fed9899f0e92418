/**
 * inline-markup: emphasis (*…*) and strong (**…**) passages nest and close,
 * in the source and in every translation. Crossed passages (`*a **b* c**`)
 * have no reading that Word, a PDF and a translator's tool agree on.
 */
import type { Rule } from '../rule.js';
import { inlineProblems } from '../../model/inline.js';
import { allTexts } from '../texts.js';

export const inlineMarkup: Rule = {
  id: 'inline-markup',
  description: 'emphasis and strong passages nest and are closed',
  check(doc, diags) {
    for (const t of allTexts(doc)) {
      if (!t.text.includes('*')) continue;
      for (const p of inlineProblems(t.text)) diags.error(t.pos, 'inline-markup', `${t.what}: ${p.message}`, p.hint);
    }
  },
};
