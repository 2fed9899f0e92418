/**
 * Walking the model: every unit in document order, with what holds it. Owns the
 * one definition of "document order" that ids, translations, the parallel
 * layout and change reports share.
 */
import type { Block, Footnote, Group, Item, ResponseDocument, Section, TranslatedUnit, Unit } from './types.js';

export type UnitRole =
  | 'meta'
  | 'instrument'
  | 'heading'
  | 'paragraph'
  | 'finding'
  | 'footnote'
  | 'purpose'
  | 'standpoint'
  | 'list-item'
  | 'table-cell'
  | 'table-header'
  | 'quotation'
  | 'verdict-note'
  | 'abbreviation'
  | 'letterhead'
  | 'image-alt'
  | 'signature';

export interface UnitVisit {
  unit: Unit;
  role: UnitRole;
  /** The item that holds the unit, if any (for context in exports and reports). */
  item?: Item;
  section?: Section;
}

export function* blockUnits(blocks: Block[]): Generator<{ unit: Unit; role: UnitRole }> {
  for (const b of blocks) {
    switch (b.kind) {
      case 'paragraph':
        yield { unit: b.unit, role: 'paragraph' };
        break;
      case 'quotation':
        yield { unit: b.unit, role: 'quotation' };
        break;
      case 'list':
        for (const u of b.items) yield { unit: u, role: 'list-item' };
        break;
      case 'table':
        for (const c of b.columns) yield { unit: c, role: 'table-header' };
        for (const r of b.rows) for (const c of r.cells) yield { unit: c, role: 'table-cell' };
        break;
      case 'image':
        yield { unit: b.alt, role: 'image-alt' };
        break;
    }
  }
}

function* itemUnits(item: Item, section: Section): Generator<UnitVisit> {
  for (const f of item.findings) yield { unit: f, role: 'finding', item, section };
  for (const f of item.footnotes) yield { unit: f, role: 'footnote', item, section };
  if (item.purpose) yield { unit: item.purpose, role: 'purpose', item, section };
  for (const v of blockUnits(item.standpoint)) yield { ...v, role: v.role === 'paragraph' ? 'standpoint' : v.role, item, section };
  if (item.verdictNote) yield { unit: item.verdictNote, role: 'verdict-note', item, section };
  for (const s of item.subitems) yield* itemUnits(s, section);
}

function* groupUnits(group: Group, section: Section): Generator<UnitVisit> {
  if (group.heading) yield { unit: group.heading, role: 'heading', section };
  for (const f of group.leadIn) yield { unit: f, role: 'finding', section };
  for (const i of group.items) yield* itemUnits(i, section);
  for (const g of group.groups) yield* groupUnits(g, section);
}

/** Every unit of the document, in the order it is printed. */
export function* documentUnits(doc: ResponseDocument): Generator<UnitVisit> {
  const m = doc.meta;
  for (const u of [m.title, m.issuer, m.issuerShort, m.state, m.report, m.election, m.shortTitle, m.place]) if (u) yield { unit: u, role: 'meta' };
  if (doc.letterhead?.address) yield { unit: doc.letterhead.address, role: 'letterhead' };
  for (const ins of doc.instruments) {
    yield { unit: ins.name, role: 'instrument' };
    if (ins.short) yield { unit: ins.short, role: 'instrument' };
    if (ins.cited) yield { unit: ins.cited, role: 'instrument' };
  }
  for (const v of blockUnits(doc.opening)) yield v;
  for (const s of doc.sections) {
    if (s.heading) yield { unit: s.heading, role: 'heading', section: s };
    for (const v of blockUnits(s.intro)) yield { ...v, section: s };
    for (const i of s.items) yield* itemUnits(i, s);
    for (const g of s.groups) yield* groupUnits(g, s);
    for (const v of blockUnits(s.outro)) yield { ...v, section: s };
  }
  for (const v of blockUnits(doc.closing)) yield v;
  for (const a of doc.abbreviations) {
    yield { unit: a.short, role: 'abbreviation' };
    if (a.alias) yield { unit: a.alias, role: 'abbreviation' };
    yield { unit: a, role: 'abbreviation' };
  }
  if (doc.signature) {
    yield { unit: doc.signature.position, role: 'signature' };
    yield { unit: doc.signature.name, role: 'signature' };
  }
}

/** Every footnote of the document, in print order. */
export function documentFootnotes(doc: ResponseDocument): Footnote[] {
  return doc.sections.flatMap((s) => [...sectionItems(s)].flatMap((i) => i.footnotes));
}

/** Every item (and sub-item) of a section, depth first, in print order. */
export function* sectionItems(section: Section): Generator<Item> {
  function* fromItems(items: Item[]): Generator<Item> {
    for (const i of items) {
      yield i;
      yield* fromItems(i.subitems);
    }
  }
  function* fromGroups(groups: Group[]): Generator<Item> {
    for (const g of groups) {
      yield* fromItems(g.items);
      yield* fromGroups(g.groups);
    }
  }
  yield* fromItems(section.items);
  yield* fromGroups(section.groups);
}

export interface TranslatedVisit {
  lang: string;
  /** The translation, positioned in its translation file. */
  unit: TranslatedUnit;
  /** The source unit it translates. */
  source: UnitVisit;
}

/** Every translation of a unit the document has, language by language (sorted), in document order. */
export function* translatedUnits(doc: ResponseDocument): Generator<TranslatedVisit> {
  const sources = [...documentUnits(doc)];
  for (const lang of [...doc.translations.keys()].sort()) {
    const units = doc.translations.get(lang)!.units;
    for (const source of sources) {
      const unit = units.get(source.unit.id);
      if (unit) yield { lang, unit, source };
    }
  }
}
