/**
 * Termbase entries for one translation unit, for the XLIFF Glossary module:
 * the concepts whose source-language terms the unit's text contains, with the
 * approved target terms and a definition that names the forbidden variants.
 */
import type { Termbase } from '../model/terms.js';
import { termText } from '../model/terms.js';
import { plainText } from '../model/inline.js';
import { findConcepts } from './term-match.js';
import type { GlossEntry } from './xliff.js';
import type { TranslationUnit } from './units.js';

export function glossaryFor(termbase: Termbase, srcLang: string, trgLang: string): (u: TranslationUnit) => GlossEntry[] {
  return (u) => {
    const text = plainText(u.source);
    const out: GlossEntry[] = [];
    const seen = new Set<string>();
    for (const h of findConcepts(text, srcLang, termbase)) {
      const target = h.concept.langs.get(trgLang);
      if (!target || target.approved.length === 0 || seen.has(h.concept.id)) continue;
      seen.add(h.concept.id);
      const parts = [h.concept.note, target.note, target.forbidden.length ? `Not: ${target.forbidden.map(termText).join(', ')}.` : undefined].filter(Boolean);
      out.push({ id: h.concept.id, term: text.slice(h.start, h.end), translations: target.approved.map(termText), ...(parts.length ? { definition: parts.join(' ') } : {}) });
    }
    return out;
  };
}
