/**
 * The recogniser: any paragraph stream (text, any DOCX) -> document data, by
 * content. Finds the opening; items by their numbers (alone on a line, inline
 * "1. Efforts …", or rendered from automatic numbering) and sub-items ("(a)",
 * "4 (b).", Kazakh "(ә)"); quoted findings by italics and/or their "(section
 * N, page M)" references; sections by headings and transition sentences;
 * lead-ins ("The CEC standpoint.", "Позиция ЦИК:", "ОСК ұстанымы."); the
 * commitment sentences of positive assessments in en/ru/kk; verdicts by
 * meaning (verdict.ts); numbered lists, tables, footnotes and the closing note.
 *
 * Nothing is dropped silently: text it cannot place stays in the nearest item
 * and is reported; a new item number starts a new item even when the previous
 * one has no verdict (reported); a second verdict is reported and kept as
 * text; a sentence that reads like a verdict but is not understood is
 * reported with the closest code. The result carries counts per kind, what the
 * numbering implies, and the verdict table.
 * Produces plain YAML-shaped data; writing and validating are the caller's.
 */
import type { Locales } from '../compose/i18n.js';
import type { VerdictCode } from '../model/types.js';
import { IdPool, slugOf, transliterate } from './ids.js';
import { loadLexicons, type Lexicon } from './lexicon.js';
import { REPORT_REF, reportRefOf } from './patterns.js';
import { instrumentsData, parseCommitments, parseCommitmentsKk, parseCommitmentsRu, type Instrument } from './commitments.js';
import { italicShare, plain, replaceRange, slice, toInline, trimSpans, type ParagraphStream, type Span, type StreamParagraph } from './stream.js';
import { VerdictClassifier, lastSentence, type VerdictKind } from './verdict.js';

type Obj = Record<string, unknown>;

export interface ImportWarning {
  /** Line (text) or paragraph number (DOCX). */
  line: number;
  message: string;
}

export interface ImportCounts {
  items: number;
  findings: number;
  footnotes: number;
  verdicts: number;
  commitments: number;
  paragraphs: number;
}

export interface KindReport {
  kind: 'positive' | 'critical' | 'recommendations';
  /** Top-level numbers found, in order. */
  numbers: number[];
  items: number;
  subitems: number;
  verdicts: number;
  commitments: number;
  /** Numbers missing from the run 1…max (or first…max). */
  missing: number[];
  duplicates: number[];
}

export interface VerdictRow {
  item: string;
  kind: string;
  verdict?: VerdictCode;
  at?: number;
}

export interface ImportReport {
  unit: 'line' | 'paragraph';
  kinds: KindReport[];
  verdicts: VerdictRow[];
}

export interface ImportedDocument {
  document: Obj;
  sections: { file: string; data: Obj }[];
  warnings: ImportWarning[];
  counts: ImportCounts;
  report?: ImportReport;
  /**
   * DOCX only: the text the templates and locales printed around the data
   * (lead-ins, verdict lines, item numbers, commitment sentences …) with its
   * place, as read. Not data; `import --update` compares it to tell edits the
   * data cannot hold.
   */
  printed?: PrintedText[];
  /** DOCX only: the pictures of the data (a logo, a signature, figures), as files for the document folder. */
  media?: { file: string; data: Uint8Array }[];
}

/** Text printed by the templates around the data, where it stands (an item or section id) and what it is. */
export interface PrintedText {
  at: string;
  what: 'lead-in' | 'verdict line' | 'number' | 'commitment sentence' | 'heading' | 'label';
  text: string;
}

export interface RecogniseOptions {
  id: string;
  /** The language the response is written in; detected from the text when absent. */
  lang?: string;
  locales: Locales;
  localesDir: string;
  /** The input's file name without its extension: the title when the input has none. */
  name: string;
}

type SectionName = 'opening' | 'positive' | 'critical' | 'recommendations' | 'closing';

interface ItemMatch {
  num?: number;
  sub?: string;
  /** Offset in the plain text where the item's own text starts. */
  rest: number;
}

const SUB_LETTER = '[a-zа-яәғқңөұүһі]';
const ITEM_RE = new RegExp(`^(\\d{1,3})\\s*(?:\\((${SUB_LETTER})\\)\\s*\\.?|\\.)(?:\\s+|$)`, 'u');
const SUB_RE = new RegExp(`^\\((${SUB_LETTER})\\)\\s+(?=\\S)`, 'u');
const GROUP_RE = /^([АAБBВCЕE])\.\s+(\S.*)$/u;
const LIST_RE = /^(\d{1,2})([).])\s+(?=\S)/;

/** The language of a text by its letters: Kazakh letters, else Cyrillic, else English. */
export function detectLanguage(text: string): string {
  const sample = text.slice(0, 200_000);
  const cyr = (sample.match(/[а-яё]/giu) ?? []).length;
  const lat = (sample.match(/[a-z]/gi) ?? []).length;
  const kk = (sample.match(/[әғқңөұүһі]/giu) ?? []).length;
  if (cyr > lat) return kk > cyr * 0.01 ? 'kk' : 'ru';
  return 'en';
}

function itemMatch(t: string): ItemMatch | undefined {
  const m = ITEM_RE.exec(t);
  if (m) return { num: Number(m[1]), ...(m[2] ? { sub: m[2] } : {}), rest: m[0].length };
  const s = SUB_RE.exec(t);
  if (s) return { sub: s[1]!, rest: s[0].length };
  return undefined;
}

/**
 * A label letter as the data keeps it. Rendering prints a Latin label letter in
 * the language's own letters by its place (`label.letters` of the locale: "c" is
 * "в" in Russian), so a letter found in that list is kept as the Latin letter of
 * its place, and prints back as it was written; one that is not (Kazakh "ә")
 * stays as written.
 */
export function dataLetter(letter: string, localLetters: string[]): string {
  const lower = letter.toLowerCase();
  const i = localLetters.indexOf(lower);
  if (i < 0 || i >= 26) return letter;
  const latin = 'abcdefghijklmnopqrstuvwxyz'[i]!;
  return letter === lower ? latin : latin.toUpperCase();
}

export function recognise(stream: ParagraphStream, o: RecogniseOptions): ImportedDocument {
  const all = stream.paragraphs.map((p) => p.spans.map((s) => s.text).join('')).join('\n');
  const lang = o.lang ?? detectLanguage(all);
  const localLetters = o.locales.langs.includes(lang) ? [...String(o.locales.t(lang)('label.letters', { defaultValue: '' }))] : [];
  const lexicons = loadLexicons(o.localesDir);
  const phrases: { code: VerdictCode; kind: VerdictKind; phrase: string }[] = [];
  for (const l of o.locales.langs) {
    const v = o.locales.resources(l).verdict as Record<VerdictKind, Record<string, string>> | undefined;
    for (const kind of ['critical', 'recommendations'] as const) for (const [code, phrase] of Object.entries(v?.[kind] ?? {})) phrases.push({ code: code as VerdictCode, kind, phrase });
  }
  const classifier = new VerdictClassifier(lexicons, phrases);
  const footnoteRe = new RegExp(lexicons.map((l) => l.footnote.source).join('|'), 'iu');
  const closingRe = new RegExp(lexicons.map((l) => l.closing.source).join('|'), 'u');
  const leadRes = lexicons.flatMap((l) => l.lead);
  const warnings: ImportWarning[] = [];
  const warn = (at: number, message: string) => warnings.push({ line: at, message });
  const counts: ImportCounts = { items: 0, findings: 0, footnotes: 0, verdicts: 0, commitments: 0, paragraphs: 0 };
  const ids = new IdPool();
  const instruments: Instrument[] = [];
  const opening: Obj[] = [];
  const closing: Obj[] = [];
  const positive: Obj = { id: 'positive', kind: 'positive', items: [] as Obj[] };
  const critical: Obj = { id: 'critical', kind: 'critical', intro: [] as Obj[], items: [] as Obj[] };
  const recs: Obj = { id: 'recommendations', kind: 'recommendations', intro: [] as Obj[], groups: [] as Obj[] };
  for (const s of ['positive', 'critical', 'recommendations']) ids.claim(s, s);
  let title: string | undefined = stream.title?.trim() || undefined;
  let section = 'opening' as SectionName;
  let item: Obj | undefined;
  let parent: Obj | undefined;
  let phase = 'finding' as 'finding' | 'standpoint' | 'done';
  /** Paragraphs of the current item's finding, converted when the finding ends. */
  let rawFinding: { spans: Span[]; at: number }[] = [];
  let group: Obj | undefined;
  let theme: Obj | undefined;
  let issuerShort: string | undefined;
  let state: string | undefined;
  const itemAt = new Map<Obj, number>();
  const itemKind = new Map<Obj, SectionName>();
  const verdictAt = new Map<Obj, number>();
  const warnedNoVerdict = new Set<Obj>();
  const lastNumber: Record<string, number> = { positive: 0, critical: 0, recommendations: 0 };
  const counters = new Map<string, { q: number; s: number; fn: number }>();
  const counterOf = (id: string) => {
    let c = counters.get(id);
    if (!c) counters.set(id, (c = { q: 0, s: 0, fn: 0 }));
    return c;
  };

  /** Spans -> inline text; footnote bodies go to the owner item (or the document's opening owner). */
  const inlineOf = (owner: Obj | undefined, spans: Span[], mode: 'finding' | 'text'): string =>
    toInline(trimSpans(spans), mode, stream.italics, (body) => {
      if (!owner) return 'fn';
      const c = counterOf(owner.id as string);
      const id = `${owner.id as string}.fn${++c.fn}`;
      ((owner.footnotes ??= []) as Obj[]).push({ id, text: toInline(trimSpans(body), 'text', stream.italics, () => 'fn') });
      counts.footnotes++;
      return id;
    });
  /** Text outside items has nowhere to keep a footnote: its body is put back in brackets. */
  const inlineLoose = (spans: Span[]): string => toInline(trimSpans(spans.flatMap((s) => (s.note ? [{ text: ` (${plain(s.note).trim()})` }] : [s]))), 'text', stream.italics, () => 'fn');

  /** "(further in the footnote: …)" in text -> a footnote mark with its body. */
  const extractTextFootnotes = (spans: Span[]): Span[] => {
    let out = spans;
    for (let guard = 0; guard < 50; guard++) {
      const t = plain(out);
      const m = footnoteRe.exec(t);
      if (!m) return out;
      let depth = 1;
      let j = m.index + m[0].length;
      for (; j < t.length && depth > 0; j++) {
        if (t[j] === '(') depth++;
        else if (t[j] === ')') depth--;
      }
      let bodyFrom = m.index + m[0].length;
      // A stray footnote number of the original report ("35 This was …").
      const num = /^\d+\s+(?=\p{Lu})/u.exec(t.slice(bodyFrom));
      if (num) bodyFrom += num[0].length;
      const body = trimSpans(slice(out, bodyFrom, depth === 0 ? j - 1 : j));
      let from = m.index;
      while (from > 0 && /\s/.test(t[from - 1]!)) from--;
      out = replaceRange(out, from, j, [{ text: '', note: body }]);
    }
    return out;
  };

  const addFinding = (it: Obj, spans: Span[], newParagraph: boolean) => {
    const t = plain(spans);
    const counter = counterOf(it.id as string);
    const list = (it.findings ??= []) as Obj[];
    let last = 0;
    let first = true;
    const push = (p: Obj) => {
      if (first && newParagraph && list.length > 0) p.newParagraph = true;
      first = false;
      list.push(p);
      counts.findings++;
    };
    REPORT_REF.lastIndex = 0;
    for (const m of t.matchAll(REPORT_REF)) {
      const before = slice(spans, last, m.index);
      const { ref, end } = reportRefOf(m);
      const text = inlineOf(it, before, 'finding');
      if (text) {
        const p: Obj = { id: `${it.id as string}.q${++counter.q}`, text, ref };
        if (end !== '.') p.end = end;
        push(p);
      }
      last = (m.index ?? 0) + m[0].length;
    }
    const tail = trimSpans(slice(spans, last));
    if (plain(tail).trim() || tail.some((s) => s.note)) push({ id: `${it.id as string}.q${++counter.q}`, text: inlineOf(it, tail, 'finding') });
  };

  const addStandpoint = (it: Obj, spans: Span[]) => {
    const c = counterOf(it.id as string);
    const blocks = (it.standpoint ??= []) as Obj[];
    const t = plain(spans);
    const listM = LIST_RE.exec(t);
    const last = blocks[blocks.length - 1];
    const lst = last?.list as Obj | undefined;
    if (listM && (listM[1] === '1' || lst)) {
      const style = `1${listM[2]}`;
      const text = inlineOf(it, slice(spans, listM[0].length), 'text');
      if (lst && lst.style === style && listM[1] !== '1') {
        const items = lst.items as Obj[];
        items.push({ id: `${last!.id as string}.i${items.length + 1}`, text });
        return;
      }
      if (listM[1] === '1') {
        const id = `${it.id as string}.s${++c.s}`;
        blocks.push({ id, list: { style, items: [{ id: `${id}.i1`, text }] } });
        return;
      }
    }
    const text = inlineOf(it, spans, 'text');
    if (!text) return;
    blocks.push({ id: `${it.id as string}.s${++c.s}`, text });
    counts.paragraphs++;
  };

  const openList = (): { style: string; next: number } | undefined => {
    const blocks = (item?.standpoint as Obj[] | undefined) ?? [];
    const lst = blocks[blocks.length - 1]?.list as Obj | undefined;
    return lst ? { style: lst.style as string, next: (lst.items as Obj[]).length + 1 } : undefined;
  };

  /** The finding ends: its paragraphs become passages; with no lead-in, those after the last reference are the standpoint. */
  const endFinding = (reason: 'lead' | 'close' | 'implicit' | 'verdict') => {
    if (!item) return;
    let finding = rawFinding;
    let rest: typeof rawFinding = [];
    if (reason === 'close' && section !== 'positive' && rawFinding.length > 1) {
      REPORT_REF.lastIndex = 0;
      const lastRef = rawFinding.map((r) => new RegExp(REPORT_REF.source, 'iu').test(plain(r.spans))).lastIndexOf(true);
      const cut = Math.max(lastRef, 0) + 1;
      finding = rawFinding.slice(0, cut);
      rest = rawFinding.slice(cut);
      if (rest.length) warn(rest[0]!.at, `item ${String(item.id)} has no lead-in (“The CEC standpoint.”): the paragraphs after its quoted finding are taken as its standpoint`);
    }
    finding.forEach((r, k) => addFinding(item!, r.spans, k > 0));
    for (const r of rest) addStandpoint(item, r.spans);
    rawFinding = [];
  };

  const closeItem = () => {
    if (item && phase === 'finding') endFinding('close');
    item = undefined;
  };

  const sectionItems = (): Obj[] => {
    if (section === 'positive') return positive.items as Obj[];
    if (section === 'critical') return critical.items as Obj[];
    if (!theme && !group) {
      group = { id: ids.claim('rec-a', 'rec-a'), items: [] };
      (recs.groups as Obj[]).push(group);
    }
    return ((theme ?? group)!.items ??= []) as Obj[];
  };

  const newItem = (wanted: string, at: number, number?: string, label?: string): Obj => {
    counts.items++;
    phase = 'finding';
    rawFinding = [];
    const it: Obj = { id: ids.claim(wanted, `${wanted.split('-')[0]}-${counts.items}`), ...(number !== undefined ? { number } : {}), ...(label !== undefined ? { label } : {}) };
    itemAt.set(it, at);
    itemKind.set(it, section);
    return it;
  };

  const setSection = (s: SectionName) => {
    closeItem();
    parent = undefined;
    if (s !== 'recommendations') group = theme = undefined;
    section = s;
  };

  /** Renames an item's ids in place (and the footnote marks in its texts). */
  const renameIds = (node: unknown, from: string, to: string): void => {
    if (Array.isArray(node)) node.forEach((n) => renameIds(n, from, to));
    else if (node && typeof node === 'object') {
      const o = node as Obj;
      for (const [k, v] of Object.entries(o)) {
        if (typeof v === 'string') {
          if (k === 'id' && (v === from || v.startsWith(`${from}.`))) o[k] = to + v.slice(from.length);
          else if (v.includes(`[^${from}.`)) o[k] = v.split(`[^${from}.`).join(`[^${to}.`);
        } else renameIds(v, from, to);
      }
    }
  };
  /**
   * The first numbered items were taken for positive assessments; a lead-in or
   * a verdict shows they are critical observations: they move, renamed.
   */
  const promoteToCritical = (at: number) => {
    const moved = positive.items as Obj[];
    for (const it of moved) {
      const from = String(it.id);
      const to = ids.claim(from.replace(/^pa-/, 'co-'), `co-${counts.items}`);
      const c = counters.get(from);
      if (c) counters.set(to, c);
      renameIds(it, from, to);
      itemKind.set(it, 'critical');
    }
    (critical.items as Obj[]).push(...moved);
    positive.items = [];
    lastNumber.critical = lastNumber.positive!;
    lastNumber.positive = 0;
    section = 'critical';
    warn(at, 'the numbered items have lead-ins or verdicts, not commitment sentences: they are taken as critical observations');
  };

  const verdictKind = (): VerdictKind => (section === 'recommendations' ? 'recommendations' : 'critical');

  const takeVerdict = (it: Obj, code: VerdictCode, note: string | undefined, at: number, sentence: string) => {
    if (it.verdict) {
      warn(at, `item ${String(it.id)} has a second verdict “${sentence}” (${code}); the first (${String(it.verdict)}, ${stream.unit} ${verdictAt.get(it) ?? '?'}) is kept and this one stays as a paragraph`);
      return false;
    }
    it.verdict = code;
    verdictAt.set(it, at);
    if (note) it.verdictNote = { id: `${it.id as string}.vn`, text: note };
    counts.verdicts++;
    return true;
  };

  /** Tries a paragraph (or its last sentence) as the verdict of the current item. Returns true when it was one. */
  const tryVerdict = (p: StreamParagraph, spans: Span[], allowLow: boolean): boolean => {
    if (!item || section === 'opening') return false;
    const t = plain(spans).trim();
    if (t.length > 400) return false;
    if (section === 'positive') {
      // Positive assessments have no verdict: one here shows the items are critical observations.
      if (item.commitments || (positive.items as Obj[]).some((i) => i.commitments)) return false;
      const r0 = classifier.classify(t, 'critical');
      if (!(r0.code && r0.confidence === 'high')) return false;
      promoteToCritical(p.at);
    }
    const r = classifier.classify(t, verdictKind());
    if (r.code && (r.confidence === 'high' || (r.confidence === 'low' && allowLow))) {
      if (phase === 'finding') endFinding('verdict');
      if (!takeVerdict(item, r.code, r.note, p.at, t)) {
        addStandpoint(item, spans);
        return true;
      }
      if (r.confidence === 'low') warn(p.at, `“${t}” read as the verdict ${r.code} of item ${String(item.id)} (${r.why ?? 'uncertain'}); check it`);
      phase = 'done';
      return true;
    }
    // "… in practice. The critical observation is not accepted." in one paragraph.
    const split = phase !== 'finding' ? lastSentence(t) : undefined;
    if (split) {
      const r2 = classifier.classify(split.last, verdictKind());
      if (r2.code && r2.confidence === 'high' && !item.verdict) {
        const cut = t.length - split.last.length;
        addStandpoint(item, slice(spans, 0, plain(spans).indexOf(split.last, Math.max(0, cut - 5))));
        takeVerdict(item, r2.code, r2.note, p.at, split.last);
        phase = 'done';
        return true;
      }
    }
    if (r.verdictLike && t.split(/\s+/).length <= 16) {
      warn(p.at, `“${t}” looks like a verdict but was not understood${r.why ? ` (${r.why})` : ''}; kept as a paragraph of item ${String(item.id)}${r.closest ? `; closest verdict: ${r.closest}` : ''}`);
    }
    return false;
  };

  /** Commitment sentence of a positive assessment, possibly running on after the finding in one paragraph. */
  const tryCommitment = (p: StreamParagraph, spans: Span[]): boolean => {
    if (!item || section !== 'positive' || phase !== 'finding') return false;
    const t = plain(spans);
    for (const lx of lexicons) {
      // The sentence may start inside the paragraph: try each sentence start.
      const starts = [0, ...[...t.matchAll(/[.;)»”]\s+(?=\p{Lu})/gu)].map((m) => m.index! + 1)];
      for (const start of starts) {
        const sentence = t.slice(start).trim();
        const m = lx.commitment.exec(sentence);
        // The subject is the state: a few words, not the finding before it.
        if (!m || m[1]!.length > 80 || /[.;)»”]\s+\p{Lu}/u.test(m[1]!)) continue;
        let parsed: { state: string; commitments: Obj[]; purpose?: string } | undefined;
        if (lx.lang === 'kk') {
          parsed = parseCommitmentsKk(`${m[1]} ${m[2]}`, instruments);
          // Kazakh puts the verb last: text after it runs on as the standpoint.
          if (parsed && m[3]) parsed.purpose = `${parsed.purpose ?? ''}. ${m[3]}`;
        }
        else {
          const c = lx.lang === 'ru' ? parseCommitmentsRu(m[2]!, instruments) : parseCommitments(m[2]!, instruments);
          if (c) parsed = { state: m[1]!, ...c };
        }
        if (!parsed) {
          warn(p.at, 'a commitment sentence whose references could not be read; kept as a paragraph of the standpoint');
          if (start > 0) rawFinding.push({ spans: slice(spans, 0, start), at: p.at });
          endFinding('implicit');
          phase = 'standpoint';
          addStandpoint(item, slice(spans, start));
          return true;
        }
        if (start > 0) rawFinding.push({ spans: slice(spans, 0, start), at: p.at });
        endFinding('implicit');
        state ??= parsed.state;
        item.commitments = parsed.commitments;
        counts.commitments += parsed.commitments.length;
        if (parsed.purpose) {
          // A sentence that runs on after the purpose ("… documents. This document …") is a standpoint paragraph.
          const split = /^(.*?[.”»])\s+(\p{Lu}.*)$/su.exec(parsed.purpose);
          item.purpose = { id: `${item.id as string}.purpose`, text: (split ? split[1]! : parsed.purpose).replace(/\.$/, '').trim() };
          if (split) addStandpoint(item, [{ text: split[2]! }]);
        }
        phase = 'standpoint';
        return true;
      }
    }
    return false;
  };

  const leadOf = (t: string): RegExpExecArray | undefined => {
    for (const re of leadRes) {
      const m = re.exec(t);
      if (m && (m[1] ?? '').length <= 12) return m;
    }
    return undefined;
  };

  const sectionHeading = (t: string): SectionName | undefined => {
    const s = t.trim().replace(/[.:]$/, '');
    if (s.length > 60) return undefined;
    for (const lx of lexicons) {
      if (lx.sections.recommendations.test(s)) return 'recommendations';
      if (lx.sections.critical.test(s)) return 'critical';
      if (lx.sections.positive.test(s)) return 'positive';
    }
    return undefined;
  };

  const paras = stream.paragraphs;
  for (let k = 0; k < paras.length; k++) {
    const p = paras[k]!;
    // Tables: consecutive cells of one table -> one table block.
    if (p.cell) {
      const table = p.cell.table;
      const cells: StreamParagraph[] = [];
      while (k < paras.length && paras[k]!.cell?.table === table) cells.push(paras[k++]!);
      k--;
      const owner = item ?? undefined;
      const rows = new Map<number, Map<number, string>>();
      for (const c of cells) {
        const row = rows.get(c.cell!.row) ?? new Map<number, string>();
        rows.set(c.cell!.row, row);
        const text = inlineOf(owner, c.spans, 'text');
        row.set(c.cell!.col, [row.get(c.cell!.col), text].filter(Boolean).join(' '));
      }
      const grid = [...rows.values()].map((r) => [...Array(Math.max(...r.keys()) + 1).keys()].map((i) => r.get(i) ?? ''));
      const width = Math.max(...grid.map((r) => r.length));
      if (!owner) {
        warn(p.at, 'a table outside any item; kept in the opening as paragraphs');
        for (const r of grid) opening.push({ id: ids.claim(`opening.${opening.length + 1}`, 'opening'), text: r.join(' | ') });
        continue;
      }
      if (phase === 'finding') endFinding('implicit'), (phase = 'standpoint');
      const c = counterOf(owner.id as string);
      const id = `${owner.id as string}.s${++c.s}`;
      const [head, ...body] = grid;
      ((owner.standpoint ??= []) as Obj[]).push({
        id,
        table: {
          columns: Array.from({ length: width }, (_v, i) => ({ id: `${id}.h${i + 1}`, text: head![i] ?? '', width: 1 })),
          rows: body.map((r, ri) => ({ id: `${id}.r${ri + 1}`, cells: Array.from({ length: width }, (_v, i) => r[i] ?? '') })),
        },
      });
      continue;
    }

    let spans = trimSpans(extractTextFootnotes(p.spans));
    const t = plain(spans).trim();
    if (!t && !spans.some((s) => s.note)) continue;

    // Headings: the title, sections, recommendation groups and themes.
    const named = sectionHeading(t);
    if (named && (p.heading !== undefined || !/[.;,]$/.test(t))) {
      setSection(named);
      const heading = { id: `${named}.heading`, text: inlineLoose(spans) };
      if (named === 'recommendations') recs.heading = heading;
      else if (named === 'critical') critical.heading = heading;
      else positive.heading = heading;
      continue;
    }
    if (p.heading === 0 || (p.heading !== undefined && !title && section === 'opening' && opening.length === 0)) {
      if (!title) title = t;
      else opening.push({ id: ids.claim(`opening.${opening.length + 1}`, 'opening'), text: inlineLoose(spans) });
      continue;
    }
    if (closingRe.test(t)) {
      setSection('closing');
      closing.push({ id: `closing.${closing.length + 1}`, text: inlineLoose(spans).replace(closingRe, '') });
      continue;
    }
    if (section === 'closing') {
      closing.push({ id: `closing.${closing.length + 1}`, text: inlineLoose(spans) });
      continue;
    }
    const next = paras[k + 1];
    const nextText = next ? plain(next.spans).trim() : '';
    const nextItem = itemMatch(nextText);
    if (section === 'recommendations' && GROUP_RE.test(t) && t.length < 80 && !/[.:;]$/.test(t)) {
      const m = GROUP_RE.exec(t)!;
      // In Russian and Kazakh the letter stands for the Latin one of its place (printed back as written); an English text's Cyrillic "А" is a Latin look-alike.
      const label = lang === 'en' ? (({ А: 'A', Б: 'B', В: 'C', Г: 'D', Е: 'E' } as Record<string, string>)[m[1]!] ?? m[1]!) : dataLetter(m[1]!, localLetters);
      closeItem();
      const gid = ids.claim(`rec-${transliterate(label.toLowerCase())}`, 'rec-group');
      group = { id: gid, label, heading: { id: `${gid}.heading`, text: inlineLoose(slice(spans, t.indexOf(m[2]!))) } };
      (recs.groups as Obj[]).push(group);
      theme = undefined;
      parent = undefined;
      continue;
    }
    if (section === 'recommendations' && group && (p.heading !== undefined || (t.length < 60 && !/[.:;,]$/.test(t) && /^\p{Lu}/u.test(t) && !itemMatch(t))) && nextItem) {
      closeItem();
      const slug = slugOf(t) || 'theme';
      const tid = ids.claim(`${group.id as string}-${slug}`, `${group.id as string}-theme`);
      theme = { id: tid, heading: { id: `${tid}.heading`, text: inlineLoose(spans) } };
      ((group.groups ??= []) as Obj[]).push(theme);
      parent = undefined;
      continue;
    }
    if (p.heading !== undefined && section === 'opening' && !opening.length && !title) {
      title = t;
      continue;
    }

    // A transition sentence ("… does not always agree with the following critical observations …") before item 1.
    if ((section === 'opening' || section === 'positive') && nextItem?.num === 1 && lastNumber.positive > 0 && !itemMatch(t) && lexicons.some((l) => l.transition.critical.test(t))) {
      setSection('critical');
      (critical.intro as Obj[]).push({ id: 'critical.intro.1', text: inlineLoose(spans) });
      continue;
    }

    // Items.
    const im = itemMatch(t);
    if (im && section !== 'opening' && section !== 'positive' && (section === 'critical' || section === 'recommendations')) {
      const top = lastNumber[section]!;
      const list = openList();
      const rest = trimSpans(slice(spans, im.rest));
      const restText = plain(rest);
      // A quoted finding: in italics where the source has them, else with a report reference or a lead-in next.
      const nextLead = !!leadOf(nextText);
      const looksLikeFinding = stream.italics ? italicShare(rest) >= 0.5 : new RegExp(REPORT_REF.source, 'iu').test(restText) || nextLead;
      let start = false;
      let subOf: number | undefined;
      if (im.num !== undefined) {
        if (!item || phase === 'done') start = true;
        else if (list && list.style === '1.' && list.next === im.num && !(im.num === top + 1 && looksLikeFinding && !im.sub)) start = false;
        else if (im.num === top + 1 || (im.sub && im.num === top)) start = true;
        if (start && im.sub) subOf = im.num;
      } else if (im.sub && parent && (section === 'recommendations' || section === 'critical')) {
        const subs = (parent.subitems as Obj[] | undefined) ?? [];
        if (!item || phase === 'done' || item === parent || subs.length > 0) {
          start = true;
          subOf = Number(parent.number);
        }
      }
      if (start) {
        const prev = item;
        if (prev && !prev.verdict && phase !== 'done' && !(im.sub && prev === parent)) {
          warn(p.at, `item ${String(prev.id)} has no verdict; a new item (${t.slice(0, im.rest).trim()}) starts here`);
          warnedNoVerdict.add(prev);
        }
        closeItem();
        const prefix = section === 'critical' ? 'co' : 'rec';
        if (subOf !== undefined && im.sub) {
          const pid = `${prefix}-${subOf}`;
          if (!parent || parent.number !== String(subOf)) {
            parent = newItem(pid, p.at, String(subOf));
            counts.items--;
            sectionItems().push(parent);
          }
          const label = dataLetter(im.sub, localLetters);
          item = newItem(`${parent.id as string}${transliterate(label)}`, p.at, undefined, label);
          ((parent.subitems ??= []) as Obj[]).push(item);
        } else {
          item = newItem(`${prefix}-${im.num!}`, p.at, String(im.num));
          parent = item;
          sectionItems().push(item);
        }
        if (im.num !== undefined) lastNumber[section] = Math.max(top, im.num);
        if (restText.trim()) rawFinding.push({ spans: rest, at: p.at });
        continue;
      }
    }
    // Positive assessments (or the first numbered items of the response).
    if (im?.num !== undefined && !im.sub && (section === 'opening' || section === 'positive')) {
      const top = lastNumber.positive!;
      if (section === 'positive' && im.num <= top && im.num === 1) {
        // The numbering starts again: the critical observations begin; the paragraph before introduces them.
        const prevItems = positive.items as Obj[];
        const last = prevItems[prevItems.length - 1];
        closeItem();
        const blocks = (last?.standpoint as Obj[] | undefined) ?? [];
        const intro = blocks.length ? blocks.pop() : undefined;
        if (intro && typeof intro.text === 'string') {
          (critical.intro as Obj[]).push({ id: 'critical.intro.1', text: intro.text });
          counts.paragraphs--;
        }
        if (last && Array.isArray(last.standpoint) && last.standpoint.length === 0) delete last.standpoint;
        setSection('critical');
        k--;
        continue;
      }
      if (section === 'opening' || im.num === top + 1 || phase !== 'finding') {
        const inList = section === 'positive' && openList()?.next === im.num && im.num !== top + 1;
        if (!inList) {
          if (item && section === 'positive' && !item.commitments) warn(p.at, `positive assessment ${String(item.id)} has no commitment sentence; a new item (${im.num}) starts here`);
          setSection('positive');
          item = newItem(`pa-${im.num}`, p.at, String(im.num));
          (positive.items as Obj[]).push(item);
          lastNumber.positive = Math.max(top, im.num);
          const rest = trimSpans(slice(spans, im.rest));
          if (plain(rest).trim()) {
            if (!tryCommitment(p, rest)) rawFinding.push({ spans: rest, at: p.at });
          }
          continue;
        }
      }
    }

    if (item) {
      const lead = leadOf(t);
      if (lead) {
        issuerShort ??= lead.slice(1).find(Boolean);
        if (section === 'positive' && !(positive.items as Obj[]).some((i) => i.commitments)) promoteToCritical(p.at);
        if (phase === 'finding') endFinding('lead');
        else if (phase === 'done') warn(p.at, `a lead-in after the verdict of item ${String(item.id)}; its text is kept in the standpoint`);
        if (phase !== 'done') phase = 'standpoint';
        const rest = trimSpans(slice(spans, lead[0].length));
        if (plain(rest).trim()) {
          if (!tryVerdict(p, rest, false)) addStandpoint(item, rest);
        }
        continue;
      }
      if (tryCommitment(p, spans)) continue;
      if (phase === 'done') {
        const r = classifier.classify(t, verdictKind());
        if (r.code && r.confidence === 'high') {
          takeVerdict(item, r.code, r.note, p.at, t);
          addStandpoint(item, spans);
          continue;
        }
        warn(p.at, `text after the verdict of item ${String(item.id)}; kept as a paragraph of its standpoint`);
        addStandpoint(item, spans);
        continue;
      }
      if (phase === 'finding') {
        if (rawFinding.length > 0 && tryVerdict(p, spans, false)) continue;
        // With italics known, the first upright paragraph after the quote starts the standpoint.
        if (stream.italics && rawFinding.length > 0 && italicShare(spans) < 0.5 && section !== 'positive') {
          endFinding('implicit');
          phase = 'standpoint';
        } else {
          rawFinding.push({ spans, at: p.at });
          continue;
        }
      }
      if (tryVerdict(p, spans, true)) continue;
      addStandpoint(item, spans);
      continue;
    }
    if (section === 'recommendations' && !group) {
      (recs.intro as Obj[]).push({ id: `recommendations.intro.${(recs.intro as Obj[]).length + 1}`, text: inlineLoose(spans) });
      continue;
    }
    if (section === 'recommendations' && group && !theme) {
      const lead = (group.leadIn ??= []) as Obj[];
      lead.push({ id: `${group.id as string}.q${lead.length + 1}`, text: inlineLoose(spans) });
      continue;
    }
    if (section === 'critical') {
      (critical.intro as Obj[]).push({ id: `critical.intro.${(critical.intro as Obj[]).length + 1}`, text: inlineLoose(spans) });
      continue;
    }
    if (section !== 'opening') warn(p.at, 'text outside any item; kept in the opening');
    opening.push({ id: ids.claim(`opening.${opening.length + 1}`, 'opening'), text: inlineLoose(spans) });
  }
  closeItem();

  // Items without a verdict (reported once, at the item).
  const walkItems = (o: Obj, kind: string, out: { it: Obj; kind: string; sub: boolean }[], sub = false) => {
    for (const it of (o.items as Obj[] | undefined) ?? []) {
      out.push({ it, kind, sub });
      for (const s of (it.subitems as Obj[] | undefined) ?? []) out.push({ it: s, kind, sub: true });
    }
    for (const g of (o.groups as Obj[] | undefined) ?? []) walkItems(g, kind, out, sub);
  };
  const allItems: { it: Obj; kind: string; sub: boolean }[] = [];
  walkItems(positive, 'positive', allItems);
  walkItems(critical, 'critical', allItems);
  walkItems(recs, 'recommendations', allItems);
  for (const { it, kind } of allItems) {
    if (kind === 'positive') {
      if (!it.commitments) warn(itemAt.get(it) ?? 1, `positive assessment ${String(it.id)} has no commitment sentence`);
      continue;
    }
    if (it.verdict || (it.subitems as Obj[] | undefined)?.length || warnedNoVerdict.has(it)) continue;
    const blocks = (it.standpoint as Obj[] | undefined) ?? [];
    const last = blocks[blocks.length - 1];
    const r = typeof last?.text === 'string' ? classifier.classify(last.text, kind === 'critical' ? 'critical' : 'recommendations') : undefined;
    warn(itemAt.get(it) ?? 1, `item ${String(it.id)} has no verdict${r?.verdictLike && r.closest ? `; its last paragraph “${String(last!.text).slice(0, 80)}” may be one (closest: ${r.closest})` : ''}`);
  }

  // Items as the data counts them: a number that only holds sub-items ("4." then "(a)", "(b)") is not one.
  counts.items = allItems.filter((x) => !((x.it.subitems as Obj[] | undefined)?.length && !(x.it.findings as Obj[] | undefined)?.length)).length;

  // The report: what was found per kind against what the numbering implies, and the verdict table.
  const kinds: KindReport[] = [];
  for (const kind of ['positive', 'critical', 'recommendations'] as const) {
    const its = allItems.filter((x) => x.kind === kind);
    if (!its.length) continue;
    const kindName = kind === 'positive' ? 'positive assessments' : kind === 'critical' ? 'critical observations' : 'recommendations';
    const numbered = its.filter((x) => !x.sub && x.it.number !== undefined);
    const numbers = numbered.map((x) => Number(x.it.number));
    const seen = new Map<number, Obj>();
    const duplicates: number[] = [];
    for (const { it } of numbered) {
      const n = Number(it.number);
      const first = seen.get(n);
      if (!first) {
        seen.set(n, it);
        continue;
      }
      // Both are kept, the second under an id of its own; reported where it stands.
      duplicates.push(n);
      warn(itemAt.get(it) ?? 1, `${kindName}: number ${n} found again (${String(it.id)}; the first is ${String(first.id)})`);
    }
    const lo = Math.min(...numbers);
    const hi = Math.max(...numbers);
    const missing: number[] = [];
    for (let n = Math.min(lo, 1); n <= hi; n++) if (!seen.has(n)) missing.push(n);
    kinds.push({
      kind,
      numbers,
      items: its.filter((x) => !x.sub).length,
      subitems: its.filter((x) => x.sub).length,
      verdicts: its.filter((x) => x.it.verdict).length,
      commitments: its.filter((x) => x.it.commitments).length,
      missing,
      duplicates,
    });
    if (missing.length) warn(1, `${kindName}: number(s) ${missing.join(', ')} not found`);
  }
  const verdicts: VerdictRow[] = allItems
    .filter((x) => x.kind !== 'positive' && !(x.it.subitems as Obj[] | undefined)?.length)
    .map((x) => ({ item: String(x.it.id), kind: x.kind, ...(x.it.verdict ? { verdict: x.it.verdict as VerdictCode } : {}), ...(verdictAt.has(x.it) ? { at: verdictAt.get(x.it)! } : {}) }));

  const first = (opening[0]?.text as string | undefined) ?? '';
  const issuer = /^(?:The\s+)?(.+?)\s+(?:expresses|выражает|білдіреді)/u.exec(first)?.[1];
  const report = /\b(Final Report|Окончательн\S+ доклад\S*|Итогов\S+ доклад\S*|Қорытынды баяндама\S*)/u.exec(first)?.[1];
  const election = /\bat (.+? election) in (.+?) on (\d{1,2} \w+ \d{4})/u.exec(first);
  const defaultTitle = lang === 'en' && issuer ? `Comments of the ${issuer} on the ${report ?? 'Final Report'}` : o.name;
  const document: Obj = {
    id: o.id,
    lang,
    meta: {
      title: { id: 'meta.title', text: title ?? defaultTitle },
      issuer: { id: 'meta.issuer', text: issuer ?? (lang === 'ru' ? 'Центральная избирательная комиссия' : lang === 'kk' ? 'Орталық сайлау комиссиясы' : 'Central Election Commission') },
      issuerShort: { id: 'meta.issuer-short', text: issuerShort ?? (lang === 'ru' ? 'ЦИК' : lang === 'kk' ? 'ОСК' : 'CEC') },
      state: { id: 'meta.state', text: state ?? (lang === 'ru' ? 'Государство' : lang === 'kk' ? 'Мемлекет' : 'The state') },
      report: { id: 'meta.report', text: report ?? (lang === 'ru' ? 'Окончательный доклад' : lang === 'kk' ? 'Қорытынды баяндама' : 'Final Report') },
      election: { id: 'meta.election', text: election ? `${election[1]![0]!.toUpperCase()}${election[1]!.slice(1)} in ${election[2]}, ${election[3]}` : lang === 'ru' ? 'Выборы' : lang === 'kk' ? 'Сайлау' : 'Election' },
    },
    ...instrumentsData(instruments),
    ...(opening.length ? { opening } : {}),
    parts: [] as string[],
    ...(closing.length ? { closing } : {}),
  };
  const sections: { file: string; data: Obj }[] = [];
  for (const [file, s] of [['positive.yaml', positive], ['critical.yaml', critical], ['recommendations.yaml', recs]] as const) {
    const empty = !((s.items as Obj[] | undefined)?.length || (s.groups as Obj[] | undefined)?.length);
    if (empty) {
      // Paragraphs recognised as a section's introduction are not lost when the section holds no item.
      for (const b of ((s.intro as Obj[] | undefined) ?? [])) opening.push({ ...b, id: ids.claim(`opening.${opening.length + 1}`, 'opening') });
      if (opening.length && !document.opening) document.opening = opening;
      continue;
    }
    for (const key of ['intro', 'items', 'groups']) if (Array.isArray(s[key]) && (s[key] as unknown[]).length === 0) delete s[key];
    sections.push({ file, data: s });
    (document.parts as string[]).push(file);
  }
  // Line 0: about the whole source, not a paragraph of it.
  if (counts.items === 0) warn(0, noItemsWarning(opening, closing));
  return { document, sections, warnings, counts, report: { unit: stream.unit, kinds, verdicts } };
}

/**
 * What to say when not one item was recognised: the text is all kept, as
 * paragraphs of document.yaml, but a user importing a response expects its
 * items. When numbered passages ("12. The …") stand inside paragraphs, the
 * source most likely joined its paragraphs (a converter that joins lines).
 */
function noItemsWarning(opening: Obj[], closing: Obj[]): string {
  const paragraphs = [...opening, ...closing];
  let inside = 0;
  for (const p of paragraphs) {
    const text = typeof p.text === 'string' ? p.text : '';
    // After a sentence's end, never at the paragraph's start (where a number would have made an item).
    inside += [...text.matchAll(/(?<=[.!?»"”)]\s+)\d{1,3}\.\s+\p{Lu}/gu)].length;
  }
  const kept = `all the text is kept, as ${paragraphs.length} paragraph${paragraphs.length === 1 ? '' : 's'} of document.yaml`;
  return inside >= 2
    ? `no item was recognised, though ${inside} numbered passages (‘1. …’) stand inside paragraphs: the source's paragraphs look joined (each item should start a paragraph of its own); ${kept}`
    : `no item was recognised (no numbered or lettered paragraph, no finding in italics followed by a standpoint); ${kept}`;
}

/** The report's closing lines: counts per kind against the numbering, then the verdict table. */
export function reportText(r: ImportReport): string {
  const names = { positive: 'positive assessments', critical: 'critical observations', recommendations: 'recommendations' } as const;
  const lines: string[] = [];
  for (const k of r.kinds) {
    const range = k.numbers.length ? `${Math.min(...k.numbers)}–${Math.max(...k.numbers)}` : '';
    const implied = k.numbers.length ? Math.max(...k.numbers) - Math.min(Math.min(...k.numbers), 1) + 1 : 0;
    const found = `${k.items} found${k.subitems ? ` (+ ${k.subitems} sub-items)` : ''}`;
    const tail = k.kind === 'positive' ? `${k.commitments} with commitment sentences` : `${k.verdicts} verdicts`;
    const gaps = k.missing.length ? `; missing ${k.missing.join(', ')}` : '';
    const dup = k.duplicates.length ? `; twice ${k.duplicates.join(', ')}` : '';
    lines.push(`${names[k.kind]} ${range}: numbering implies ${implied}, ${found}, ${tail}${gaps}${dup}`);
  }
  if (r.verdicts.length) {
    const per = new Map<string, Map<string, number>>();
    for (const v of r.verdicts) {
      const m = per.get(v.kind) ?? new Map<string, number>();
      per.set(v.kind, m);
      m.set(v.verdict ?? '(none)', (m.get(v.verdict ?? '(none)') ?? 0) + 1);
    }
    for (const [kind, m] of per) lines.push(`verdicts of ${names[kind as 'critical']}: ${[...m].map(([c, n]) => `${c} ${n}`).join(', ')}`);
    lines.push('verdict table:');
    const w = Math.max(...r.verdicts.map((v) => v.item.length));
    for (const v of r.verdicts) lines.push(`  ${v.item.padEnd(w)}  ${(v.verdict ?? '(no verdict)').padEnd(22)}${v.at ? ` ${r.unit} ${v.at}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
