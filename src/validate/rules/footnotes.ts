/**
 * dangling-footnote / unused-footnote / footnote-reused: every [^id] names a
 * declared footnote, every footnote is referenced, and once only.
 */
import type { Rule } from '../rule.js';
import { documentFootnotes, documentUnits } from '../../model/walk.js';
import { footnoteRefs } from '../../model/inline.js';
import { didYouMean } from '../../diag/suggest.js';

export const footnotes: Rule = {
  id: 'dangling-footnote',
  description: 'footnote references and declarations match one to one',
  check(doc, diags) {
    const declared = new Map(documentFootnotes(doc).map((f) => [f.id, f]));
    const used = new Set<string>();
    for (const v of documentUnits(doc)) {
      for (const ref of footnoteRefs(v.unit.text)) {
        if (!declared.has(ref.id)) {
          diags.error(v.unit.pos, 'dangling-footnote', `footnote reference [^${ref.id}] has no footnote`, didYouMean(ref.id, declared.keys()) ?? 'declare it under the item’s footnotes:');
        } else if (used.has(ref.id)) {
          diags.error(v.unit.pos, 'footnote-reused', `footnote ${ref.id} is referenced twice`, 'a footnote belongs to one place; declare a second footnote');
        } else if (v.role === 'footnote' && v.unit.id === ref.id) {
          diags.error(v.unit.pos, 'dangling-footnote', `footnote ${ref.id} refers to itself`);
        } else used.add(ref.id);
      }
    }
    for (const [id, f] of declared) {
      if (!used.has(id)) diags.error(f.pos, 'unused-footnote', `footnote ${id} is never referenced`, `put [^${id}] in the text where its mark belongs`);
    }
  },
};
