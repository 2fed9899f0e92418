/**
 * Which text a unit prints in a given language: the source text, a current
 * translation, or (in draft rendering only) the source marked as untranslated.
 * Owns the rule that a missing or stale translation never silently falls back.
 */
import type { ResponseDocument, Unit } from '../model/types.js';
import { sourceHash } from '../l10n/source-hash.js';

export type UnitState = 'source' | 'translated' | 'missing' | 'stale';

export interface ResolvedText {
  text: string;
  /** True when the source text stands in for a missing or stale translation. */
  untranslated: boolean;
}

export class TextSource {
  /** Units that had no current translation, in the order they were asked for. */
  readonly untranslated = new Map<string, { unit: Unit; state: UnitState }>();

  constructor(
    readonly doc: ResponseDocument,
    readonly lang: string,
  ) {}

  state(unit: Unit): UnitState {
    return unitState(this.doc, this.lang, unit);
  }

  resolve(unit: Unit): ResolvedText {
    if (this.lang === this.doc.lang) return { text: unit.text, untranslated: false };
    const t = this.doc.translations.get(this.lang)?.units.get(unit.id);
    const state = this.state(unit);
    if (t && state === 'translated') return { text: t.text, untranslated: false };
    if (!this.untranslated.has(unit.id)) this.untranslated.set(unit.id, { unit, state });
    return { text: unit.text, untranslated: true };
  }
}

export function unitState(doc: ResponseDocument, lang: string, unit: Unit): UnitState {
  if (lang === doc.lang) return 'source';
  const t = doc.translations.get(lang)?.units.get(unit.id);
  if (!t) return 'missing';
  if (t.unconfirmed) return 'stale';
  if (t.sourceHash !== undefined && t.sourceHash !== sourceHash(unit.text)) return 'stale';
  return 'translated';
}
