/**
 * Any DOCX (Word, LibreOffice, pandoc, the docx library …) -> the paragraph
 * stream: runs with italic and bold (direct, from character styles and from
 * paragraph styles), automatic numbering rendered from numbering.xml as Word
 * shows it ("1.", "(a)", "а)"), footnote bodies at their marks, table cells,
 * headings by outline level or style name, tracked insertions taken and
 * deletions dropped. A DOCX that is only lines of text (no formatting, no
 * numbering, no notes: a text file converted) is joined like a text file.
 * Owns reading WordprocessingML; knows nothing of a response's structure.
 */
import { attr, find, kids, nameOf, type DocxPackage, type XmlNode } from './docx-package.js';
import type { ParagraphStream, Span, StreamParagraph } from './stream.js';
import { textStream, type BoundaryTest } from './text.js';
import type { ImportWarning } from './recognise.js';

const on = (n: XmlNode | undefined) => {
  if (!n) return undefined;
  const v = attr(n, 'w:val');
  return v === undefined || !['false', '0', 'off', 'none'].includes(v);
};

interface RunFormat {
  italic?: boolean;
  bold?: boolean;
}

interface StyleInfo {
  name: string;
  basedOn?: string;
  type?: string;
  run: RunFormat;
  outline?: number;
  numId?: string;
  ilvl?: number;
}

function runFormat(rPr: XmlNode | undefined): RunFormat {
  if (!rPr) return {};
  const k = kids(rPr);
  const out: RunFormat = {};
  const i = on(find(k, 'w:i'));
  const b = on(find(k, 'w:b'));
  if (i !== undefined) out.italic = i;
  if (b !== undefined) out.bold = b;
  return out;
}

function readStyles(pkg: DocxPackage): Map<string, StyleInfo> {
  const out = new Map<string, StyleInfo>();
  for (const s of kids(find(pkg.part('word/styles.xml') ?? [], 'w:styles') ?? {})) {
    if (nameOf(s) !== 'w:style') continue;
    const k = kids(s);
    const pPr = find(k, 'w:pPr');
    const numPr = pPr ? find(kids(pPr), 'w:numPr') : undefined;
    const outline = pPr ? attr(find(kids(pPr), 'w:outlineLvl') ?? {}, 'w:val') : undefined;
    out.set(attr(s, 'w:styleId') ?? '', {
      name: attr(find(k, 'w:name') ?? {}, 'w:val') ?? '',
      ...(find(k, 'w:basedOn') ? { basedOn: attr(find(k, 'w:basedOn')!, 'w:val') } : {}),
      type: attr(s, 'w:type'),
      run: runFormat(find(k, 'w:rPr')),
      ...(outline !== undefined ? { outline: Number(outline) } : {}),
      ...(numPr && find(kids(numPr), 'w:numId') ? { numId: attr(find(kids(numPr), 'w:numId')!, 'w:val') } : {}),
      ...(numPr && find(kids(numPr), 'w:ilvl') ? { ilvl: Number(attr(find(kids(numPr), 'w:ilvl')!, 'w:val')) } : {}),
    });
  }
  return out;
}

/** A style's formatting with what it inherits (basedOn chains are short; cycles are cut). */
function styleChain(styles: Map<string, StyleInfo>, id: string | undefined): StyleInfo[] {
  const out: StyleInfo[] = [];
  const seen = new Set<string>();
  while (id && !seen.has(id)) {
    seen.add(id);
    const s = styles.get(id);
    if (!s) break;
    out.push(s);
    id = s.basedOn;
  }
  return out;
}

function inheritedRun(styles: Map<string, StyleInfo>, id: string | undefined): RunFormat {
  const out: RunFormat = {};
  for (const s of styleChain(styles, id).reverse()) Object.assign(out, s.run);
  return out;
}

function headingLevel(styles: Map<string, StyleInfo>, id: string | undefined, pPr: XmlNode | undefined): number | undefined {
  const direct = pPr ? attr(find(kids(pPr), 'w:outlineLvl') ?? {}, 'w:val') : undefined;
  if (direct !== undefined && Number(direct) < 9) return Number(direct) + 1;
  for (const s of styleChain(styles, id)) {
    const name = s.name.toLowerCase();
    if (name === 'title') return 0;
    const m = /^heading\s*(\d)$/.exec(name);
    if (m) return Number(m[1]);
    if (s.outline !== undefined && s.outline < 9) return s.outline + 1;
  }
  return undefined;
}

interface Level {
  fmt: string;
  text: string;
  start: number;
}

interface Numbering {
  /** numId -> abstract id and start overrides per level. */
  nums: Map<string, { abstract: string; overrides: Map<number, number> }>;
  abstracts: Map<string, Map<number, Level>>;
}

function readNumbering(pkg: DocxPackage): Numbering {
  const root = kids(find(pkg.part('word/numbering.xml') ?? [], 'w:numbering') ?? {});
  const abstracts = new Map<string, Map<number, Level>>();
  for (const a of root.filter((n) => nameOf(n) === 'w:abstractNum')) {
    const levels = new Map<number, Level>();
    for (const l of kids(a).filter((x) => nameOf(x) === 'w:lvl')) {
      const k = kids(l);
      levels.set(Number(attr(l, 'w:ilvl') ?? '0'), {
        fmt: attr(find(k, 'w:numFmt') ?? {}, 'w:val') ?? 'decimal',
        text: attr(find(k, 'w:lvlText') ?? {}, 'w:val') ?? '',
        start: Number(attr(find(k, 'w:start') ?? {}, 'w:val') ?? '1'),
      });
    }
    abstracts.set(attr(a, 'w:abstractNumId') ?? '', levels);
  }
  const nums = new Map<string, { abstract: string; overrides: Map<number, number> }>();
  for (const n of root.filter((x) => nameOf(x) === 'w:num')) {
    const overrides = new Map<number, number>();
    for (const o of kids(n).filter((x) => nameOf(x) === 'w:lvlOverride')) {
      const so = find(kids(o), 'w:startOverride');
      if (so) overrides.set(Number(attr(o, 'w:ilvl') ?? '0'), Number(attr(so, 'w:val') ?? '1'));
    }
    nums.set(attr(n, 'w:numId') ?? '', { abstract: attr(find(kids(n), 'w:abstractNumId') ?? {}, 'w:val') ?? '', overrides });
  }
  return { nums, abstracts };
}

const RU_LETTERS = 'абвгдежзиклмнопрстуфхцчшщэюя';

function roman(n: number): string {
  const table: [number, string][] = [[1000, 'm'], [900, 'cm'], [500, 'd'], [400, 'cd'], [100, 'c'], [90, 'xc'], [50, 'l'], [40, 'xl'], [10, 'x'], [9, 'ix'], [5, 'v'], [4, 'iv'], [1, 'i']];
  let out = '';
  for (const [v, s] of table) while (n >= v) (out += s), (n -= v);
  return out;
}

function formatNumber(n: number, fmt: string): string {
  const letters = (alphabet: string) => alphabet[(n - 1) % alphabet.length]!.repeat(Math.floor((n - 1) / alphabet.length) + 1);
  switch (fmt) {
    case 'lowerLetter':
      return letters('abcdefghijklmnopqrstuvwxyz');
    case 'upperLetter':
      return letters('abcdefghijklmnopqrstuvwxyz').toUpperCase();
    case 'lowerRoman':
      return roman(n);
    case 'upperRoman':
      return roman(n).toUpperCase();
    case 'russianLower':
      return letters(RU_LETTERS);
    case 'russianUpper':
      return letters(RU_LETTERS).toUpperCase();
    case 'decimalZero':
      return String(n).padStart(2, '0');
    case 'none':
      return '';
    default:
      return String(n);
  }
}

/** Renders automatic numbers as Word shows them: counters per list, deeper levels restarting. */
class NumberRenderer {
  private readonly counters = new Map<string, number[]>();
  private readonly started = new Set<string>();

  constructor(private readonly numbering: Numbering) {}

  label(numId: string, ilvl: number): string | undefined {
    const num = this.numbering.nums.get(numId);
    if (!num || numId === '0') return undefined;
    const levels = this.numbering.abstracts.get(num.abstract);
    const level = levels?.get(ilvl);
    if (!levels || !level) return undefined;
    // Lists that share an abstract numbering continue one another unless a num restarts it.
    const key = num.overrides.size ? `num:${numId}` : `abs:${num.abstract}`;
    let c = this.counters.get(key);
    if (!c) this.counters.set(key, (c = []));
    if (!this.started.has(numId)) {
      this.started.add(numId);
      for (const [l, v] of num.overrides) c[l] = v - 1;
    }
    c[ilvl] = (c[ilvl] ?? (levels.get(ilvl)!.start - 1)) + 1;
    for (let d = ilvl + 1; d < 9; d++) c[d] = undefined as unknown as number;
    if (level.fmt === 'bullet') return '•';
    return level.text.replace(/%(\d)/g, (_m, d: string) => {
      const l = Number(d) - 1;
      const v = c![l] ?? levels.get(l)?.start ?? 1;
      return formatNumber(v, levels.get(l)?.fmt ?? 'decimal');
    });
  }
}

export function docxStream(pkg: DocxPackage, boundary: BoundaryTest, warnings: ImportWarning[]): ParagraphStream {
  const styles = readStyles(pkg);
  const numbers = new NumberRenderer(readNumbering(pkg));
  const notes = new Map<string, XmlNode>();
  for (const fn of kids(find(pkg.part('word/footnotes.xml') ?? [], 'w:footnotes') ?? {})) {
    if (nameOf(fn) !== 'w:footnote') continue;
    const type = attr(fn, 'w:type');
    if (type === 'separator' || type === 'continuationSeparator' || type === 'continuationNotice') continue;
    notes.set(attr(fn, 'w:id') ?? '', fn);
  }
  let formatted = false;

  /** Runs of a paragraph (or a footnote's paragraphs) in reading order. */
  const spansOf = (nodes: XmlNode[], base: RunFormat, out: Span[], inNote: boolean) => {
    for (const n of nodes) {
      const name = nameOf(n);
      if (name === 'w:r') {
        const rPr = find(kids(n), 'w:rPr');
        const rStyle = rPr ? attr(find(kids(rPr), 'w:rStyle') ?? {}, 'w:val') : undefined;
        const fmt: RunFormat = { ...base, ...inheritedRun(styles, rStyle), ...runFormat(rPr) };
        for (const c of kids(n)) {
          const cn = nameOf(c);
          if (cn === 'w:t') out.push({ text: kids(c).map((t) => String(t['#text'] ?? '')).join(''), ...(fmt.italic ? { italic: true } : {}), ...(fmt.bold ? { bold: true } : {}) });
          else if (cn === 'w:tab') out.push({ text: '\t' });
          else if (cn === 'w:br' || cn === 'w:cr') out.push({ text: ' ' });
          else if (cn === 'w:noBreakHyphen') out.push({ text: '-' });
          else if (cn === 'w:footnoteReference' && !inNote) {
            const fn = notes.get(attr(c, 'w:id') ?? '');
            const body: Span[] = [];
            for (const p of kids(fn ?? {}).filter((x) => nameOf(x) === 'w:p')) {
              if (body.length) body.push({ text: ' ' });
              spansOf(kids(p), {}, body, true);
            }
            formatted = true;
            out.push({ text: '', note: body.length ? body : [{ text: '' }] });
          }
        }
      } else if (['w:ins', 'w:hyperlink', 'w:smartTag', 'w:sdt', 'w:sdtContent', 'w:fldSimple', 'w:customXml', 'w:moveTo'].includes(name)) spansOf(kids(n), base, out, inNote);
    }
  };

  const paragraphs: StreamParagraph[] = [];
  let at = 0;
  let tables = 0;
  const paragraph = (p: XmlNode, cell?: StreamParagraph['cell']) => {
    at++;
    const pPr = find(kids(p), 'w:pPr');
    const styleId = pPr ? attr(find(kids(pPr), 'w:pStyle') ?? {}, 'w:val') : undefined;
    const chain = styleChain(styles, styleId ?? 'Normal');
    const base = inheritedRun(styles, styleId);
    const spans: Span[] = [];
    spansOf(kids(p), base, spans, false);
    // Automatic numbering: direct, or from the paragraph style.
    const numPr = pPr ? find(kids(pPr), 'w:numPr') : undefined;
    let numId = numPr ? attr(find(kids(numPr), 'w:numId') ?? {}, 'w:val') : undefined;
    let ilvl = numPr ? Number(attr(find(kids(numPr), 'w:ilvl') ?? {}, 'w:val') ?? '0') : 0;
    if (numId === undefined) {
      const fromStyle = chain.find((s) => s.numId !== undefined);
      if (fromStyle) (numId = fromStyle.numId), (ilvl = fromStyle.ilvl ?? 0);
    }
    const label = numId !== undefined ? numbers.label(numId, ilvl) : undefined;
    if (label && label !== '•') {
      spans.unshift({ text: `${label} ` });
      formatted = true;
    }
    const heading = headingLevel(styles, styleId, pPr);
    if (heading !== undefined) formatted = true;
    if (spans.some((s) => s.italic && s.text.trim())) formatted = true;
    paragraphs.push({ spans, at, ...(heading !== undefined ? { heading } : {}), ...(cell ? { cell } : {}) });
  };
  const walk = (nodes: XmlNode[]) => {
    for (const n of nodes) {
      const name = nameOf(n);
      if (name === 'w:p') paragraph(n);
      else if (name === 'w:tbl') {
        const t = ++tables;
        formatted = true;
        kids(n)
          .filter((r) => nameOf(r) === 'w:tr')
          .forEach((row, ri) =>
            kids(row)
              .filter((c) => nameOf(c) === 'w:tc')
              .forEach((cell, ci) => {
                for (const p of kids(cell).filter((x) => nameOf(x) === 'w:p')) paragraph(p, { table: t, row: ri, col: ci });
              }),
          );
      } else if (['w:sdt', 'w:sdtContent', 'w:customXml', 'w:ins'].includes(name)) walk(kids(n));
    }
  };
  const doc = pkg.part('word/document.xml')!;
  walk(kids(find(kids(find(doc, 'w:document') ?? {}), 'w:body') ?? {}));

  const core = kids(find(pkg.part('docProps/core.xml') ?? [], 'cp:coreProperties') ?? {});
  const title = core.filter((n) => nameOf(n) === 'dc:title').map((n) => kids(n).map((t) => String(t['#text'] ?? '')).join(''))[0]?.trim();

  if (!formatted) {
    // Lines of a text file in paragraphs: joined as text, positions stay paragraph numbers.
    const text = paragraphs.map((p) => p.spans.map((s) => s.text).join('')).join('\n');
    const s = textStream(text, boundary, warnings);
    return { ...s, unit: 'paragraph', ...(title ? { title } : {}) };
  }
  return { paragraphs, unit: 'paragraph', italics: paragraphs.some((p) => p.spans.some((s) => s.italic && s.text.trim())), ...(title ? { title } : {}) };
}

/** A DOCX that standpoint rendered carries its bookmarks and document id: the exact path reads it. */
export function isStandpointDocx(pkg: DocxPackage): boolean {
  const custom = JSON.stringify(pkg.part('docProps/custom.xml') ?? []);
  if (custom.includes('standpoint-document')) return true;
  return /"w:name":"s[sip]_/.test(JSON.stringify(pkg.part('word/document.xml') ?? []));
}
