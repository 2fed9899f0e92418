/**
 * verdict-kind / missing-verdict: observations take observation verdicts,
 * recommendations take recommendation statuses, and every answered item has one.
 */
import type { Rule } from '../rule.js';
import { OBSERVATION_VERDICTS, RECOMMENDATION_VERDICTS, type Item, type SectionKind } from '../../model/types.js';
import { sectionItems } from '../../model/walk.js';
import { didYouMean } from '../../diag/suggest.js';

export const verdicts: Rule = {
  id: 'verdict-kind',
  description: 'verdict codes fit the section kind; answered items have a verdict',
  check(doc, diags) {
    for (const s of doc.sections) {
      const allowed = allowedVerdicts(s.kind);
      for (const item of sectionItems(s)) {
        if (item.verdict && !allowed.includes(item.verdict)) {
          diags.error(
            item.verdictPos ?? item.pos,
            'verdict-kind',
            `verdict ‘${item.verdict}’ does not apply to ${s.kind === 'critical' ? 'a critical observation' : s.kind === 'positive' ? 'a positive assessment' : 'a recommendation'}`,
            allowed.length ? (didYouMean(item.verdict, allowed) ?? `use one of: ${allowed.join(', ')}`) : 'positive assessments have commitments, not verdicts',
          );
        }
        if (s.kind !== 'positive' && needsVerdict(item) && !item.verdict) {
          diags.error(item.pos, 'missing-verdict', `item ${item.number ?? item.label ?? item.id} has a standpoint but no verdict`, `add verdict: one of ${allowed.join(', ')}`);
        }
      }
    }
  },
};

export function allowedVerdicts(kind: SectionKind): readonly string[] {
  return kind === 'critical' ? OBSERVATION_VERDICTS : kind === 'recommendations' ? RECOMMENDATION_VERDICTS : [];
}

function needsVerdict(item: Item): boolean {
  return item.subitems.length === 0;
}
