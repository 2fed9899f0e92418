/**
 * The termbase: concepts with their approved and forbidden terms per
 * language, shared by every document of a data folder. Plain data; reading it
 * is `read/terms.ts`, using it is `l10n/` (checks, TBX, XLIFF glossary).
 */
import type { Position } from './types.js';

export type Endings = 'back' | 'front';

export interface LanguageTerms {
  /** Approved terms, the preferred one first. "|" ends the stem of a word (the ending after it may vary): "Копенгагенск|ий документ|" matches "Копенгагенского документа". */
  approved: string[];
  /** Terms that must not be used for this concept in this language. */
  forbidden: string[];
  /** Kazakh: the vowels of case endings after this (abbreviated) term: ОСК-ның (back), СБМ-нің (front). */
  endings?: Endings;
  note?: string;
  pos?: Position;
}

export interface Concept {
  id: string;
  note?: string;
  langs: Map<string, LanguageTerms>;
  pos?: Position;
}

export interface Termbase {
  file: string;
  concepts: Concept[];
}

/** The citation form of a term: without the stem marks. */
export function termText(term: string): string {
  return term.replace(/\|/g, '');
}
