/**
 * The texts the text rules check: every source unit and every translation of
 * one, so a translation gets the same checks as the text it translates and is
 * reported at its own line in translations/<lang>.yaml. Owns only the listing.
 */
import type { Position, ResponseDocument } from '../model/types.js';
import { documentUnits, translatedUnits, type UnitVisit } from '../model/walk.js';
import { sourceHash } from '../l10n/source-hash.js';

export interface CheckedText {
  id: string;
  text: string;
  pos?: Position;
  /** How messages name it: ‘co-4.s1’, or the ru translation of ‘co-4.s1’. */
  what: string;
  /** The source unit, for a translation. */
  source?: UnitVisit;
  lang?: string;
  /** A translation made from the current source (one that is printed); always true for source text. */
  current: boolean;
}

export function* sourceTexts(doc: ResponseDocument): Generator<CheckedText> {
  for (const v of documentUnits(doc)) yield { id: v.unit.id, text: v.unit.text, pos: v.unit.pos, what: `‘${v.unit.id}’`, current: true };
}

export function* translationTexts(doc: ResponseDocument): Generator<CheckedText> {
  for (const t of translatedUnits(doc)) {
    const current = t.unit.sourceHash === undefined || t.unit.sourceHash === sourceHash(t.source.unit.text);
    yield { id: t.unit.id, text: t.unit.text, pos: t.unit.pos, what: `the ${t.lang} translation of ‘${t.unit.id}’`, source: t.source, lang: t.lang, current };
  }
}

export function* allTexts(doc: ResponseDocument): Generator<CheckedText> {
  yield* sourceTexts(doc);
  yield* translationTexts(doc);
}
