/**
 * dangling-footnote / unused-footnote / footnote-reused / footnote-mismatch:
 * every [^id] names a declared footnote, every footnote is referenced, and
 * once only; a translation carries exactly the marks of its source, no other
 * unit's (else a footnote would vanish from, or print twice in, that language).
 */
import type { Rule } from '../rule.js';
import { documentFootnotes, documentUnits } from '../../model/walk.js';
import { footnoteRefs } from '../../model/inline.js';
import { didYouMean } from '../../diag/suggest.js';
import { translationTexts } from '../texts.js';

export const footnotes: Rule = {
  id: 'dangling-footnote',
  description: 'footnote references and declarations match one to one, in the source and in every translation',
  check(doc, diags) {
    const declared = new Map(documentFootnotes(doc).map((f) => [f.id, f]));
    const used = new Set<string>();
    /** Which unit's source text holds each mark. */
    const holder = new Map<string, string>();
    for (const v of documentUnits(doc)) {
      for (const ref of footnoteRefs(v.unit.text)) {
        if (!declared.has(ref.id)) {
          diags.error(v.unit.pos, 'dangling-footnote', `footnote reference [^${ref.id}] has no footnote`, didYouMean(ref.id, declared.keys()) ?? 'declare it under the item’s footnotes:');
        } else if (used.has(ref.id)) {
          diags.error(v.unit.pos, 'footnote-reused', `footnote ${ref.id} is referenced twice`, 'a footnote belongs to one place; declare a second footnote');
        } else if (v.role === 'footnote' && v.unit.id === ref.id) {
          diags.error(v.unit.pos, 'dangling-footnote', `footnote ${ref.id} refers to itself`);
        } else {
          used.add(ref.id);
          holder.set(ref.id, v.unit.id);
        }
      }
    }
    for (const [id, f] of declared) {
      if (!used.has(id)) diags.error(f.pos, 'unused-footnote', `footnote ${id} is never referenced`, `put [^${id}] in the text where its mark belongs`);
    }
    // A stale translation is not printed (render refuses it, a draft prints the source), so its marks may lag behind.
    for (const t of translationTexts(doc)) {
      if (!t.current) continue;
      const expected = footnoteRefs(t.source!.unit.text).map((r) => r.id);
      const seen = new Set<string>();
      for (const ref of footnoteRefs(t.text)) {
        const keep = `the source has ${expected.length ? expected.map((e) => `[^${e}]`).join(', ') : 'no footnote marks'}`;
        if (seen.has(ref.id)) {
          diags.error(t.pos, 'footnote-reused', `${t.what} has the mark [^${ref.id}] twice`, keep);
        } else if (!declared.has(ref.id)) {
          diags.error(t.pos, 'dangling-footnote', `${t.what} refers to [^${ref.id}], which is no footnote`, didYouMean(ref.id, expected) ?? keep);
        } else if (!expected.includes(ref.id)) {
          diags.error(t.pos, 'footnote-mismatch', `${t.what} has the mark [^${ref.id}], which belongs to ‘${holder.get(ref.id) ?? '?'}’`, keep);
        }
        seen.add(ref.id);
      }
      for (const id of expected) {
        if (!seen.has(id)) diags.error(t.pos, 'footnote-mismatch', `${t.what} lacks the mark [^${id}]: footnote ${id} would not be printed in ${t.lang}`, `put [^${id}] where the note belongs in the translation`);
      }
    }
  },
};
