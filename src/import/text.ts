/**
 * Plain-text responses (such as a text extraction of a PDF) -> document data.
 * Recognises: the opening; numbered items and sub-items ((a), 4(b), 16 (a));
 * quoted findings and their "(section N, page M)" references; footnotes in the
 * "(further in the footnote: …)" form; standpoint lead-ins (en, ru, kk, "."
 * or ":"); verdict and status lines mapped to codes; section headings
 * (recommendations A/B and their themes); lists; the closing note; debris
 * (page numbers alone on a line, words split at line ends). Text it cannot
 * place is kept in the nearest item as a paragraph and reported with its line.
 * Produces plain YAML-shaped data; writing and validating are the caller's.
 */
import type { Locales } from '../compose/i18n.js';
import { CLOSING_NOTE, FOOTNOTE_MARK, LEAD_IN, REPORT_REF, matchVerdict, reportRefOf, verdictPatterns, type VerdictPattern } from './patterns.js';

type Obj = Record<string, unknown>;

export interface ImportWarning {
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

export interface ImportedDocument {
  document: Obj;
  sections: { file: string; data: Obj }[];
  warnings: ImportWarning[];
  counts: ImportCounts;
  /**
   * DOCX only: the text the templates and locales printed around the data
   * (lead-ins, verdict lines, item numbers, commitment sentences …) with its
   * place, as read. Not data; `import --update` compares it to tell edits the
   * data cannot hold.
   */
  printed?: PrintedText[];
}

/** Text printed by the templates around the data, where it stands (an item or section id) and what it is. */
export interface PrintedText {
  at: string;
  what: 'lead-in' | 'verdict line' | 'number' | 'commitment sentence' | 'heading' | 'label';
  text: string;
}

interface Para {
  text: string;
  line: number;
  /** Set when the paragraph began with a structural marker. */
  marker?: 'pos-number' | 'item' | 'sub' | 'lead' | 'verdict' | 'heading-recs' | 'group' | 'closing' | 'list';
}

const SENTENCE_END = /[.:;!?”»")]$/;

/** Lines -> paragraphs: hard-wrapped lines are joined; a short line that ends a sentence ends a paragraph. */
function paragraphs(text: string, warnings: ImportWarning[], patterns: VerdictPattern[]): Para[] {
  const raw = text.replace(/^\uFEFF/, '').split(/\r\n?|\n/);
  const lengths = raw.map((l) => l.trim().length).filter((n) => n > 40).sort((a, b) => a - b);
  const width = lengths[Math.floor(lengths.length * 0.6)] ?? 90;
  const out: Para[] = [];
  let cur: Para | undefined;
  let prevLen = 0;
  let debris = 0;
  const flush = () => {
    if (cur && cur.text.trim()) out.push({ ...cur, text: cur.text.trim() });
    cur = undefined;
  };
  raw.forEach((line, i) => {
    const n = i + 1;
    const t = line.trim();
    if (t === '') {
      if (cur && !cur.text.includes('(further in the footnote') ) flush();
      else if (cur && openParens(cur.text) <= 0) flush();
      return;
    }
    // A page number alone on a line is debris of the PDF, unless an item number ("12.") stands there.
    if (/^\d{1,3}$/.test(t)) {
      debris++;
      return;
    }
    const marker = matchVerdict(t, patterns) ? 'verdict' : markerOf(t);
    const startsNew = marker !== undefined || !cur || (SENTENCE_END.test(cur.text.trimEnd()) && prevLen < width * 0.8 && openParens(cur.text) <= 0);
    if (startsNew) {
      flush();
      cur = { text: t, line: n, ...(marker ? { marker } : {}) };
    } else if (cur) {
      // A word split at a line end keeps its hyphen; otherwise lines join with a space.
      cur.text = /[A-Za-zА-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]-$/.test(cur.text) ? cur.text + t : `${cur.text} ${t}`;
    }
    prevLen = t.length;
    // A verdict line ends its paragraph, unless its note runs on to the next line.
    if (marker === 'pos-number' || marker === 'group' || marker === 'heading-recs' || (marker === 'verdict' && SENTENCE_END.test(t))) {
      flush();
      prevLen = 0;
    }
  });
  flush();
  if (debris) warnings.push({ line: 1, message: `${debris} line(s) holding only a number were dropped as page numbers` });
  return out;
}

function openParens(s: string): number {
  let d = 0;
  for (const c of s) {
    if (c === '(') d++;
    else if (c === ')') d--;
  }
  return d;
}

function markerOf(t: string): Para['marker'] {
  if (/^\d{1,3}\.$/.test(t)) return 'pos-number';
  if (/^(?:Recommendations|Рекомендации|Ұсынымдар)$/u.test(t)) return 'heading-recs';
  if (/^[АAБBЕE]\.\s+\S/u.test(t) && t.length < 60 && !/[.:;]$/.test(t)) return 'group';
  if (LEAD_IN.test(t)) return 'lead';
  if (CLOSING_NOTE.test(t)) return 'closing';
  if (/^\d{1,3}\s*(?:\([a-zа-я]\))?\s*\.?\s+\S/u.test(t) && /^\d{1,3}\s*(\([a-zа-я]\)\s*\.?|\.)/u.test(t)) return 'item';
  if (/^\(([a-zа-я])\)\s+\S/u.test(t)) return 'sub';
  if (/^\d{1,2}\)\s+\S/.test(t)) return 'list';
  return undefined;
}

export interface TextImportOptions {
  id: string;
  lang: string;
  locales: Locales;
}

/** Splits "(further in the footnote: …)" out of a text: the mark goes where the parenthesis stood. */
function extractFootnotes(text: string, idFor: () => string, footnotes: Obj[]): string {
  let out = '';
  let rest = text;
  for (;;) {
    const m = FOOTNOTE_MARK.exec(rest);
    if (!m) return out + rest;
    let depth = 1;
    let j = m.index + m[0].length;
    for (; j < rest.length && depth > 0; j++) {
      if (rest[j] === '(') depth++;
      else if (rest[j] === ')') depth--;
    }
    const body = rest.slice(m.index + m[0].length, j - 1).replace(/^\d+\s+(?=\p{Lu})/u, '').trim();
    const id = idFor();
    footnotes.push({ id, text: body });
    out += `${rest.slice(0, m.index).replace(/\s+$/, '')}[^${id}]`;
    rest = rest.slice(j);
  }
}

/** Finding text -> passages at each report reference. */
function passages(text: string, itemId: string, counter: { q: number }): Obj[] {
  const out: Obj[] = [];
  let last = 0;
  REPORT_REF.lastIndex = 0;
  for (const m of text.matchAll(REPORT_REF)) {
    const before = text.slice(last, m.index).trim();
    const { ref, end } = reportRefOf(m);
    const p: Obj = { id: `${itemId}.q${++counter.q}`, text: before, ref };
    if (end !== '.') p.end = end;
    if (before) out.push(p);
    last = (m.index ?? 0) + m[0].length;
  }
  const tail = text.slice(last).trim();
  if (tail) out.push({ id: `${itemId}.q${++counter.q}`, text: tail });
  return out;
}

const STOP_WORDS = new Set(['Document', 'The', 'Conference', 'Meeting', 'Human', 'Dimension', 'Recommendations', 'On', 'Of']);

export interface Instrument {
  id: string;
  name: string;
  short?: string;
}

/** "paragraphs 4, 5.3 and 6 of Document … (hereinafter – Copenhagen Document) concerning …" */
/**
 * `wholeName`: the text holds no purpose clause (a DOCX marks where the purpose
 * starts), so an instrument with no date or place in its name runs to the end.
 */
export function parseCommitments(rest: string, instruments: Instrument[], wholeName = false): { commitments: Obj[]; purpose?: string } | undefined {
  const commitments: Obj[] = [];
  let text = rest.trim().replace(/\.$/, '');
  for (;;) {
    const m = /^paragraphs?\s+([\d.,\sиand]+?)\s+of\s+/u.exec(text);
    if (!m) return commitments.length ? { commitments, purpose: text.replace(/^,\s*/, '') || undefined } : undefined;
    const list = m[1]!.split(/,|\s+and\s+|\s+и\s+/u).map((s) => s.trim()).filter(Boolean);
    text = text.slice(m[0].length);
    let name: string | undefined;
    let short: string | undefined;
    let used = 0;
    const known = instruments.find((i) => i.short && text.startsWith(i.short));
    const here = /^(.*?)\s*\(hereinafter\s*[–-]\s*([^)]+)\)/u.exec(text);
    const place = /^(.*?\([^()]*\d{4}\))/u.exec(text);
    const dated = /^(.*?\bof \d{1,2} [A-Z][a-z]+ \d{4})/u.exec(text);
    if (known) {
      name = known.short;
      used = known.short!.length;
    } else if (here) {
      name = here[1];
      short = here[2]!.trim();
      used = here[0].length;
    } else if (place) {
      name = place[1];
      used = place[0].length;
    } else if (dated) {
      name = dated[1];
      used = dated[0].length;
    } else if (wholeName) {
      const upto = /^(.*?)(?=(?:,\s*|,?\s*and\s+|,?\s*и\s+)paragraphs?\s|$)/u.exec(text)!;
      name = upto[1]!.trim();
      used = upto[0].length;
    } else return undefined;
    let inst = known ?? instruments.find((i) => i.name === name);
    if (!inst) {
      const word = (name ?? '').split(/[^A-Za-z]+/).find((w) => /^[A-Z][a-z]+$/.test(w) && !STOP_WORDS.has(w)) ?? `instrument${instruments.length + 1}`;
      let id = word.toLowerCase();
      while (instruments.some((i) => i.id === id)) id += '-2';
      inst = { id, name: name!, ...(short ? { short } : {}) };
      instruments.push(inst);
    }
    commitments.push({ instrument: inst.id, paragraphs: list });
    text = text.slice(used).trim();
    // The next instrument: ", paragraph 2.15 of …" or " and paragraph 2.15 of …".
    const more = /^(?:,\s*|,?\s*and\s+|,?\s*и\s+)(?=paragraphs?\s)/u.exec(text);
    if (more) {
      text = text.slice(more[0].length);
      continue;
    }
    return { commitments, purpose: text || undefined };
  }
}

/** Instruments read from commitment sentences -> the `instruments:` of document.yaml (absent when none). */
export function instrumentsData(instruments: Instrument[]): Obj {
  if (!instruments.length) return {};
  return {
    instruments: instruments.map((i) => ({
      id: i.id,
      name: { id: `instrument.${i.id}.name`, text: i.name },
      ...(i.short ? { short: { id: `instrument.${i.id}.short`, text: i.short }, cited: { id: `instrument.${i.id}.cited`, text: i.short } } : {}),
    })),
  };
}

export function importText(source: string, o: TextImportOptions): ImportedDocument {
  const warnings: ImportWarning[] = [];
  const patterns: VerdictPattern[] = verdictPatterns(o.locales);
  const paras = paragraphs(source, warnings, patterns);
  const counts: ImportCounts = { items: 0, findings: 0, footnotes: 0, verdicts: 0, commitments: 0, paragraphs: 0 };
  const instruments: Instrument[] = [];
  const opening: Obj[] = [];
  const closing: Obj[] = [];
  const positive: Obj = { id: 'positive', kind: 'positive', items: [] as Obj[] };
  const critical: Obj = { id: 'critical', kind: 'critical', intro: [] as Obj[], items: [] as Obj[] };
  const recs: Obj = { id: 'recommendations', kind: 'recommendations', intro: [] as Obj[], groups: [] as Obj[] };
  let section: 'opening' | 'positive' | 'critical' | 'recommendations' | 'closing' = 'opening';
  let item: Obj | undefined;
  let parent: Obj | undefined;
  let phase: 'finding' | 'standpoint' | 'done' = 'finding';
  let group: Obj | undefined;
  let theme: Obj | undefined;
  let issuerShort: string | undefined;
  let state: string | undefined;
  const counters = new Map<string, { q: number; s: number; fn: number }>();
  const counterOf = (id: string) => {
    let c = counters.get(id);
    if (!c) counters.set(id, (c = { q: 0, s: 0, fn: 0 }));
    return c;
  };

  const footnotesOf = (it: Obj) => ((it.footnotes ??= []) as Obj[]);
  const withFootnotes = (it: Obj, text: string) => {
    const c = counterOf(it.id as string);
    const fns = footnotesOf(it);
    const before = fns.length;
    const out = extractFootnotes(text, () => `${it.id as string}.fn${++c.fn}`, fns);
    counts.footnotes += fns.length - before;
    if (!fns.length) delete it.footnotes;
    return out;
  };
  const addFinding = (it: Obj, text: string, newParagraph: boolean) => {
    const ps = passages(withFootnotes(it, text), it.id as string, counterOf(it.id as string));
    if (newParagraph && ps[0] && ((it.findings as Obj[] | undefined)?.length ?? 0) > 0) ps[0].newParagraph = true;
    ((it.findings ??= []) as Obj[]).push(...ps);
    counts.findings += ps.length;
  };
  const addStandpoint = (it: Obj, text: string) => {
    const c = counterOf(it.id as string);
    const blocks = (it.standpoint ??= []) as Obj[];
    const listM = /^(\d{1,2})([).])\s+(.*)$/s.exec(text);
    const last = blocks[blocks.length - 1];
    if (listM && (listM[1] === '1' || (last?.list as Obj | undefined))) {
      const style = `1${listM[2]}`;
      const lst = last?.list as Obj | undefined;
      if (lst && lst.style === style && listM[1] !== '1') {
        const items = lst.items as Obj[];
        items.push({ id: `${last!.id as string}.i${items.length + 1}`, text: withFootnotes(it, listM[3]!) });
        return;
      }
      const id = `${it.id as string}.s${++c.s}`;
      blocks.push({ id, list: { style, items: [{ id: `${id}.i1`, text: withFootnotes(it, listM[3]!) }] } });
      return;
    }
    blocks.push({ id: `${it.id as string}.s${++c.s}`, text: withFootnotes(it, text) });
    counts.paragraphs++;
  };
  const newItem = (id: string, number?: string, label?: string): Obj => {
    counts.items++;
    phase = 'finding';
    return { id, ...(number !== undefined ? { number } : {}), ...(label !== undefined ? { label } : {}) };
  };
  const itemsOf = (): Obj[] => {
    if (section === 'positive') return positive.items as Obj[];
    if (section === 'critical') return critical.items as Obj[];
    const g = theme ?? group;
    if (!g) {
      group = { id: 'rec-a', items: [] };
      (recs.groups as Obj[]).push(group);
    }
    return ((theme ?? group)!.items ??= []) as Obj[];
  };

  for (let k = 0; k < paras.length; k++) {
    const p = paras[k]!;
    const t = p.text;
    const next = paras[k + 1];
    // Section structure first.
    if (p.marker === 'heading-recs') {
      section = 'recommendations';
      recs.heading = { id: 'recommendations.heading', text: t };
      item = parent = undefined;
      continue;
    }
    if (p.marker === 'closing') {
      section = 'closing';
      closing.push({ id: `closing.${closing.length + 1}`, text: t.replace(CLOSING_NOTE, '') });
      continue;
    }
    if (section === 'closing') {
      closing.push({ id: `closing.${closing.length + 1}`, text: t });
      continue;
    }
    if (section === 'recommendations' && p.marker === 'group') {
      const m = /^([АAБBЕE])\.\s+(.*)$/u.exec(t)!;
      const label = ({ А: 'A', Б: 'B', Е: 'E' } as Record<string, string>)[m[1]!] ?? m[1]!;
      group = { id: `rec-${label.toLowerCase()}`, label, heading: { id: `rec-${label.toLowerCase()}.heading`, text: m[2] } };
      (recs.groups as Obj[]).push(group);
      theme = undefined;
      item = parent = undefined;
      continue;
    }
    if (section === 'recommendations' && !p.marker && t.length < 60 && !/[.:;,]$/.test(t) && /^\p{Lu}/u.test(t) && next && (next.marker === 'item' || next.marker === 'sub') && group) {
      const slug = t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 30);
      theme = { id: `${group.id as string}-${slug}`, heading: { id: `${group.id as string}-${slug}.heading`, text: t } };
      ((group.groups ??= []) as Obj[]).push(theme);
      item = parent = undefined;
      continue;
    }
    // Positive assessments: "1." alone, then the finding, then the commitment sentence.
    if (p.marker === 'pos-number' && (section === 'opening' || section === 'positive')) {
      section = 'positive';
      const n = t.replace('.', '');
      item = newItem(`pa-${n}`, n);
      (positive.items as Obj[]).push(item);
      continue;
    }
    if (section === 'positive' && item && p.marker !== 'item') {
      // The commitment sentence may run on from the finding in one extracted paragraph.
      const at = t.search(/\s+has implemented provisions of\s/u);
      let m: RegExpExecArray | null = null;
      if (at > 0 && phase === 'finding') {
        const before = t.slice(0, at);
        const starts = [...before.matchAll(/[.;)]\s+(?=\p{Lu})/gu)];
        const cut = starts.length ? starts[starts.length - 1]!.index! + 1 : 0;
        const finding = before.slice(0, cut).trim();
        if (finding) addFinding(item, finding, ((item.findings as Obj[] | undefined)?.length ?? 0) > 0);
        m = /^(.+?)\s+has implemented provisions of\s+(.*)$/su.exec(t.slice(cut).trim());
      }
      if (m && phase === 'finding') {
        state ??= m[1];
        const c = parseCommitments(m[2]!, instruments);
        if (c) {
          item.commitments = c.commitments;
          counts.commitments += c.commitments.length;
          if (c.purpose) {
            // A sentence that runs on after the purpose ("… documents. This document …") is a standpoint paragraph.
            const split = /^(.*?[.”»])\s+(\p{Lu}.*)$/su.exec(c.purpose);
            item.purpose = { id: `${item.id as string}.purpose`, text: (split ? split[1]! : c.purpose).replace(/\.$/, '') };
            if (split) addStandpoint(item, split[2]!);
          }
          phase = 'standpoint';
          continue;
        }
        warnings.push({ line: p.line, message: 'a commitment sentence whose instruments could not be read; kept as a paragraph' });
      }
      if (phase === 'finding') addFinding(item, t, ((item.findings as Obj[] | undefined)?.length ?? 0) > 0);
      else addStandpoint(item, t);
      continue;
    }
    // Critical observations and recommendations: numbered items.
    const itemM = p.marker === 'item' ? /^(\d{1,3})\s*(?:\(([a-zа-я])\))?\s*\.?\s+(.*)$/su.exec(t) : null;
    const isNewItem = itemM && (phase === 'done' || !item || section === 'opening' || section === 'positive' || (section === 'recommendations' && phase !== 'standpoint'));
    if (isNewItem && itemM) {
      if (section === 'opening' || section === 'positive') {
        section = 'critical';
        // The paragraph just before the first observation introduces them.
        const prevItems = positive.items as Obj[];
        const last = prevItems[prevItems.length - 1];
        // With no positive assessment before it, the introduction is the last opening paragraph.
        const blocks = (last?.standpoint as Obj[] | undefined) ?? opening;
        const intro = blocks.length ? blocks.pop() : undefined;
        if (intro && typeof intro.text === 'string') (critical.intro as Obj[]).push({ id: 'critical.intro.1', text: intro.text });
        if (last && Array.isArray(last.standpoint) && last.standpoint.length === 0) delete last.standpoint;
      }
      const [, num, sub, rest] = itemM;
      const prefix = section === 'critical' ? 'co' : 'rec';
      if (sub) {
        const pid = `${prefix}-${num!}`;
        if (!parent || parent.id !== pid) {
          parent = newItem(pid, num);
          counts.items--;
          itemsOf().push(parent);
        }
        item = newItem(`${pid}${sub}`, undefined, sub);
        ((parent.subitems ??= []) as Obj[]).push(item);
      } else {
        item = newItem(`${prefix}-${num!}`, num);
        parent = item;
        itemsOf().push(item);
      }
      addFinding(item, rest!, false);
      continue;
    }
    if (section === 'recommendations' && p.marker === 'sub' && parent) {
      const m = /^\(([a-zа-я])\)\s+(.*)$/su.exec(t)!;
      item = newItem(`${parent.id as string}${m[1]!}`, undefined, m[1]);
      ((parent.subitems ??= []) as Obj[]).push(item);
      addFinding(item, m[2]!, false);
      continue;
    }
    if (p.marker === 'lead' && item) {
      const m = LEAD_IN.exec(t)!;
      issuerShort ??= m[1] ?? m[2] ?? m[3];
      phase = 'standpoint';
      const rest = t.slice(m[0].length).trim();
      if (rest) addStandpoint(item, rest);
      continue;
    }
    const verdict = item && phase !== 'finding' ? matchVerdict(t, patterns) : undefined;
    if (verdict && item) {
      item.verdict = verdict.code;
      if (verdict.note) item.verdictNote = { id: `${item.id as string}.vn`, text: verdict.note };
      counts.verdicts++;
      phase = 'done';
      continue;
    }
    if (section === 'opening') {
      opening.push({ id: `opening.${opening.length + 1}`, text: t });
      continue;
    }
    if (section === 'recommendations' && !item && !group) {
      (recs.intro as Obj[]).push({ id: `recommendations.intro.${(recs.intro as Obj[]).length + 1}`, text: t });
      continue;
    }
    if (section === 'recommendations' && group && !item && !theme) {
      const lead = (group.leadIn ??= []) as Obj[];
      lead.push({ id: `${group.id as string}.q${lead.length + 1}`, text: t });
      continue;
    }
    if (item && phase === 'finding') {
      addFinding(item, t, true);
      continue;
    }
    if (item && phase === 'standpoint') {
      addStandpoint(item, t);
      continue;
    }
    if (item) {
      warnings.push({ line: p.line, message: `text after the verdict of item ${String(item.id)}; kept as a paragraph of its standpoint` });
      addStandpoint(item, t);
      continue;
    }
    warnings.push({ line: p.line, message: 'text outside any item; kept in the opening' });
    opening.push({ id: `opening.${opening.length + 1}`, text: t });
  }

  const first = (opening[0]?.text as string | undefined) ?? '';
  const issuer = /^(?:The\s+)?(.+?)\s+(?:expresses|выражает|білдіреді)/u.exec(first)?.[1] ?? 'Central Election Commission';
  const report = /\b(Final Report|Окончательн\S+ доклад\S*|Қорытынды баяндама\S*)/u.exec(first)?.[1] ?? 'Final Report';
  const election = /\bat (.+? election) in (.+?) on (\d{1,2} \w+ \d{4})/u.exec(first);
  const document: Obj = {
    id: o.id,
    lang: o.lang,
    meta: {
      title: { id: 'meta.title', text: `Comments of the ${issuer} on the ${report}` },
      issuer: { id: 'meta.issuer', text: issuer },
      issuerShort: { id: 'meta.issuer-short', text: issuerShort ?? 'CEC' },
      state: { id: 'meta.state', text: state ?? 'The state' },
      report: { id: 'meta.report', text: report },
      election: { id: 'meta.election', text: election ? `${election[1]![0]!.toUpperCase()}${election[1]!.slice(1)} in ${election[2]}, ${election[3]}` : 'Election' },
    },
    ...instrumentsData(instruments),
    ...(opening.length ? { opening } : {}),
    parts: [] as string[],
    ...(closing.length ? { closing } : {}),
  };
  const sections: { file: string; data: Obj }[] = [];
  for (const [file, s] of [['positive.yaml', positive], ['critical.yaml', critical], ['recommendations.yaml', recs]] as const) {
    const empty = !((s.items as Obj[] | undefined)?.length || (s.groups as Obj[] | undefined)?.length);
    if (empty) continue;
    for (const k of ['intro', 'items', 'groups']) if (Array.isArray(s[k]) && (s[k] as unknown[]).length === 0) delete s[k];
    sections.push({ file, data: s });
    (document.parts as string[]).push(file);
  }
  return { document, sections, warnings, counts };
}
