/**
 * unknown-instrument / missing-commitments / table-shape / empty-text:
 * references inside the document resolve and structures are complete.
 */
import type { Rule } from '../rule.js';
import type { Block } from '../../model/types.js';
import { sectionItems } from '../../model/walk.js';
import { allTexts } from '../texts.js';
import { didYouMean } from '../../diag/suggest.js';

export const references: Rule = {
  id: 'unknown-instrument',
  description: 'commitments name declared instruments; tables are rectangular; texts are not empty',
  check(doc, diags) {
    const instruments = new Set(doc.instruments.map((i) => i.id));
    for (const s of doc.sections) {
      for (const item of sectionItems(s)) {
        for (const c of item.commitments) {
          if (!instruments.has(c.instrument)) {
            diags.error(c.pos, 'unknown-instrument', `unknown instrument ‘${c.instrument}’`, didYouMean(c.instrument, instruments) ?? 'declare it under instruments: in document.yaml');
          }
        }
        if (s.kind === 'positive' && item.commitments.length === 0 && item.subitems.length === 0) {
          diags.warning(item.pos, 'missing-commitments', `positive assessment ${item.number ?? item.id} names no commitments`, 'add commitments: [{instrument: …, paragraphs: […]}]');
        }
        if (s.kind !== 'positive' && item.commitments.length > 0) {
          diags.warning(item.commitments[0]!.pos, 'unused-commitments', `commitments are printed only for positive assessments; item ${item.number ?? item.id} is in a ${s.kind} section`);
        }
        tables(item.standpoint);
      }
      tables(s.intro);
      tables(s.outro);
    }
    function tables(blocks: Block[]) {
      for (const b of blocks) {
        if (b.kind !== 'table') continue;
        for (const r of b.rows) {
          if (r.cells.length !== b.columns.length) {
            diags.error(r.pos, 'table-shape', `row ${r.id} has ${r.cells.length} cells but the table has ${b.columns.length} columns`, 'use "" for an empty cell');
          }
        }
      }
    }
    for (const v of allTexts(doc)) {
      // A stale translation is not printed; an empty one is simply not translated yet.
      if (v.text.trim() === '' && v.current) diags.error(v.pos, 'empty-text', `${v.what} has no text`, v.lang ? 'write the translation, or remove the entry (the unit is then missing, not blank)' : 'write the text, or remove the entry');
    }
  },
};
