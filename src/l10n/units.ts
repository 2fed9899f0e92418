/**
 * Translation units of a document for one target language: each printed unit
 * with its source text, the current translation, its state and a context note
 * a translator can use. Owns the definition of new / translated / stale that
 * export, import, status and rendering share.
 */
import type { Position, ResponseDocument, TranslatedUnit } from '../model/types.js';
import { documentUnits, type UnitVisit } from '../model/walk.js';
import { unitState } from '../compose/text-source.js';
import { sourceHash } from './source-hash.js';

export type TranslationState = 'new' | 'translated' | 'stale';

export interface TranslationUnit {
  id: string;
  source: string;
  sourceHash: string;
  target?: TranslatedUnit;
  state: TranslationState;
  /** "Critical observation 4 — quoted finding (section 4, pages 4-5)". */
  context: string;
  /** The source's remark for translators (a doubt, a reference to check), if it has one. */
  note?: string;
  pos?: Position;
}

const ROLE_NAMES: Record<string, string> = {
  meta: 'document metadata',
  instrument: 'name of an international instrument',
  heading: 'heading',
  paragraph: 'paragraph',
  finding: 'quoted finding of the report',
  footnote: 'footnote',
  purpose: 'purpose clause of the commitment sentence',
  standpoint: 'standpoint paragraph',
  'list-item': 'list item',
  'table-cell': 'table cell',
  'table-header': 'table column heading',
  quotation: 'quotation',
  'verdict-note': 'note after the verdict',
  abbreviation: 'abbreviation list',
};

const SECTION_NAMES: Record<string, string> = { positive: 'Positive assessment', critical: 'Critical observation', recommendations: 'Recommendation' };

function contextOf(v: UnitVisit): string {
  const parts: string[] = [];
  if (v.item && v.section) {
    const label = v.item.number ?? (v.item.label ? `(${v.item.label})` : v.item.id);
    parts.push(`${SECTION_NAMES[v.section.kind]} ${label}`);
  } else if (v.section) parts.push(`Section ${v.section.id}`);
  parts.push(ROLE_NAMES[v.role] ?? v.role);
  let text = parts.join(' — ');
  const ref = v.role === 'finding' ? (v.unit as { ref?: { section?: string; page?: string; pages?: string } }).ref : undefined;
  if (ref) text += ` (section ${ref.section ?? '?'}, ${ref.pages ? `pages ${ref.pages}` : `page ${ref.page ?? '?'}`})`;
  return text;
}

export function translationUnits(doc: ResponseDocument, lang: string): TranslationUnit[] {
  const t = doc.translations.get(lang);
  const out: TranslationUnit[] = [];
  const seen = new Set<string>();
  for (const v of documentUnits(doc)) {
    if (seen.has(v.unit.id)) continue;
    seen.add(v.unit.id);
    const state = unitState(doc, lang, v.unit);
    const target = t?.units.get(v.unit.id);
    out.push({
      id: v.unit.id,
      source: v.unit.text,
      sourceHash: sourceHash(v.unit.text),
      ...(target ? { target } : {}),
      state: state === 'missing' ? 'new' : state === 'stale' ? 'stale' : 'translated',
      context: contextOf(v),
      ...(v.unit.note ? { note: v.unit.note } : {}),
      pos: v.unit.pos,
    });
  }
  return out;
}

export interface LanguageStatus {
  lang: string;
  total: number;
  translated: string[];
  missing: string[];
  stale: string[];
}

export function translationStatus(doc: ResponseDocument, lang: string): LanguageStatus {
  const units = translationUnits(doc, lang);
  return {
    lang,
    total: units.length,
    translated: units.filter((u) => u.state === 'translated').map((u) => u.id),
    missing: units.filter((u) => u.state === 'new').map((u) => u.id),
    stale: units.filter((u) => u.state === 'stale').map((u) => u.id),
  };
}
