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

/** Listed once per document: several rules walk them, and a translation's currency costs a hash. */
const listed = new WeakMap<ResponseDocument, { source: CheckedText[]; translations: CheckedText[] }>();

function texts(doc: ResponseDocument): { source: CheckedText[]; translations: CheckedText[] } {
  let l = listed.get(doc);
  if (!l) {
    const source = [...documentUnits(doc)].map((v): CheckedText => ({ id: v.unit.id, text: v.unit.text, pos: v.unit.pos, what: `‘${v.unit.id}’`, current: true }));
    const hashes = new Map<string, string>();
    const hashOf = (text: string) => hashes.get(text) ?? hashes.set(text, sourceHash(text)).get(text)!;
    const translations = [...translatedUnits(doc)].map((t): CheckedText => ({
      id: t.unit.id,
      text: t.unit.text,
      pos: t.unit.pos,
      what: `the ${t.lang} translation of ‘${t.unit.id}’`,
      source: t.source,
      lang: t.lang,
      // As the composer decides (compose/text-source.ts): unconfirmed or made from another source is stale.
      current: !t.unit.unconfirmed && (t.unit.sourceHash === undefined || t.unit.sourceHash === hashOf(t.source.unit.text)),
    }));
    l = { source, translations };
    listed.set(doc, l);
  }
  return l;
}

export function sourceTexts(doc: ResponseDocument): readonly CheckedText[] {
  return texts(doc).source;
}

export function translationTexts(doc: ResponseDocument): readonly CheckedText[] {
  return texts(doc).translations;
}

export function allTexts(doc: ResponseDocument): readonly CheckedText[] {
  const l = texts(doc);
  return [...l.source, ...l.translations];
}
