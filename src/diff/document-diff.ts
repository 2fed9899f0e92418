/**
 * What changed between two versions of a response: items added, removed and
 * renumbered, verdicts changed, units edited (with a word diff), and
 * translations the edit made stale. Pure: two models in, a report out.
 */
import type { Block, FindingQuote, Group, Item, ReportRef, ResponseDocument, SectionKind, Unit } from '../model/types.js';
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
  /** Units that kept their text but stand elsewhere: `after` is the unit they now follow. */
  unitsMoved: { id: string; item?: ItemRef; after?: string }[];
  /** Changes that are not text: a passage's reference, a paragraph turned into a quotation, a list's style, commitments … */
  changed: { id: string; item?: ItemRef; what: string; from: string; to: string }[];
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
  const diff: DocumentDiff = { itemsAdded: [], itemsRemoved: [], renumbered: [], verdicts: [], unitsAdded: [], unitsRemoved: [], edited: [], unitsMoved: [], changed: [], madeStale: [] };
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
  // Moves: the units common to both, in the new order; those off the longest run kept in the old order moved.
  const order = [...ub.keys()].filter((id) => ua.has(id));
  const oldIndex = new Map([...ua.keys()].map((id, i) => [id, i]));
  const kept = longestIncreasing(order.map((id) => oldIndex.get(id)!));
  const keptIds = new Set(kept.map((i) => order[i]!));
  order.forEach((id, i) => {
    if (!keptIds.has(id)) diff.unitsMoved.push({ id, ...(unitItem.has(id) ? { item: unitItem.get(id)! } : {}), ...(i > 0 ? { after: order[i - 1]! } : {}) });
  });
  const fa = attributes(before);
  const fb = attributes(after);
  for (const [key, to] of fb) {
    const from = fa.get(key);
    const [id, what] = key.split('\u0000') as [string, string];
    if (from !== undefined && from !== to) diff.changed.push({ id, ...(unitItem.has(id) ? { item: unitItem.get(id)! } : b.has(id) ? { item: b.get(id)!.ref } : {}), what, from, to });
  }
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
  return d.itemsAdded.length + d.itemsRemoved.length + d.renumbered.length + d.verdicts.length + d.unitsAdded.length + d.unitsRemoved.length + d.edited.length + d.unitsMoved.length + d.changed.length;
}

/** Indexes (into `xs`) of a longest strictly increasing subsequence (patience sorting, O(n log n)). */
function longestIncreasing(xs: number[]): number[] {
  const tails: number[] = [];
  const prev = new Array<number>(xs.length).fill(-1);
  for (let i = 0; i < xs.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[tails[mid]!]! < xs[i]!) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out: number[] = [];
  for (let k = tails.length ? tails[tails.length - 1]! : -1; k >= 0; k = prev[k]!) out.push(k);
  return out.reverse();
}

function refText(r: ReportRef | undefined): string {
  if (!r) return '(none)';
  return `(section ${r.section ?? '?'}, ${r.pages !== undefined ? `pages ${r.pages}` : `page ${r.page ?? '?'}`})`;
}

/** The non-text properties of units, lists and groups, keyed by "id\0what". */
function attributes(doc: ResponseDocument): Map<string, string> {
  const out = new Map<string, string>();
  const passage = (f: FindingQuote) => {
    out.set(`${f.id}\u0000reference`, refText(f.ref));
    out.set(`${f.id}\u0000punctuation after the reference`, f.end ?? '.');
    out.set(`${f.id}\u0000paragraph`, f.newParagraph ? 'starts a new paragraph' : 'runs on');
  };
  const blocks = (bs: Block[]) => {
    for (const b of bs) {
      if (b.kind === 'paragraph' || b.kind === 'quotation') out.set(`${b.unit.id}\u0000kind`, b.kind);
      if (b.kind === 'list') out.set(`${b.id}\u0000list style`, b.style);
    }
  };
  const group = (g: Group) => {
    out.set(`${g.id}\u0000label`, g.label ?? '(none)');
    g.leadIn.forEach(passage);
    g.groups.forEach(group);
  };
  blocks(doc.opening);
  blocks(doc.closing);
  for (const s of doc.sections) {
    blocks(s.intro);
    blocks(s.outro);
    s.groups.forEach(group);
    for (const it of sectionItems(s)) {
      it.findings.forEach(passage);
      blocks(it.standpoint);
      if (it.commitments.length) out.set(`${it.id}\u0000commitments`, it.commitments.map((c) => `${c.instrument} ${c.paragraphs.join(', ')}`).join('; '));
    }
  }
  return out;
}
