/**
 * dangling-footnote / unused-footnote / footnote-reused: every [^id] names a
 * declared footnote, every footnote is referenced, and once only.
 */
import type { Rule } from '../rule.js';
import type { Footnote, Group, Item } from '../../model/types.js';
import { documentUnits } from '../../model/walk.js';
import { footnoteRefs } from '../../model/inline.js';
import { didYouMean } from '../../diag/suggest.js';

export function allFootnotes(items: Iterable<Item>): Footnote[] {
  const out: Footnote[] = [];
  const walk = (i: Item) => {
    out.push(...i.footnotes);
    i.subitems.forEach(walk);
  };
  for (const i of items) walk(i);
  return out;
}

export function documentItems(doc: import('../../model/types.js').ResponseDocument): Item[] {
  const out: Item[] = [];
  const group = (g: Group) => {
    out.push(...g.items);
    g.groups.forEach(group);
  };
  for (const s of doc.sections) {
    out.push(...s.items);
    s.groups.forEach(group);
  }
  return out;
}

export const footnotes: Rule = {
  id: 'dangling-footnote',
  description: 'footnote references and declarations match one to one',
  check(doc, diags) {
    const declared = new Map(allFootnotes(documentItems(doc)).map((f) => [f.id, f]));
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
