/**
 * The view model: the document model reshaped for templates (labels computed,
 * passages grouped into paragraphs, the standpoint's first block marked for
 * its lead-in). Plain data only; templates never see model internals.
 */
import type { Block, FindingQuote, Group, Item, ResponseDocument, Section, SectionKind, Unit } from '../model/types.js';

export interface BlockView {
  kind: Block['kind'];
  unit?: Unit;
  id?: string;
  marker?: string;
  items?: Unit[];
  columns?: Unit[];
  widths?: string;
  rows?: { id: string; cells: Unit[] }[];
  /** First block of a standpoint: carries the "The CEC standpoint." lead-in. */
  lead?: boolean;
  /** An image: its file (relative to the document folder), printed width ("80mm") and what it shows. */
  src?: string;
  width?: string;
  alt?: Unit;
}

export interface ItemView {
  id: string;
  /** "1.", "(a)", "4(a)." */
  label: string;
  kind: SectionKind;
  findingParagraphs: FindingQuote[][];
  hasFindings: boolean;
  commitments: Item['commitments'];
  purpose?: Unit;
  standpoint: BlockView[];
  verdict?: string;
  verdictNote?: Unit;
  subitems: ItemView[];
  isPositive: boolean;
}

export interface GroupView {
  id: string;
  label?: string;
  heading?: Unit;
  leadIn: FindingQuote[][];
  items: ItemView[];
  groups: GroupView[];
  level: number;
}

export interface SectionView {
  id: string;
  kind: SectionKind;
  heading?: Unit;
  intro: BlockView[];
  items: ItemView[];
  groups: GroupView[];
  outro: BlockView[];
}

export interface DocumentView {
  id: string;
  lang: string;
  meta: ResponseDocument['meta'];
  opening: BlockView[];
  sections: SectionView[];
  closing: BlockView[];
  abbreviations: AbbreviationView[];
  /** The first page's letterhead: the logo's file and the issuer's address (the issuer's name is meta.issuer). */
  letterhead?: { logo?: string; address?: Unit };
  /** The signature block: position, name and the scanned signature's file. */
  signature?: { position: Unit; name: Unit; image?: string };
  /** Verdict statistics, present when the annex was asked for (render --annex stats). */
  annexStats?: {
    observations: { total: string; rows: { label: string; count: string; share: string }[] };
    recommendations: { total: string; rows: { label: string; count: string; share: string }[] };
  };
}

/** An abbreviation with its alias printed only where the language writes the two differently (ANSDP, OSDP; but ОСДП once). */
export type AbbreviationView = ResponseDocument['abbreviations'][number] & { showAlias: boolean };

export function blockView(b: Block): BlockView {
  switch (b.kind) {
    case 'paragraph':
    case 'quotation':
      return { kind: b.kind, unit: b.unit, id: b.unit.id };
    case 'list':
      return { kind: 'list', id: b.id, marker: b.style, items: b.items };
    case 'table':
      return { kind: 'table', id: b.id, columns: b.columns, widths: b.columns.map((c) => c.width).join(','), rows: b.rows };
    case 'image':
      return { kind: 'image', id: b.id, src: b.src, ...(b.widthMm !== undefined ? { width: `${b.widthMm}mm` } : {}), alt: b.alt };
  }
}

/** Passages run on in one paragraph unless one asks for a new paragraph. */
export function findingParagraphs(findings: FindingQuote[]): FindingQuote[][] {
  const out: FindingQuote[][] = [];
  for (const f of findings) {
    if (out.length === 0 || f.newParagraph) out.push([f]);
    else out[out.length - 1]!.push(f);
  }
  return out;
}

/** How a language writes a sub-item's label: "(a)" after a shared lead-in, "4(a)." standing alone. */
export type LabelFormat = (form: 'subitem' | 'numbered' | 'group', number: string, letter: string) => string;

const DEFAULT_LABELS: LabelFormat = (form, number, letter) => (form === 'group' ? letter : form === 'subitem' ? `(${letter})` : `${number}(${letter}).`);

let labelFormat: LabelFormat = DEFAULT_LABELS;

function itemView(item: Item, kind: SectionKind, parent?: Item): ItemView {
  const standpoint = item.standpoint.map(blockView);
  if (standpoint[0] && kind !== 'positive') standpoint[0].lead = true;
  let label: string;
  if (item.label !== undefined && parent) {
    label = parent.findings.length > 0 ? labelFormat('subitem', '', item.label) : labelFormat('numbered', parent.number ?? '', item.label);
  } else {
    label = item.number !== undefined ? `${item.number}.` : '';
  }
  return {
    id: item.id,
    label,
    kind,
    findingParagraphs: findingParagraphs(item.findings),
    hasFindings: item.findings.length > 0,
    commitments: item.commitments,
    purpose: item.purpose,
    standpoint,
    verdict: item.verdict,
    verdictNote: item.verdictNote,
    subitems: item.subitems.map((s) => itemView(s, kind, item)),
    isPositive: kind === 'positive',
  };
}

function groupView(g: Group, kind: SectionKind, level: number): GroupView {
  return {
    id: g.id,
    ...(g.label !== undefined ? { label: labelFormat('group', '', g.label) } : {}),
    heading: g.heading,
    leadIn: findingParagraphs(g.leadIn),
    items: g.items.map((i) => itemView(i, kind)),
    groups: g.groups.map((sub) => groupView(sub, kind, level + 1)),
    level,
  };
}

function sectionView(s: Section): SectionView {
  return {
    id: s.id,
    kind: s.kind,
    heading: s.heading,
    intro: s.intro.map(blockView),
    items: s.items.map((i) => itemView(i, s.kind)),
    groups: s.groups.map((g) => groupView(g, s.kind, 2)),
    outro: s.outro.map(blockView),
  };
}

/** `sortKey` gives the printed form of a unit, so abbreviations are listed in the render language's order. */
export function documentView(doc: ResponseDocument, sortKey?: (u: Unit) => string, collator?: Intl.Collator, labels: LabelFormat = DEFAULT_LABELS): DocumentView {
  // The view is built synchronously in one call; the format only lives for its duration.
  labelFormat = labels;
  try {
    return buildView(doc, sortKey, collator);
  } finally {
    labelFormat = DEFAULT_LABELS;
  }
}

function buildView(doc: ResponseDocument, sortKey?: (u: Unit) => string, collator?: Intl.Collator): DocumentView {
  return {
    id: doc.id,
    lang: doc.lang,
    meta: doc.meta,
    opening: doc.opening.map(blockView),
    sections: doc.sections.map(sectionView),
    closing: doc.closing.map(blockView),
    ...(doc.letterhead ? { letterhead: { ...(doc.letterhead.logo ? { logo: doc.letterhead.logo.src } : {}), ...(doc.letterhead.address ? { address: doc.letterhead.address } : {}) } } : {}),
    ...(doc.signature ? { signature: { position: doc.signature.position, name: doc.signature.name, ...(doc.signature.image ? { image: doc.signature.image.src } : {}) } } : {}),
    abbreviations: (sortKey && collator ? [...doc.abbreviations].sort((a, b) => collator.compare(sortKey(a.short), sortKey(b.short))) : doc.abbreviations).map((a) => ({
      ...a,
      showAlias: a.alias !== undefined && (sortKey ? sortKey(a.alias) : a.alias.text) !== (sortKey ? sortKey(a.short) : a.short.text),
    })),
  };
}
