/**
 * Finding termbase terms in text. A term is words separated by spaces; a word
 * that contains "|" matches any word starting with the part before it (the
 * stem: "Копенгагенск|ий" matches "Копенгагенского"), as memoQ's termbases
 * write it; other words match whole. Terms written in capitals only
 * (abbreviations) match case-sensitively, all others ignore case. A word
 * boundary is anything but a letter or digit, so "ОСК-ның" holds "ОСК".
 *
 * The definition is `termPattern`, one regular expression per term. Matching
 * with it costs a cold process about 20 ms per term (V8 compiles the Unicode
 * classes of the boundary look-arounds for each expression anew, on first
 * use), a second per language checked. `findTerm` gives the same matches with
 * cheap expressions: each word's literal part alone (compiled in microseconds),
 * the boundaries, stem endings and gaps tested with expressions compiled once
 * for all terms (test/unit/term-match.test.ts compares both on random text).
 */
import type { Concept, Termbase } from '../model/terms.js';
import { termText } from '../model/terms.js';
import { codePointAt, codePointBefore } from './code-points.js';

export interface TermHit {
  concept: Concept;
  term: string;
  start: number;
  end: number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()[\]\\/]/g, '\\$&');
}

const patterns = new Map<string, RegExp>();

const isCaseless = (term: string) => /\p{Ll}/u.test(termText(term));

/** The regular expression that defines where `term` matches (global; see the module comment). */
export function termPattern(term: string): RegExp {
  let re = patterns.get(term);
  if (re) return re;
  const words = term.trim().split(/\s+/);
  const body = words
    .map((w) => {
      const bar = w.indexOf('|');
      return bar >= 0 ? `${escapeRegExp(w.slice(0, bar))}[\\p{L}\\p{M}]*` : escapeRegExp(w);
    })
    .join('[\\s\\u00A0]+');
  re = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${body}(?![\\p{L}\\p{M}\\p{N}])`, isCaseless(term) ? 'giu' : 'gu');
  patterns.set(term, re);
  return re;
}

// Compiled once for every term: the classes of termPattern's boundaries, stem endings and gaps.
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;
const GAP = /[\s\u00A0]+/y;

/** Past the letters and marks starting at `at` (a stem's ending, `[\p{L}\p{M}]*`). */
function skipLetters(text: string, at: number): number {
  let i = at;
  for (let c = codePointAt(text, i); c && LETTER_OR_MARK.test(c); c = codePointAt(text, i)) i += c.length;
  return i;
}

interface CompiledTerm {
  /** The first word's literal part, searched for (global). */
  first: RegExp;
  firstStem: boolean;
  /** The other words: literal part (sticky) and whether a stem ending may follow. */
  rest: { literal: RegExp; stem: boolean }[];
  /** A word with no literal part (a term "|…") matches empty text: left to termPattern itself. */
  degenerate: boolean;
}

const compiled = new Map<string, CompiledTerm>();

function compile(term: string): CompiledTerm {
  let c = compiled.get(term);
  if (c) return c;
  const flags = isCaseless(term) ? 'iu' : 'u';
  const words = term
    .trim()
    .split(/\s+/)
    .map((w) => {
      const bar = w.indexOf('|');
      return bar >= 0 ? { literal: w.slice(0, bar), stem: true } : { literal: w, stem: false };
    });
  c = {
    first: new RegExp(escapeRegExp(words[0]!.literal), `g${flags}`),
    firstStem: words[0]!.stem,
    rest: words.slice(1).map((w) => ({ literal: new RegExp(escapeRegExp(w.literal), `y${flags}`), stem: w.stem })),
    degenerate: words.some((w) => w.literal === ''),
  };
  compiled.set(term, c);
  return c;
}

/** Where the term's match ends when it starts with its first word at `start`..`afterFirst`, or -1. */
function matchFrom(text: string, c: CompiledTerm, start: number, afterFirst: number): number {
  if (WORD_CHAR.test(codePointBefore(text, start))) return -1;
  let at = c.firstStem ? skipLetters(text, afterFirst) : afterFirst;
  for (const w of c.rest) {
    GAP.lastIndex = at;
    if (!GAP.test(text)) return -1;
    w.literal.lastIndex = GAP.lastIndex;
    const m = w.literal.exec(text);
    if (!m) return -1;
    at = m.index + m[0].length;
    if (w.stem) at = skipLetters(text, at);
  }
  return WORD_CHAR.test(codePointAt(text, at)) ? -1 : at;
}

/** Texts remembered (per termbase, and their word starts) before the memory starts again: watch keeps a process for hours. */
const MAX_REMEMBERED = 50_000;

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

/** Word starts of texts seen lately: a check probes the same text for several purposes. */
const startsOf = new Map<string, Set<string>>();

/** The beginnings of a text's words, for probing. */
export function wordStarts(text: string): Set<string> {
  let starts = startsOf.get(text);
  if (!starts) {
    starts = new Set((text.toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).map((w) => w.slice(0, 3)));
    if (startsOf.size >= MAX_REMEMBERED) startsOf.clear();
    startsOf.set(text, starts);
  }
  return starts;
}

/** A set of word starts that lets every probe through (the caller has probed already). */
const ALL_STARTS = { has: () => true } as unknown as Set<string>;

/** Every match of `term` in `text`, left to right, as termPattern finds them. */
export function findTerm(text: string, term: string, starts: Set<string> = wordStarts(text)): { start: number; end: number }[] {
  if (!starts.has(probeOf(term))) return [];
  const c = compile(term);
  const out: { start: number; end: number }[] = [];
  if (c.degenerate) {
    const re = termPattern(term);
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      out.push({ start: m.index, end: m.index + m[0].length });
      if (m[0].length === 0) re.lastIndex++;
    }
    return out;
  }
  const re = c.first;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = matchFrom(text, c, m.index, m.index + m[0].length);
    if (end >= 0) {
      out.push({ start: m.index, end });
      re.lastIndex = end;
    } else re.lastIndex = m.index + codePointAt(text, m.index).length;
  }
  return out;
}

/** The terms of one language of a termbase, in termbase order, and for each probe the positions of the terms it may start. */
interface TermIndex {
  terms: { concept: Concept; term: string }[];
  byProbe: Map<string, number[]>;
}

interface TermbaseMemo {
  indexes: Map<string, TermIndex>;
  /** Texts already searched: a check asks about the same text several times. */
  found: Map<string, TermHit[]>;
}

const memos = new WeakMap<Termbase, TermbaseMemo>();

function termIndex(memo: TermbaseMemo, termbase: Termbase, lang: string, which: 'approved' | 'forbidden'): TermIndex {
  const key = `${lang}\u0000${which}`;
  let index = memo.indexes.get(key);
  if (index) return index;
  index = { terms: [], byProbe: new Map() };
  for (const concept of termbase.concepts) {
    for (const term of concept.langs.get(lang)?.[which] ?? []) {
      const probe = probeOf(term);
      let list = index.byProbe.get(probe);
      if (!list) index.byProbe.set(probe, (list = []));
      list.push(index.terms.length);
      index.terms.push({ concept, term });
    }
  }
  memo.indexes.set(key, index);
  return index;
}

/** Approved terms of every concept found in a text of one language, longest first where they overlap. */
export function findConcepts(text: string, lang: string, termbase: Termbase | undefined, which: 'approved' | 'forbidden' = 'approved'): TermHit[] {
  if (!termbase) return [];
  let memo = memos.get(termbase);
  if (!memo) memos.set(termbase, (memo = { indexes: new Map(), found: new Map() }));
  const key = `${lang}\u0000${which}\u0000${text}`;
  const known = memo.found.get(key);
  if (known) return known;
  const index = termIndex(memo, termbase, lang, which);
  // Only terms whose probe starts a word of the text can match; they are tried in termbase order, as ties are kept by it.
  const candidates: number[] = [];
  for (const start of wordStarts(text)) {
    const list = index.byProbe.get(start);
    if (list) candidates.push(...list);
  }
  candidates.sort((a, b) => a - b);
  const hits: TermHit[] = [];
  for (const i of candidates) {
    const { concept, term } = index.terms[i]!;
    for (const r of findTerm(text, term, ALL_STARTS)) hits.push({ concept, term, ...r });
  }
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: TermHit[] = [];
  for (const h of hits) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  if (memo.found.size >= MAX_REMEMBERED) memo.found.clear();
  memo.found.set(key, kept);
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
