/**
 * Verdict statistics: how many critical observations were accepted, accepted
 * in part or not accepted, and how many recommendations are implemented, at
 * the stage of implementation, and so on — as the commission counts them
 * ("40 of 59 recommendations, 66 per cent"). Every answered item counts once;
 * a recommendation with sub-items counts by its sub-items. Pure.
 */
import { OBSERVATION_VERDICTS, RECOMMENDATION_VERDICTS, type ResponseDocument, type VerdictCode } from '../model/types.js';
import { sectionItems } from '../model/walk.js';

export interface VerdictCount {
  verdict: VerdictCode;
  count: number;
  /** Share of the group, 0–1. */
  share: number;
}

export interface GroupStats {
  total: number;
  counts: VerdictCount[];
}

export interface DocumentStats {
  id: string;
  observations: GroupStats;
  recommendations: GroupStats;
  positive: number;
}

function group(codes: readonly VerdictCode[], verdicts: VerdictCode[]): GroupStats {
  const total = verdicts.length;
  return {
    total,
    counts: codes.map((verdict) => {
      const count = verdicts.filter((v) => v === verdict).length;
      return { verdict, count, share: total ? count / total : 0 };
    }),
  };
}

export function documentStats(doc: ResponseDocument): DocumentStats {
  const observations: VerdictCode[] = [];
  const recommendations: VerdictCode[] = [];
  let positive = 0;
  for (const s of doc.sections) {
    for (const item of sectionItems(s)) {
      if (item.subitems.length) continue;
      if (s.kind === 'positive') positive++;
      else if (item.verdict) (s.kind === 'critical' ? observations : recommendations).push(item.verdict);
    }
  }
  return { id: doc.id, positive, observations: group(OBSERVATION_VERDICTS, observations), recommendations: group(RECOMMENDATION_VERDICTS, recommendations) };
}

export function totalStats(all: DocumentStats[]): DocumentStats {
  const sum = (pick: (d: DocumentStats) => GroupStats, codes: readonly VerdictCode[]): GroupStats => {
    const total = all.reduce((a, d) => a + pick(d).total, 0);
    return {
      total,
      counts: codes.map((verdict) => {
        const count = all.reduce((a, d) => a + (pick(d).counts.find((c) => c.verdict === verdict)?.count ?? 0), 0);
        return { verdict, count, share: total ? count / total : 0 };
      }),
    };
  };
  return {
    id: 'total',
    positive: all.reduce((a, d) => a + d.positive, 0),
    observations: sum((d) => d.observations, OBSERVATION_VERDICTS),
    recommendations: sum((d) => d.recommendations, RECOMMENDATION_VERDICTS),
  };
}

const NAMES: Record<VerdictCode, string> = {
  accepted: 'accepted',
  'accepted-in-part': 'accepted in part',
  'not-accepted': 'not accepted',
  implemented: 'implemented',
  'being-implemented': 'at the stage of implementation',
  'requires-further-study': 'requiring further study',
  'cannot-be-accepted': 'cannot be accepted',
};

export function statsToText(stats: DocumentStats[]): string {
  const lines: string[] = [];
  const block = (s: DocumentStats) => {
    lines.push(`${s.id}: ${s.positive} positive assessments, ${s.observations.total} critical observations, ${s.recommendations.total} recommendations`);
    for (const [label, g] of [['critical observations', s.observations], ['recommendations', s.recommendations]] as const) {
      for (const c of g.counts) lines.push(`  ${c.count} of ${g.total} ${label} ${NAMES[c.verdict]} (${Math.round(c.share * 100)} per cent)`);
    }
  };
  for (const s of stats) block(s);
  if (stats.length > 1) block(totalStats(stats));
  return `${lines.join('\n')}\n`;
}
