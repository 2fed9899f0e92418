/**
 * What changed between two versions of a response: items added, removed and
 * renumbered, verdicts changed, units edited (with a word diff), and
 * translations the edit made stale. Pure: two models in, a report out.
 */
import type { Item, ResponseDocument, SectionKind, Unit } from '../model/types.js';
import { documentUnits, sectionItems } from '../model/walk.js';
import { unitState } from '../compose/text-source.js';
import { wordDiff, type WordOp } from './word-diff.js';

export interface ItemRef {
  id: string;
  kind: SectionKind;
  label: string;
}

export interface DocumentDiff {
  itemsAdded: ItemRef[];
  itemsRemoved: ItemRef[];
  renumbered: (ItemRef & { from: string })[];
  verdicts: (ItemRef & { from?: string; to?: string })[];
  unitsAdded: { id: string; text: string }[];
  unitsRemoved: { id: string; text: string }[];
  edited: { id: string; item?: ItemRef; from: string; to: string; words: WordOp[] }[];
  /** Per language, units whose translation was current before and is stale now. */
  madeStale: { lang: string; ids: string[] }[];
}

const KIND_NAMES: Record<SectionKind, string> = { positive: 'Positive assessment', critical: 'Critical observation', recommendations: 'Recommendation' };

function labelOf(item: Item, parent?: Item): string {
  if (item.label !== undefined) return `${parent?.number ?? ''}(${item.label})`;
  return item.number ?? item.id;
}

function itemIndex(doc: ResponseDocument): Map<string, { item: Item; ref: ItemRef }> {
  const out = new Map<string, { item: Item; ref: ItemRef }>();
  for (const s of doc.sections) {
    const parents = new Map<Item, Item>();
    for (const item of sectionItems(s)) for (const sub of item.subitems) parents.set(sub, item);
    for (const item of sectionItems(s)) out.set(item.id, { item, ref: { id: item.id, kind: s.kind, label: labelOf(item, parents.get(item)) } });
  }
  return out;
}

export function itemName(ref: ItemRef): string {
  return `${KIND_NAMES[ref.kind]} ${ref.label}`;
}

export function diffDocuments(before: ResponseDocument, after: ResponseDocument): DocumentDiff {
  const a = itemIndex(before);
  const b = itemIndex(after);
  const diff: DocumentDiff = { itemsAdded: [], itemsRemoved: [], renumbered: [], verdicts: [], unitsAdded: [], unitsRemoved: [], edited: [], madeStale: [] };
  for (const [id, x] of b) if (!a.has(id)) diff.itemsAdded.push(x.ref);
  for (const [id, x] of a) if (!b.has(id)) diff.itemsRemoved.push(x.ref);
  for (const [id, y] of b) {
    const x = a.get(id);
    if (!x) continue;
    if (x.ref.label !== y.ref.label) diff.renumbered.push({ ...y.ref, from: x.ref.label });
    if (x.item.verdict !== y.item.verdict) diff.verdicts.push({ ...y.ref, from: x.item.verdict, to: y.item.verdict });
  }
  const unitItem = new Map<string, ItemRef>();
  for (const v of documentUnits(after)) if (v.item) unitItem.set(v.unit.id, b.get(v.item.id)!.ref);
  const ua = new Map<string, Unit>([...documentUnits(before)].map((v) => [v.unit.id, v.unit]));
  const ub = new Map<string, Unit>([...documentUnits(after)].map((v) => [v.unit.id, v.unit]));
  for (const [id, u] of ub) {
    const old = ua.get(id);
    if (!old) diff.unitsAdded.push({ id, text: u.text });
    else if (old.text !== u.text) diff.edited.push({ id, ...(unitItem.has(id) ? { item: unitItem.get(id)! } : {}), from: old.text, to: u.text, words: wordDiff(old.text, u.text) });
  }
  for (const [id, u] of ua) if (!ub.has(id)) diff.unitsRemoved.push({ id, text: u.text });
  for (const lang of [...after.translations.keys()].sort()) {
    const ids: string[] = [];
    for (const [id, u] of ub) {
      const old = ua.get(id);
      const was = old ? unitState(before, lang, old) : 'missing';
      if (unitState(after, lang, u) === 'stale' && was !== 'stale') ids.push(id);
    }
    if (ids.length) diff.madeStale.push({ lang, ids });
  }
  return diff;
}

export function changeCount(d: DocumentDiff): number {
  return d.itemsAdded.length + d.itemsRemoved.length + d.renumbered.length + d.verdicts.length + d.unitsAdded.length + d.unitsRemoved.length + d.edited.length;
}
