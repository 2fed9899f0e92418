/**
 * The phrases a response is recognised by, in English, Russian and Kazakh:
 * standpoint lead-ins, verdict lines (built from the locales, so they always
 * match what standpoint prints), report references, section markers.
 */
import type { VerdictCode } from '../model/types.js';
import type { Locales } from '../compose/i18n.js';

export interface VerdictPattern {
  code: VerdictCode;
  kind: 'critical' | 'recommendations';
  phrase: string;
}

export function verdictPatterns(locales: Locales): VerdictPattern[] {
  const out: VerdictPattern[] = [];
  for (const lang of locales.langs) {
    const v = locales.resources(lang).verdict as Record<string, Record<string, string>> | undefined;
    for (const kind of ['critical', 'recommendations'] as const) {
      for (const [code, phrase] of Object.entries(v?.[kind] ?? {})) out.push({ code: code as VerdictCode, kind, phrase });
    }
  }
  // Longest first: "accepted in part" before "accepted".
  return out.sort((a, b) => b.phrase.length - a.phrase.length);
}

/** Matches a verdict line ("The critical observation is not accepted."), with an optional "; however …" note. */
export function matchVerdict(text: string, patterns: VerdictPattern[]): { code: VerdictCode; kind: string; note?: string } | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  for (const p of patterns) {
    const phrase = p.phrase.toLowerCase();
    const lower = t.toLowerCase();
    // The source sometimes writes "Recommendation" where the locale says "This recommendation" (and back).
    const variants = [phrase, phrase.replace(/^this recommendation/, 'recommendation'), phrase.replace(/^recommendation/, 'this recommendation')];
    for (const v of variants) {
      if (lower === `${v}.` || lower === v) return { code: p.code, kind: p.kind };
      if (lower.startsWith(`${v};`)) return { code: p.code, kind: p.kind, note: t.slice(v.length + 1).trim().replace(/\.$/, '') };
    }
  }
  return undefined;
}

export const LEAD_IN = /^(?:The\s+(\S+)\s+standpoint|Позиция\s+(\S+)|(\S+)\s+ұстанымы)\s*[.:]\s*/u;

/** "(section 4, pages 4-5)" and its Russian and Kazakh forms. */
export const REPORT_REF =
  /\s*\((?:section\s+([^,()]+?)|раздел\s+([^,()]+?)|([^,()]+?)[-\u2011]бөлім),\s*(?:(pages?)\s+([^()]+?)|стр\.\s*([^()]+?)|([^()]+?)[-\u2011](бет|беттер))\)([.;,:]?)/giu;

/** A REPORT_REF match -> the ref of the data format and the punctuation after it. */
export function reportRefOf(m: RegExpMatchArray): { ref: Record<string, string>; end: string } {
  // standpoint prints references with no-break spaces and hyphens (compose/typography.ts unbreakable).
  const value = (m[5] ?? m[6] ?? m[7] ?? '').trim().replace(/\u2011/g, '-');
  const many = m[4] === 'pages' || m[8] === 'беттер' || /[-–]/.test(value);
  return { ref: { section: (m[1] ?? m[2] ?? m[3] ?? '').trim().replace(/\u2011/g, '-'), [many ? 'pages' : 'page']: value }, end: m[9] ?? '' };
}

export const CLOSING_NOTE = /^(?:Примечание|Note|Ескертпе)\s*:\s*/u;

export const FOOTNOTE_MARK = /\((?:further in the footnote|далее в сноске|сілтемеде)\s*:\s*/iu;
