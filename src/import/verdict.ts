/**
 * Verdict recognition by meaning: a sentence is reduced to features (subject:
 * observation or recommendation; predicate: accepted, in part, implemented,
 * being implemented, further study; negation) from the lexicons of every
 * language, words to ignore (articles, demonstratives, auxiliaries) dropped.
 * The features decide the code; words the lexicon does not know lower the
 * confidence. A short sentence that names a subject or a predicate but cannot
 * be decided is "verdict-like": the caller warns about it with the closest
 * code instead of taking it silently as standpoint text.
 * Pure: no input format, no output.
 */
import type { VerdictCode } from '../model/types.js';
import { OBSERVATION_VERDICTS, RECOMMENDATION_VERDICTS } from '../model/types.js';
import type { Lexicon, VerdictFeature } from './lexicon.js';

export type VerdictKind = 'critical' | 'recommendations';

export interface VerdictReading {
  code?: VerdictCode;
  /** high: taken silently; low: taken with a warning; none: not a verdict. */
  confidence: 'high' | 'low' | 'none';
  /** The sentence reads like a verdict (for warnings when it is not understood). */
  verdictLike: boolean;
  /** The best code for a warning when `code` is absent or uncertain. */
  closest?: VerdictCode;
  /** Text after the verdict ("; however …"). */
  note?: string;
  /** What lowered the confidence, for the warning. */
  why?: string;
}

type Features = Record<VerdictFeature, number> & { unknown: string[]; tokens: number };

const PREFIX_MIN = 5;

function tokensOf(s: string): string[] {
  return (s.toLowerCase().replace(/ё/g, 'е').match(/[\p{L}]+(?:['’][\p{L}]+)?|\d+/gu) ?? []).map((t) => t.replace(/['’]s$/, ''));
}

function matches(token: string, entry: string): boolean {
  return entry.length >= PREFIX_MIN ? token.startsWith(entry) : token === entry;
}

export class VerdictClassifier {
  private readonly words: { feature: VerdictFeature; entry: string }[] = [];

  constructor(
    lexicons: Lexicon[],
    /** Locale phrases per code (every language), for the closest code of a sentence not understood. */
    private readonly phrases: { code: VerdictCode; kind: VerdictKind; phrase: string }[] = [],
  ) {
    for (const lx of lexicons) for (const [feature, entries] of Object.entries(lx.verdict) as [VerdictFeature, string[]][]) for (const entry of entries) this.words.push({ feature, entry });
  }

  features(sentence: string): Features {
    const f = { observation: 0, recommendation: 0, negation: 0, reject: 0, accept: 0, partial: 0, implemented: 0, progress: 0, study: 0, further: 0, ignore: 0, unknown: [] as string[], tokens: 0 };
    for (const t of tokensOf(sentence)) {
      f.tokens++;
      if (/^\d+$/.test(t)) {
        f.unknown.push(t);
        continue;
      }
      const hit = new Set<VerdictFeature>();
      for (const w of this.words) if (matches(t, w.entry)) hit.add(w.feature);
      if (hit.size === 0) f.unknown.push(t);
      for (const h of hit) f[h]++;
    }
    return f;
  }

  /**
   * Reads one sentence (or a whole short paragraph). `hint` is the kind of the
   * section the sentence stands in, used when the sentence names no subject.
   */
  classify(text: string, hint?: VerdictKind): VerdictReading {
    const trimmed = text.trim().replace(/\s+/g, ' ');
    const split = /^(.*?)(?:\s*;\s*|,\s+(?=(?:however|but|although|однако|но|алайда|бірақ)\b)|\s+(?=(?:однако|алайда|бірақ)\s))(.+)$/iu.exec(trimmed);
    const head = split ? split[1]! : trimmed;
    const note = split ? split[2]!.replace(/[.]$/, '').trim() : undefined;
    const f = this.features(head);
    const reading = this.decide(f, hint);
    if (note && reading.code && reading.confidence !== 'none') reading.note = note;
    if (!reading.code || reading.confidence === 'none') {
      reading.closest ??= this.closestPhrase(trimmed, hint);
    }
    return reading;
  }

  private decide(f: Features, hint?: VerdictKind): VerdictReading {
    const subject: VerdictKind | undefined = f.recommendation > 0 ? 'recommendations' : f.observation > 0 ? 'critical' : undefined;
    const kind = subject ?? hint;
    const neg = f.negation > 0 || f.reject > 0;
    const acc = f.accept > 0 || f.reject > 0;
    const predicate = acc || f.implemented > 0 || f.study > 0;
    const verdictLike = (subject !== undefined || (predicate && f.tokens <= 5)) && f.tokens <= 16 && f.unknown.length <= 5;
    const none = (why?: string): VerdictReading => ({ confidence: 'none', verdictLike: verdictLike && predicate, ...(why ? { why } : {}) });
    // "The critical observation is noted with regret.": a subject in a short sentence reads like a verdict.
    if (!predicate || !kind) return { ...none(kind ? 'no predicate' : 'no subject'), verdictLike: subject !== undefined && f.tokens <= 10 && f.unknown.length <= 3 };
    let code: VerdictCode | undefined;
    let uncertain: string | undefined;
    if (f.study > 0 && !neg && (f.further > 0 || !acc)) code = 'requires-further-study';
    else if (f.implemented > 0 && f.progress > 0 && !neg) code = 'being-implemented';
    else if (f.implemented > 0 && !neg && f.partial > 0) (code = 'being-implemented'), (uncertain = 'partly implemented');
    else if (f.implemented > 0 && !neg && !acc) code = 'implemented';
    else if (acc && neg) code = kind === 'critical' ? 'not-accepted' : 'cannot-be-accepted';
    else if (acc && f.partial > 0) code = 'accepted-in-part';
    else if (acc && !f.implemented) {
      if (kind === 'critical') code = 'accepted';
      else (code = 'being-implemented'), (uncertain = 'a recommendation has no verdict “accepted”');
    } else if (f.implemented > 0 && neg) (code = kind === 'critical' ? 'not-accepted' : 'cannot-be-accepted'), (uncertain = 'not implemented');
    if (!code) return { ...none('contradictory words'), closest: undefined };
    const allowed = kind === 'critical' ? OBSERVATION_VERDICTS : RECOMMENDATION_VERDICTS;
    if (!allowed.includes(code)) return { ...none(`${code} is not a verdict for ${kind === 'critical' ? 'a critical observation' : 'a recommendation'}`), verdictLike: subject !== undefined, closest: code };
    if (subject === undefined && f.tokens > 4) return { confidence: 'none', verdictLike, closest: code, why: 'no subject' };
    if (f.unknown.length === 0 && !uncertain) return { code, confidence: 'high', verdictLike: true };
    if (f.unknown.length <= 1) return { code, confidence: 'low', verdictLike: true, why: uncertain ?? `the word “${f.unknown[0]}” is not known` };
    return { confidence: 'none', verdictLike, closest: code, why: `unknown words: ${f.unknown.join(', ')}` };
  }

  /** The locale phrase sharing the most words (by their first five letters) with the sentence. */
  private closestPhrase(text: string, hint?: VerdictKind): VerdictCode | undefined {
    const stems = (s: string) => new Set(tokensOf(s).map((t) => t.slice(0, PREFIX_MIN)));
    const mine = stems(text);
    let best: VerdictCode | undefined;
    let score = 0;
    for (const p of this.phrases) {
      if (hint && p.kind !== hint) continue;
      const theirs = stems(p.phrase);
      let common = 0;
      for (const s of theirs) if (mine.has(s)) common++;
      const j = common / (mine.size + theirs.size - common || 1);
      if (j > score) (score = j), (best = p.code);
    }
    return best;
  }
}

/** Splits the last sentence off a paragraph ("… in practice. The observation is not accepted."). */
export function lastSentence(text: string): { before: string; last: string } | undefined {
  const cuts = [...text.matchAll(/[.!?»”"]\s+(?=[\p{Lu}])/gu)];
  if (!cuts.length) return undefined;
  const at = cuts[cuts.length - 1]!.index! + 1;
  return { before: text.slice(0, at).trim(), last: text.slice(at).trim() };
}
