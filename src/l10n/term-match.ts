/**
 * Finding termbase terms in text. A term is words separated by spaces; a word
 * that contains "|" matches any word starting with the part before it (the
 * stem: "Копенгагенск|ий" matches "Копенгагенского"), as memoQ's termbases
 * write it; other words match whole. Terms written in capitals only
 * (abbreviations) match case-sensitively, all others ignore case. A word
 * boundary is anything but a letter or digit, so "ОСК-ның" holds "ОСК".
 */
import type { Concept, Termbase } from '../model/terms.js';
import { termText } from '../model/terms.js';

export interface TermHit {
  concept: Concept;
  term: string;
  start: number;
  end: number;
}

const cache = new Map<string, RegExp>();

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()[\]\\/]/g, '\\$&');
}

export function termPattern(term: string): RegExp {
  let re = cache.get(term);
  if (re) return re;
  const words = term.trim().split(/\s+/);
  const body = words
    .map((w) => {
      const bar = w.indexOf('|');
      return bar >= 0 ? `${escapeRegExp(w.slice(0, bar))}[\\p{L}\\p{M}]*` : escapeRegExp(w);
    })
    .join('[\\s\\u00A0]+');
  const caseless = /\p{Ll}/u.test(termText(term));
  re = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${body}(?![\\p{L}\\p{M}\\p{N}])`, caseless ? 'giu' : 'gu');
  cache.set(term, re);
  return re;
}

/** The first three letters of a term's first word, lower-cased: a text with no word starting so cannot match. */
const probes = new Map<string, string>();
function probeOf(term: string): string {
  let p = probes.get(term);
  if (p === undefined) {
    p = term.trim().split(/\s+/)[0]!.replace('|', '').slice(0, 3).toLowerCase();
    probes.set(term, p);
  }
  return p;
}

/** The beginnings of a text's words, for probing. */
export function wordStarts(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).map((w) => w.slice(0, 3)));
}

export function findTerm(text: string, term: string, starts: Set<string> = wordStarts(text)): { start: number; end: number }[] {
  if (!starts.has(probeOf(term))) return [];
  const re = termPattern(term);
  re.lastIndex = 0;
  const out: { start: number; end: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push({ start: m.index, end: m.index + m[0].length });
    if (m[0].length === 0) re.lastIndex++;
  }
  return out;
}

/** Approved terms of every concept found in a text of one language, longest first where they overlap. */
export function findConcepts(text: string, lang: string, termbase: Termbase | undefined, which: 'approved' | 'forbidden' = 'approved'): TermHit[] {
  if (!termbase) return [];
  const hits: TermHit[] = [];
  const starts = wordStarts(text);
  for (const concept of termbase.concepts) {
    const terms = concept.langs.get(lang)?.[which] ?? [];
    for (const term of terms) for (const r of findTerm(text, term, starts)) hits.push({ concept, term, ...r });
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: TermHit[] = [];
  for (const h of hits) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  return kept;
}

/** The text with every approved term replaced by its concept, so synonyms (ANSDP, OSDP) compare equal. */
export function conceptText(text: string, lang: string, termbase: Termbase | undefined): string {
  let out = '';
  let at = 0;
  for (const h of findConcepts(text, lang, termbase)) {
    out += `${text.slice(at, h.start)}⟦${h.concept.id}⟧`;
    at = h.end;
  }
  return out + text.slice(at);
}
