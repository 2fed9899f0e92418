/**
 * DOCX responses -> document data. Reads the structure standpoint writes
 * (named paragraph styles, character styles, bookmarks ss_/si_/sp_ carrying
 * section, item and unit ids, Word footnotes) and survives what Word and
 * LibreOffice do to it: accepted or pending tracked changes (insertions are
 * taken, deletions dropped), comments, hyperlinks, split runs. Paragraphs
 * without an id (added by a person) get new ids.
 */
import type { Locales } from '../compose/i18n.js';
import { attr, find, kids, nameOf, openDocx, type DocxPackage, type XmlNode } from './docx-package.js';
import { parseBookmarkName } from '../render/docx/build.js';
import { escapeInline } from '../l10n/inline-codes.js';
import { CLOSING_NOTE, LEAD_IN, REPORT_REF, matchVerdict, reportRefOf, verdictPatterns } from './patterns.js';
import { instrumentsData, parseCommitments, type ImportCounts, type ImportWarning, type ImportedDocument, type Instrument } from './text.js';

type Obj = Record<string, unknown>;

interface Seg {
  kind: 'bookmark' | 'run' | 'footnote';
  name?: string;
  text?: string;
  style?: string;
  italic?: boolean;
  bold?: boolean;
  footnote?: string;
}

interface Para {
  style: string;
  segs: Seg[];
  numId?: string;
  /** Set for paragraphs inside a table: [row, cell]. */
  cell?: [number, number];
  table?: number;
  /** Relative column widths of the table (from w:tblGrid). */
  widths?: number[];
}

const on = (n: XmlNode | undefined) => {
  if (!n) return undefined;
  const v = attr(n, 'w:val');
  return v === undefined || !['false', '0', 'off'].includes(v);
};

function runProps(r: XmlNode): { style?: string; italic?: boolean; bold?: boolean } {
  const rPr = find(kids(r), 'w:rPr');
  if (!rPr) return {};
  const k = kids(rPr);
  const st = find(k, 'w:rStyle');
  return { ...(st ? { style: canonicalStyle(attr(st, 'w:val')) } : {}), italic: on(find(k, 'w:i')), bold: on(find(k, 'w:b')) };
}

/** Paragraph content in reading order, tracked deletions left out. */
function segments(nodes: XmlNode[], out: Seg[]): void {
  for (const n of nodes) {
    const name = nameOf(n);
    if (name === 'w:bookmarkStart') out.push({ kind: 'bookmark', name: attr(n, 'w:name') ?? '' });
    else if (name === 'w:r') {
      const props = runProps(n);
      for (const c of kids(n)) {
        const cn = nameOf(c);
        if (cn === 'w:t') out.push({ kind: 'run', text: kids(c).map((t) => String(t['#text'] ?? '')).join(''), ...props });
        else if (cn === 'w:tab') out.push({ kind: 'run', text: '\t', ...props });
        else if (cn === 'w:br') out.push({ kind: 'run', text: ' ', ...props });
        else if (cn === 'w:footnoteReference') out.push({ kind: 'footnote', footnote: attr(c, 'w:id') });
      }
    } else if (name === 'w:del' || name === 'w:pPr' || name === 'w:rPr' || name === 'w:commentReference') continue;
    else if (['w:ins', 'w:hyperlink', 'w:smartTag', 'w:sdt', 'w:sdtContent', 'w:fldSimple', 'w:customXml'].includes(name)) segments(kids(n), out);
  }
}

/**
 * Style ids -> the names standpoint gives them, without spaces. Word keeps our
 * ids; LibreOffice rewrites some ("Body Text" becomes its "Text Body").
 */
let styleNames = new Map<string, string>();
const STYLE_ALIASES: Record<string, string> = { TextBody: 'BodyText', Textbody: 'BodyText', 'heading1': 'Heading1', 'heading2': 'Heading2', 'heading3': 'Heading3', Footnote: 'FootnoteText' };

function readStyleNames(pkg: DocxPackage): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of kids(find(pkg.part('word/styles.xml') ?? [], 'w:styles') ?? {})) {
    if (nameOf(s) !== 'w:style') continue;
    const id = attr(s, 'w:styleId') ?? '';
    const name = attr(find(kids(s), 'w:name') ?? {}, 'w:val') ?? id;
    const compact = name.replace(/\s+/g, '');
    out.set(id, STYLE_ALIASES[compact] ?? STYLE_ALIASES[id] ?? compact);
  }
  return out;
}

const canonicalStyle = (id: string | undefined) => (id ? (styleNames.get(id) ?? STYLE_ALIASES[id] ?? id) : undefined);

function paragraphStyle(p: XmlNode): { style: string; numId?: string } {
  const pPr = find(kids(p), 'w:pPr');
  const st = pPr ? find(kids(pPr), 'w:pStyle') : undefined;
  const numPr = pPr ? find(kids(pPr), 'w:numPr') : undefined;
  const numId = numPr ? attr(find(kids(numPr), 'w:numId') ?? {}, 'w:val') : undefined;
  return { style: canonicalStyle(st && attr(st, 'w:val')) || 'Normal', ...(numId ? { numId } : {}) };
}

function bodyParagraphs(pkg: DocxPackage): Para[] {
  const doc = pkg.part('word/document.xml')!;
  const body = kids(find(kids(find(doc, 'w:document') ?? {}), 'w:body') ?? {});
  const out: Para[] = [];
  let tables = 0;
  const walk = (nodes: XmlNode[]) => {
    for (const n of nodes) {
      const name = nameOf(n);
      if (name === 'w:p') {
        const segs: Seg[] = [];
        segments(kids(n), segs);
        out.push({ ...paragraphStyle(n), segs });
      } else if (name === 'w:tbl') {
        const t = ++tables;
        const grid = kids(find(kids(n), 'w:tblGrid') ?? {}).map((g) => Number(attr(g, 'w:w') ?? '0'));
        const least = Math.min(...grid.filter((w) => w > 0));
        const widths = grid.map((w) => Math.round((w / least) * 100) / 100);
        kids(n)
          .filter((r) => nameOf(r) === 'w:tr')
          .forEach((row, ri) =>
            kids(row)
              .filter((c) => nameOf(c) === 'w:tc')
              .forEach((cell, ci) => {
                for (const p of kids(cell).filter((x) => nameOf(x) === 'w:p')) {
                  const segs: Seg[] = [];
                  segments(kids(p), segs);
                  out.push({ ...paragraphStyle(p), segs, cell: [ri, ci], table: t, widths });
                }
              }),
          );
      } else if (['w:sdt', 'w:sdtContent', 'w:customXml'].includes(name)) walk(kids(n));
    }
  };
  walk(body);
  return out;
}

function footnotes(pkg: DocxPackage): Map<string, { id?: string; segs: Seg[] }> {
  const out = new Map<string, { id?: string; segs: Seg[] }>();
  const root = find(pkg.part('word/footnotes.xml') ?? [], 'w:footnotes');
  for (const fn of kids(root ?? {}).filter((n) => nameOf(n) === 'w:footnote')) {
    const segs: Seg[] = [];
    for (const p of kids(fn).filter((n) => nameOf(n) === 'w:p')) segments(kids(p), segs);
    const bm = segs.find((s) => s.kind === 'bookmark' && parseBookmarkName(s.name!)?.kind === 'unit');
    out.set(attr(fn, 'w:id') ?? '', { ...(bm ? { id: parseBookmarkName(bm.name!)!.id } : {}), segs });
  }
  return out;
}

function listStyles(pkg: DocxPackage): Map<string, string> {
  const out = new Map<string, string>();
  const root = kids(find(pkg.part('word/numbering.xml') ?? [], 'w:numbering') ?? {});
  const abstract = new Map<string, string>();
  for (const a of root.filter((n) => nameOf(n) === 'w:abstractNum')) {
    const lvl = kids(a).find((l) => nameOf(l) === 'w:lvl' && attr(l, 'w:ilvl') === '0');
    const fmt = attr(find(kids(lvl ?? {}), 'w:numFmt') ?? {}, 'w:val');
    const text = attr(find(kids(lvl ?? {}), 'w:lvlText') ?? {}, 'w:val') ?? '';
    abstract.set(attr(a, 'w:abstractNumId') ?? '', fmt === 'bullet' ? 'bullet' : fmt === 'lowerLetter' ? 'a)' : text.endsWith(')') ? '1)' : '1.');
  }
  for (const n of root.filter((x) => nameOf(x) === 'w:num')) {
    const ref = attr(find(kids(n), 'w:abstractNumId') ?? {}, 'w:val') ?? '';
    out.set(attr(n, 'w:numId') ?? '', abstract.get(ref) ?? '1)');
  }
  return out;
}

function coreProps(pkg: DocxPackage): Record<string, string> {
  const out: Record<string, string> = {};
  const root = kids(find(pkg.part('docProps/core.xml') ?? [], 'cp:coreProperties') ?? {});
  for (const n of root) out[nameOf(n).replace(/^\w+:/, '')] = kids(n).map((t) => String(t['#text'] ?? '')).join('');
  const custom = kids(find(pkg.part('docProps/custom.xml') ?? [], 'Properties') ?? {});
  for (const p of custom) {
    const v = kids(p)[0];
    if (v) out[`custom:${attr(p, 'name') ?? ''}`] = kids(v).map((t) => String(t['#text'] ?? '')).join('');
  }
  return out;
}

const ids = (p: Para) => p.segs.filter((s) => s.kind === 'bookmark').map((s) => parseBookmarkName(s.name!)).filter((b): b is NonNullable<typeof b> => !!b);

export interface DocxImportOptions {
  locales: Locales;
  id?: string;
  lang?: string;
}

export function importDocx(file: string, o: DocxImportOptions): ImportedDocument {
  const pkg = openDocx(file);
  styleNames = readStyleNames(pkg);
  const paras = bodyParagraphs(pkg);
  const notes = footnotes(pkg);
  const lists = listStyles(pkg);
  const props = coreProps(pkg);
  const patterns = verdictPatterns(o.locales);
  const warnings: ImportWarning[] = [];
  const counts: ImportCounts = { items: 0, findings: 0, footnotes: 0, verdicts: 0, commitments: 0, paragraphs: 0 };
  const instruments: Instrument[] = [];
  const meta: Obj = {};
  const opening: Obj[] = [];
  const closing: Obj[] = [];
  const abbreviations: Obj[] = [];
  const sections: Obj[] = [];
  let section: Obj | undefined;
  let group: Obj | undefined;
  let theme: Obj | undefined;
  let top: Obj | undefined;
  let item: Obj | undefined;
  let issuerShort: string | undefined;
  let state: string | undefined;
  let fresh = 0;
  const newId = (prefix: string) => `${prefix}.new${++fresh}`;

  /** Runs -> inline syntax; footnotes become [^id] and are added to `owner`. */
  const inline = (segs: Seg[], owner: Obj | undefined, emphasis: (s: Seg) => boolean): string => {
    let out = '';
    let em = false;
    let st = false;
    for (const s of segs) {
      if (s.kind === 'footnote') {
        const fn = notes.get(s.footnote ?? '');
        const fid = fn?.id ?? newId(`${String(owner?.id ?? 'doc')}.fn`);
        if (owner) {
          ((owner.footnotes ??= []) as Obj[]).push({ id: fid, text: inline(fn?.segs ?? [], undefined, (x) => !!x.italic).trim() });
          counts.footnotes++;
        }
        if (em) (out += '*'), (em = false);
        if (st) (out += '**'), (st = false);
        out += `[^${fid}]`;
        continue;
      }
      if (s.kind !== 'run') continue;
      const blank = s.text!.trim() === '';
      const wantEm = !blank && emphasis(s);
      const wantSt = !blank && !!s.bold && s.style !== 'StandpointLead';
      if (em && !wantEm && !blank) (out += '*'), (em = false);
      if (st && !wantSt && !blank) (out += '**'), (st = false);
      if (wantSt && !st) (out += '**'), (st = true);
      if (wantEm && !em) (out += '*'), (em = true);
      out += escapeInline(s.text!);
    }
    if (em) out += '*';
    if (st) out += '**';
    return out.replace(/\s+/g, ' ').trim();
  };
  const plainEm = (s: Seg) => !!s.italic;

  const sectionOf = (id: string, heading?: Obj): Obj => {
    const s: Obj = { id, kind: 'critical', ...(heading ? { heading } : {}) };
    sections.push(s);
    group = theme = top = item = undefined;
    return s;
  };
  const blocksOf = (owner: Obj, key: string) => (owner[key] ??= []) as Obj[];
  const unitIdOf = (p: Para) => ids(p).filter((b) => b.kind === 'unit').map((b) => b.id)[0];

  for (let i = 0; i < paras.length; i++) {
    const p = paras[i]!;
    const marks = ids(p);
    const unitId = unitIdOf(p);
    const textOf = (filter?: (s: Seg) => boolean) => p.segs.filter((s) => s.kind === 'run' && (!filter || filter(s))).map((s) => s.text).join('');
    switch (p.style) {
      case 'Title':
        meta.title = { id: unitId ?? 'meta.title', text: inline(p.segs, undefined, plainEm) };
        continue;
      case 'Subtitle':
        meta.election = { id: unitId ?? 'meta.election', text: inline(p.segs, undefined, plainEm) };
        continue;
      case 'Opening':
        opening.push({ id: unitId ?? newId('opening'), text: inline(p.segs, undefined, plainEm) });
        continue;
      case 'Heading1': {
        const sid = marks.find((m) => m.kind === 'section')?.id ?? newId('section');
        if (sid === 'abbreviations' || sid === 'annex-stats') {
          section = undefined;
          continue;
        }
        section = sectionOf(sid, unitId && unitId !== sid ? { id: unitId, text: inline(p.segs, undefined, plainEm) } : undefined);
        continue;
      }
      case 'Heading2':
      case 'Heading3': {
        if (!section) section = sectionOf(newId('section'));
        const gid = marks.find((m) => m.kind === 'section')?.id ?? newId('group');
        const text = inline(p.segs, undefined, plainEm);
        const m = /^(\p{Lu})\.\s+(.*)$/u.exec(text);
        const g: Obj = { id: gid, ...(m ? { label: m[1] } : {}), heading: { id: unitId ?? `${gid}.heading`, text: m ? m[2] : text } };
        if (p.style === 'Heading2' || !group) {
          blocksOf(section, 'groups').push(g);
          group = g;
          theme = undefined;
        } else {
          blocksOf(group, 'groups').push(g);
          theme = g;
        }
        top = item = undefined;
        continue;
      }
      case 'GroupLead':
      case 'Finding': {
        const itemMarks = marks.filter((m) => m.kind === 'item');
        const numberRun = p.segs.find((s) => s.kind === 'run' && s.style === 'ItemNumber');
        const number = numberRun?.text?.trim() ?? '';
        for (const im of itemMarks) {
          const sub = /^(?:\d+\s*)?\(([a-zа-я])\)\.?$/u.exec(number);
          const isSub = !!sub && im === itemMarks[itemMarks.length - 1] && (itemMarks.length > 1 || !!top);
          const it: Obj = { id: im.id };
          counts.items++;
          if (isSub) {
            it.label = sub![1];
            blocksOf(top!, 'subitems').push(it);
          } else {
            const n = /^(\d+)/.exec(number)?.[1];
            if (n) it.number = n;
            const list = blocksOf(theme ?? group ?? section ?? sectionOf(newId('section')), 'items');
            list.push(it);
            top = it;
          }
          item = it;
        }
        const owner: Obj | undefined = p.style === 'GroupLead' ? (theme ?? group) : item;
        if (!owner) {
          warnings.push({ line: i + 1, message: 'a quoted finding outside any item; kept in the opening' });
          opening.push({ id: unitId ?? newId('opening'), text: inline(p.segs, undefined, plainEm) });
          continue;
        }
        // Passages: a unit bookmark starts one; the reference run ends it.
        const list = blocksOf(owner, p.style === 'GroupLead' ? 'leadIn' : 'findings');
        let cur: { id: string; segs: Seg[] } | undefined;
        let first = true;
        const close = (ref?: string) => {
          if (!cur) return;
          const text = inline(cur.segs, owner, (s) => s.style !== 'FindingQuote' && s.style !== 'ItemNumber');
          const passage: Obj = { id: cur.id, text };
          if (ref) {
            REPORT_REF.lastIndex = 0;
            const m = REPORT_REF.exec(` ${ref}`);
            if (m) {
              const { ref: r, end } = reportRefOf(m);
              passage.ref = r;
              if (end !== '.') passage.end = end;
            }
          }
          if (first && list.length > 0) passage.newParagraph = true;
          first = false;
          if (text || passage.ref) {
            list.push(passage);
            counts.findings++;
          }
          cur = undefined;
        };
        for (const s of p.segs) {
          if (s.kind === 'bookmark') {
            const b = parseBookmarkName(s.name!);
            if (b?.kind === 'unit') {
              close();
              cur = { id: b.id, segs: [] };
            }
          } else if (s.kind === 'run' && s.style === 'ReportReference') close(s.text);
          else if (s.kind === 'run' && s.style === 'ItemNumber') continue;
          else {
            cur ??= { id: newId(String(owner.id)), segs: [] };
            cur.segs.push(s);
          }
        }
        close();
        continue;
      }
      case 'Commitment': {
        if (!item) continue;
        const purposeAt = p.segs.findIndex((s) => s.kind === 'bookmark' && /Xpurpose$/.test(s.name!));
        // Up to the purpose bookmark, the sentence names only the commitments.
        const text = (purposeAt >= 0 ? p.segs.slice(0, purposeAt) : p.segs).filter((s) => s.kind === 'run').map((s) => s.text).join('');
        const m = /^(.+?)\s+has implemented provisions of\s+(.*)$/su.exec(text.trim());
        if (m) {
          state ??= m[1];
          const c = parseCommitments(m[2]!, instruments, purposeAt >= 0);
          if (c) {
            item.commitments = c.commitments;
            counts.commitments += c.commitments.length;
          }
        }
        if (purposeAt >= 0) {
          const purposeId = parseBookmarkName(p.segs[purposeAt]!.name!)!.id;
          item.purpose = { id: purposeId, text: inline(p.segs.slice(purposeAt + 1), item, plainEm).replace(/\.$/, '') };
        }
        continue;
      }
      case 'Standpoint':
      case 'BodyText':
      case 'Quotation': {
        const segs = p.segs.filter((s) => !(s.kind === 'run' && s.style === 'StandpointLead'));
        const lead = p.segs.find((s) => s.kind === 'run' && s.style === 'StandpointLead');
        if (lead) issuerShort ??= (LEAD_IN.exec(lead.text ?? '')?.slice(1).find(Boolean));
        // Body Text paragraphs belong to the section (its intro or outro), Standpoint ones to the item.
        const inItem = p.style !== 'BodyText' && !!item;
        const owner = inItem ? item : section;
        const text = inline(segs, inItem ? item : undefined, plainEm);
        if (!text) continue;
        if (!owner) {
          opening.push({ id: unitId ?? newId('opening'), text });
          continue;
        }
        const key = inItem ? 'standpoint' : (section!.items || section!.groups) ? 'outro' : 'intro';
        const block: Obj = p.style === 'Quotation' ? { id: unitId ?? newId(String(owner.id)), quote: text } : { id: unitId ?? newId(String(owner.id)), text };
        if (!unitId) warnings.push({ line: i + 1, message: `paragraph ${i + 1} of the DOCX is new (it has no id) in ${String(owner.id)}` });
        blocksOf(owner, key).push(block);
        counts.paragraphs++;
        continue;
      }
      case 'ListParagraph': {
        if (!item) continue;
        const id = unitId ?? newId(String(item.id));
        const listId = id.replace(/\.i\d+$/, '');
        const blocks = blocksOf(item, 'standpoint');
        const last = blocks[blocks.length - 1];
        const entry = { id, text: inline(p.segs, item, plainEm) };
        if (last && last.id === listId && last.list) ((last.list as Obj).items as Obj[]).push(entry);
        else blocks.push({ id: listId, list: { style: lists.get(p.numId ?? '') ?? '1)', items: [entry] } });
        continue;
      }
      case 'TableHeading':
      case 'TableText': {
        if (!item || !unitId) continue;
        const blocks = blocksOf(item, 'standpoint');
        const m = /^(.*)\.(h\d+|r\d+\.c\d+)$/.exec(unitId);
        const tableId = m ? m[1]!.replace(/\.r\d+$/, '') : newId(String(item.id));
        let last = blocks[blocks.length - 1];
        if (!last || last.id !== tableId) blocks.push((last = { id: tableId, table: { columns: [], rows: [] } }));
        const table = last.table as { columns: Obj[]; rows: Obj[] };
        const text = inline(p.segs, item, plainEm);
        if (p.style === 'TableHeading') table.columns.push({ id: unitId, text, ...(p.widths && p.cell ? { width: p.widths[p.cell[1]] } : {}) });
        else {
          const rowId = unitId.replace(/\.c\d+$/, '');
          let row = table.rows[table.rows.length - 1];
          if (!row || row.id !== rowId) table.rows.push((row = { id: rowId, cells: [] }));
          (row.cells as string[]).push(text);
        }
        continue;
      }
      case 'Verdict': {
        if (!item) continue;
        const noteAt = p.segs.findIndex((s) => s.kind === 'bookmark' && /Xvn$/.test(s.name!));
        const v = matchVerdict(textOf(), patterns);
        if (!v) {
          warnings.push({ line: i + 1, message: `a verdict line that names no known verdict: “${textOf()}”; kept as a paragraph` });
          blocksOf(item, 'standpoint').push({ id: newId(String(item.id)), text: inline(p.segs, item, plainEm) });
          continue;
        }
        item.verdict = v.code;
        if (section && v.kind === 'recommendations' && section.kind !== 'positive') section.kind = 'recommendations';
        if (v.note) item.verdictNote = { id: noteAt >= 0 ? parseBookmarkName(p.segs[noteAt]!.name!)!.id : `${String(item.id)}.vn`, text: v.note };
        counts.verdicts++;
        continue;
      }
      case 'Closing':
        closing.push({ id: unitId ?? newId('closing'), text: inline(p.segs, undefined, plainEm).replace(CLOSING_NOTE, '') });
        continue;
      case 'Abbreviation': {
        const shortAt = p.segs.findIndex((s) => s.kind === 'bookmark' && /Xshort$/.test(s.name!));
        // "ANSDP, OSDP – …": the alias has its own bookmark after the short form.
        const aliasAt = p.segs.findIndex((s) => s.kind === 'bookmark' && /Xalias$/.test(s.name!));
        const boldBetween = (from: number, to: number) => p.segs.filter((s, k) => s.kind === 'run' && s.bold && k > from && k < to).map((s) => s.text).join('');
        const short = (aliasAt > shortAt ? boldBetween(shortAt, aliasAt).replace(/,\s*$/, '') : boldBetween(shortAt, Infinity)).trim();
        const alias = aliasAt > shortAt ? boldBetween(aliasAt, Infinity).trim() : '';
        const rest = p.segs.filter((s) => s.kind === 'run' && !s.bold);
        abbreviations.push({ id: unitId ?? newId('abbr'), short, ...(alias ? { alias } : {}), text: inline(rest, undefined, plainEm).replace(/^[–-]\s*/, '') });
        continue;
      }
      default:
        if (textOf().trim()) {
          warnings.push({ line: i + 1, message: `a paragraph in the style ${p.style}; kept as a paragraph` });
          const owner = item ?? section;
          if (owner) blocksOf(owner, item ? 'standpoint' : 'intro').push({ id: unitId ?? newId(String(owner.id)), text: inline(p.segs, item, plainEm) });
          else opening.push({ id: unitId ?? newId('opening'), text: inline(p.segs, undefined, plainEm) });
        }
    }
  }
  // Section kinds from what they hold.
  const allItems = (s: Obj): Obj[] => {
    const out: Obj[] = [];
    const walk = (o: Obj) => {
      for (const it of (o.items as Obj[] | undefined) ?? []) out.push(it, ...((it.subitems as Obj[] | undefined) ?? []));
      for (const g of (o.groups as Obj[] | undefined) ?? []) walk(g);
    };
    walk(s);
    return out;
  };
  for (const s of sections) {
    const its = allItems(s);
    if (its.some((it) => it.commitments)) s.kind = 'positive';
    else if (s.kind !== 'recommendations' && its.some((it) => ['implemented', 'being-implemented', 'requires-further-study', 'cannot-be-accepted'].includes(String(it.verdict)))) s.kind = 'recommendations';
  }
  const subject = props.subject ?? '';
  const [report, election] = subject.includes(' — ') ? subject.split(' — ') : [subject, meta.election ? String((meta.election as Obj).text) : ''];
  const document: Obj = {
    id: o.id ?? props['custom:standpoint-document'] ?? 'imported',
    lang: o.lang ?? (props['custom:standpoint-language'] ?? 'en').split('-')[0],
    meta: {
      title: meta.title ?? { id: 'meta.title', text: props.title ?? 'Comments' },
      issuer: { id: 'meta.issuer', text: props.creator || 'Central Election Commission' },
      issuerShort: { id: 'meta.issuer-short', text: issuerShort ?? 'CEC' },
      state: { id: 'meta.state', text: state ?? 'The state' },
      report: { id: 'meta.report', text: report || 'Final Report' },
      election: meta.election ?? { id: 'meta.election', text: election || 'Election' },
      ...(props['custom:standpoint-election-date'] ? { electionDate: props['custom:standpoint-election-date'] } : {}),
      ...(props['custom:standpoint-date'] ? { date: props['custom:standpoint-date'] } : {}),
    },
    ...instrumentsData(instruments),
    ...(opening.length ? { opening } : {}),
    parts: sections.map((s) => `${String(s.id)}.yaml`),
    ...(closing.length ? { closing } : {}),
    ...(abbreviations.length ? { abbreviations } : {}),
  };
  return { document, sections: sections.map((s) => ({ file: `${String(s.id)}.yaml`, data: s })), warnings, counts };
}
