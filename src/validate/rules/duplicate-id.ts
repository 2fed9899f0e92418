/** duplicate-id: every id (units, items, groups, sections, blocks) is unique in the document. */
import type { Rule } from '../rule.js';
import type { Block, Group, Item, Position } from '../../model/types.js';
import { documentUnits } from '../../model/walk.js';

export const duplicateId: Rule = {
  id: 'duplicate-id',
  description: 'ids are unique in the whole document',
  check(doc, diags) {
    const seen = new Map<string, Position | undefined>();
    const see = (id: string, pos: Position | undefined) => {
      if (seen.has(id)) {
        const first = seen.get(id);
        diags.error(pos, 'duplicate-id', `id ‘${id}’ is used twice`, first ? `first used at ${first.file}:${first.line}:${first.column}; give this one a new id` : undefined);
      } else seen.set(id, pos);
    };
    const blocks = (bs: Block[]) => {
      for (const b of bs) if (b.kind === 'list' || b.kind === 'table') see(b.id, b.pos);
    };
    const item = (i: Item) => {
      see(i.id, i.pos);
      blocks(i.standpoint);
      i.subitems.forEach(item);
    };
    const group = (g: Group) => {
      see(g.id, g.pos);
      g.items.forEach(item);
      g.groups.forEach(group);
    };
    for (const s of doc.sections) {
      see(s.id, s.pos);
      blocks(s.intro);
      blocks(s.outro);
      s.items.forEach(item);
      s.groups.forEach(group);
    }
    blocks(doc.opening);
    blocks(doc.closing);
    for (const v of documentUnits(doc)) {
      // A paragraph block's id is its unit's, so paragraphs are seen here, once.
      see(v.unit.id, v.unit.pos);
    }
  },
};
