/**
 * The words a response is recognised by, per language, read from
 * locales/<lang>/import.json: verdict vocabulary (subjects, predicates,
 * negation, words to ignore), lead-in, commitment, section-heading, transition,
 * footnote and closing patterns. Owns loading and compiling them; knows no
 * input format.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../diag/diagnostic.js';

export const VERDICT_FEATURES = ['observation', 'recommendation', 'negation', 'reject', 'accept', 'partial', 'implemented', 'progress', 'study', 'further', 'ignore'] as const;
export type VerdictFeature = (typeof VERDICT_FEATURES)[number];

export interface Lexicon {
  lang: string;
  verdict: Record<VerdictFeature, string[]>;
  lead: RegExp[];
  commitment: RegExp;
  sections: { positive: RegExp; critical: RegExp; recommendations: RegExp };
  transition: { critical: RegExp };
  footnote: RegExp;
  closing: RegExp;
}

interface LexiconFile {
  verdict: Record<VerdictFeature, string[]>;
  lead: string[];
  commitment: string;
  sections: Record<'positive' | 'critical' | 'recommendations', string>;
  transition: { critical: string };
  footnote: string;
  closing: string;
}

const cache = new Map<string, Lexicon[]>();

/** Every language's lexicon in the locales folder (those that have an import.json). */
export function loadLexicons(localesDir: string): Lexicon[] {
  const hit = cache.get(localesDir);
  if (hit) return hit;
  const out: Lexicon[] = [];
  for (const lang of readdirSync(localesDir).filter((l) => /^[a-z]{2,3}$/.test(l)).sort()) {
    const file = join(localesDir, lang, 'import.json');
    let raw: LexiconFile;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8')) as LexiconFile;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw UserError.single({ file, line: 1, column: 1 }, 'locale-syntax', `the import lexicon is not valid JSON: ${(err as Error).message}`, undefined, 2);
    }
    const re = (s: string, flags = 'iu') => new RegExp(s, flags);
    out.push({
      lang,
      verdict: Object.fromEntries(VERDICT_FEATURES.map((f) => [f, (raw.verdict[f] ?? []).map((w) => w.toLowerCase().replace(/ё/g, 'е'))])) as Record<VerdictFeature, string[]>,
      lead: raw.lead.map((s) => re(s, 'u')),
      commitment: re(raw.commitment, 'su'),
      sections: { positive: re(raw.sections.positive), critical: re(raw.sections.critical), recommendations: re(raw.sections.recommendations) },
      transition: { critical: re(raw.transition.critical) },
      footnote: re(raw.footnote),
      closing: re(raw.closing, 'u'),
    });
  }
  cache.set(localesDir, out);
  return out;
}
