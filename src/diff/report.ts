/**
 * Printing a document diff: as text for the terminal, as JSON for scripts,
 * and as a DOCX plan in which every edit is a Word tracked change, so a
 * reviewer reads the changes in Word. No I/O here.
 */
import { defaultStyle } from '../read/style.js';
import type { DocxPlan, PlanBlock, PlanParagraph, PlanRun } from '../render/docx/plan.js';
import { plainText } from '../model/inline.js';
import { formatWordDiff } from './word-diff.js';
import { changeCount, itemName, type DocumentDiff } from './document-diff.js';

export function diffToText(d: DocumentDiff, before: string, after: string): string {
  const lines: string[] = [`--- ${before}`, `+++ ${after}`];
  for (const v of d.verdicts) lines.push(`${itemName(v)}: verdict ${v.from ?? '(none)'} → ${v.to ?? '(none)'}`);
  for (const i of d.itemsAdded) lines.push(`${itemName(i)}: added (${i.id})`);
  for (const i of d.itemsRemoved) lines.push(`${itemName(i)}: removed (${i.id})`);
  for (const i of d.renumbered) lines.push(`${itemName(i)}: renumbered from ${i.from} (${i.id})`);
  for (const e of d.edited) lines.push(`${e.item ? `${itemName(e.item)}, ` : ''}${e.id}: edited\n    ${formatWordDiff(e.words)}`);
  for (const u of d.unitsAdded) lines.push(`${u.id}: added\n    {+${u.text}+}`);
  for (const u of d.unitsRemoved) lines.push(`${u.id}: removed\n    [-${u.text}-]`);
  for (const m of d.unitsMoved) lines.push(`${m.item ? `${itemName(m.item)}, ` : ''}${m.id}: moved, now ${m.after ? `after ${m.after}` : 'first'}`);
  for (const c of d.changed) lines.push(`${c.item ? `${itemName(c.item)}, ` : ''}${c.id}: ${c.what} ${c.from} → ${c.to}`);
  for (const s of d.madeStale) lines.push(`${s.lang}: ${s.ids.length} translation(s) made stale: ${s.ids.join(', ')}`);
  lines.push(`${changeCount(d)} change(s)`);
  return `${lines.join('\n')}\n`;
}

export function diffToJson(d: DocumentDiff, before: string, after: string): string {
  return `${JSON.stringify({ before, after, changes: changeCount(d), ...d }, null, 2)}\n`;
}

export function diffToDocxPlan(d: DocumentDiff, before: string, after: string, date: string): DocxPlan {
  const para = (style: string, runs: PlanRun[]): PlanParagraph => ({ type: 'paragraph', style, runs });
  const text = (t: string, extra: Partial<Extract<PlanRun, { type: 'text' }>> = {}): PlanRun => ({ type: 'text', text: t, ...extra });
  const body: PlanBlock[] = [para('Title', [text('Changes')]), para('Subtitle', [text(`${before} → ${after}`)])];
  const heading = (t: string) => body.push(para('Heading1', [text(t)]));
  if (d.verdicts.length) {
    heading('Verdicts');
    for (const v of d.verdicts) body.push(para('BodyText', [text(`${itemName(v)}: `, { bold: true }), text(v.from ?? '(none)', { change: 'delete' }), text(v.to ?? '(none)', { change: 'insert' })]));
  }
  if (d.itemsAdded.length + d.itemsRemoved.length + d.renumbered.length) {
    heading('Items');
    for (const i of d.itemsAdded) body.push(para('BodyText', [text(`${itemName(i)} (${i.id})`, { change: 'insert' })]));
    for (const i of d.itemsRemoved) body.push(para('BodyText', [text(`${itemName(i)} (${i.id})`, { change: 'delete' })]));
    for (const i of d.renumbered) body.push(para('BodyText', [text(`${i.id}: `, { bold: true }), text(i.from, { change: 'delete' }), text(i.label, { change: 'insert' })]));
  }
  if (d.edited.length + d.unitsAdded.length + d.unitsRemoved.length) {
    heading('Text');
    for (const e of d.edited) {
      body.push(para('BodyText', [text(`${e.item ? `${itemName(e.item)} — ` : ''}${e.id}`, { bold: true })]));
      body.push(para('Standpoint', e.words.map((w) => text(plainText(w.text), w.op === 'same' ? {} : { change: w.op }))));
    }
    for (const u of d.unitsAdded) body.push(para('Standpoint', [text(`${u.id}: `, { bold: true }), text(plainText(u.text), { change: 'insert' })]));
    for (const u of d.unitsRemoved) body.push(para('Standpoint', [text(`${u.id}: `, { bold: true }), text(plainText(u.text), { change: 'delete' })]));
  }
  if (d.unitsMoved.length + d.changed.length) {
    heading('Moved and changed');
    for (const m of d.unitsMoved) body.push(para('BodyText', [text(`${m.id}: `, { bold: true }), text(`moved, now ${m.after ? `after ${m.after}` : 'first'}`)]));
    for (const c of d.changed) body.push(para('BodyText', [text(`${c.id}, ${c.what}: `, { bold: true }), text(c.from, { change: 'delete' }), text(c.to, { change: 'insert' })]));
  }
  if (d.madeStale.length) {
    heading('Translations made stale');
    for (const s of d.madeStale) body.push(para('BodyText', [text(`${s.lang}: `, { bold: true }), text(s.ids.join(', '))]));
  }
  if (changeCount(d) === 0) body.push(para('BodyText', [text('No changes.')]));
  return {
    langTag: 'en-GB',
    meta: { title: `Changes: ${before} → ${after}`, creator: 'standpoint', subject: 'Change report', keywords: 'standpoint, changes', description: `${before} → ${after}` },
    date,
    body,
    footnotes: [],
    lists: [],
    pageLabel: '{{page}}',
    // A change report is a working paper: the shipped style, not the document's.
    style: defaultStyle(),
    images: {},
  };
}
