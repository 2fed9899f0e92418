/**
 * Parses the markup that templates emit into the block tree (layout.ts).
 *
 * The markup is a closed vocabulary of our own (see docs/templates.md), written
 * by our templates with Handlebars escaping every data value. A small parser is
 * kept here on purpose instead of a generic XML library: it must decode exactly
 * Handlebars' escapes (&#x3D; &#x60; …), collapse white space the way the
 * templates are written, and report a template author's mistake by element
 * name and line of the rendered output rather than fail deep in a writer.
 */
import type {
  HeadingNode, ImageNode, ImageRole, LayoutNode, ListMarker, ParagraphStyle, Run, RunStyle, SignatureNode, TableCell, TableNode, TextRun,
} from './layout.js';
import { IMAGE_ROLES, PARAGRAPH_STYLES } from './layout.js';

export class MarkupError extends Error {
  constructor(
    message: string,
    readonly line: number,
    /** Where in the markup (UTF-16 index), when known: for finding the template line that printed it. */
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'MarkupError';
  }
}

/** Something the writers would ignore (an attribute no element has): a warning, never dropped without a word. */
export interface MarkupWarning {
  message: string;
  line: number;
  offset: number;
}

interface Element {
  name: string;
  attrs: Record<string, string>;
  children: (Element | string)[];
  line: number;
  offset: number;
}

/**
 * The attributes each element has (docs/templates.md). Any other is read by
 * no writer: a template author's typo (<p styel="finding">) would otherwise
 * vanish without a word.
 */
export const MARKUP_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  title: ['id', 'lang'],
  subtitle: ['id', 'lang'],
  p: ['style', 'id', 'lang'],
  quote: ['id', 'lang'],
  heading: ['level', 'id', 'lang'],
  list: ['marker', 'id', 'lang'],
  li: ['id'],
  table: ['id', 'widths', 'lang'],
  tr: ['header'],
  td: ['id'],
  item: ['id'],
  section: ['id'],
  parallel: ['langs'],
  row: ['id'],
  cell: [],
  q: ['id'],
  span: ['id'],
  ref: [],
  num: [],
  label: [],
  lead: [],
  i: [],
  b: [],
  fn: ['id'],
  draft: ['unit', 'state', 'lang'],
  image: ['src', 'role', 'id', 'alt-id', 'width', 'align', 'lang'],
  signature: ['id', 'image', 'lang'],
  position: ['id'],
  name: ['id'],
};

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (_m, hex: string | undefined, dec: string | undefined, named: string | undefined) => {
    if (named) return NAMED[named]!;
    const cp = hex ? parseInt(hex, 16) : parseInt(dec!, 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : '\uFFFD';
  });
}

const TAG = /<(\/?)([a-z][a-z0-9-]*)((?:\s+[a-z][a-z-]*="[^"<]*")*)\s*(\/?)>/y;
const ATTR = /([a-z][a-z-]*)="([^"]*)"/g;

/** Markup text -> element tree; attributes no element has go to `warnings`. */
export function parseElements(markup: string, warnings?: MarkupWarning[]): Element[] {
  const root: Element = { name: '#root', attrs: {}, children: [], line: 1, offset: 0 };
  const stack: Element[] = [root];
  let line = 1;
  let i = 0;
  while (i < markup.length) {
    const lt = markup.indexOf('<', i);
    const end = lt === -1 ? markup.length : lt;
    if (end > i) {
      const text = markup.slice(i, end);
      stack[stack.length - 1]!.children.push(decodeEntities(text));
      line += countNewlines(text);
      i = end;
      continue;
    }
    TAG.lastIndex = i;
    const m = TAG.exec(markup);
    if (!m) {
      throw new MarkupError(`a “<” that starts no markup element: ${JSON.stringify(markup.slice(i, i + 30))} (use {{…}}, which escapes, for text)`, line, i);
    }
    const [whole, closing, name, attrText, selfClosing] = m;
    if (closing) {
      const top = stack.pop()!;
      if (top.name !== name) {
        throw new MarkupError(top.name === '#root' ? `</${name}> closes nothing` : `</${name}> closes <${top.name}> opened on line ${top.line}`, line, i);
      }
    } else {
      const attrs: Record<string, string> = {};
      const known = MARKUP_ATTRIBUTES[name!];
      for (const a of attrText!.matchAll(ATTR)) {
        attrs[a[1]!] = decodeEntities(a[2]!);
        // An unknown element is refused below, where it is laid out; its attributes need no word of their own.
        if (known && !known.includes(a[1]!)) {
          warnings?.push({ message: `<${name}> has no attribute ‘${a[1]}’; it is ignored (${known.length ? `<${name}> takes ${known.join(', ')}` : `<${name}> takes none`})`, line, offset: i });
        }
      }
      const el: Element = { name: name!, attrs, children: [], line, offset: i };
      stack[stack.length - 1]!.children.push(el);
      if (!selfClosing) stack.push(el);
    }
    line += countNewlines(whole);
    i += whole.length;
  }
  if (stack.length > 1) {
    const open = stack[stack.length - 1]!;
    throw new MarkupError(`<${open.name}> opened on line ${open.line} is never closed`, line, open.offset);
  }
  return root.children as Element[];
}

function countNewlines(s: string): number {
  let n = 0;
  for (let k = s.indexOf('\n'); k !== -1; k = s.indexOf('\n', k + 1)) n++;
  return n;
}

interface RunState {
  italic: boolean;
  bold: boolean;
  style?: RunStyle;
  draft: boolean;
  draftUnit?: TextRun['draftUnit'];
  /** Inside a <q>. */
  quoted?: boolean;
  /** Unit id to put on the next run (the start of an anchored element). */
  anchor?: string;
}

const PLAIN: RunState = { italic: false, bold: false, draft: false };

/** Inline elements -> runs, collapsing white space as HTML does. */
function inlineRuns(children: (Element | string)[], state: RunState, out: Run[], allowFootnotes: boolean): void {
  for (const c of children) {
    if (typeof c === 'string') {
      // Only markup white space collapses; no-break spaces from the typography stay.
      // No language sets a space before a comma, stop, colon or closing bracket, wherever the two came from.
      pushText(out, c.replace(/[ \t\n\r\f]+/g, ' ').replace(SPACE_BEFORE_PUNCTUATION, ''), state);
      continue;
    }
    switch (c.name) {
      case 'q':
        inlineRuns(c.children, { ...state, italic: true, style: 'quote', quoted: true, ...anchorOf(c) }, out, allowFootnotes);
        break;
      case 'span':
        inlineRuns(c.children, { ...state, ...anchorOf(c) }, out, allowFootnotes);
        break;
      case 'ref':
        inlineRuns(c.children, { ...state, italic: false, style: 'ref' }, out, allowFootnotes);
        break;
      case 'num':
        inlineRuns(c.children, { ...state, italic: false, style: 'number' }, out, allowFootnotes);
        break;
      case 'label':
        inlineRuns(c.children, { ...state, style: 'label' }, out, allowFootnotes);
        break;
      case 'lead':
        inlineRuns(c.children, { ...state, bold: true, italic: false, style: 'lead' }, out, allowFootnotes);
        break;
      case 'i':
        // Emphasis inside italic text is set upright, as typesetters do.
        inlineRuns(c.children, { ...state, italic: !state.italic, style: 'emphasis' }, out, allowFootnotes);
        break;
      case 'b':
        inlineRuns(c.children, { ...state, bold: true, style: 'strong' }, out, allowFootnotes);
        break;
      case 'draft': {
        const unit = c.attrs.unit
          ? { draftUnit: { id: c.attrs.unit, state: c.attrs.state === 'stale' ? ('stale' as const) : ('missing' as const), ...(c.attrs.lang ? { lang: c.attrs.lang } : {}) } }
          : {};
        inlineRuns(c.children, { ...state, draft: true, ...unit }, out, allowFootnotes);
        break;
      }
      case 'fn': {
        if (!allowFootnotes) throw new MarkupError('a footnote inside a footnote', c.line, c.offset);
        const runs: Run[] = [];
        inlineRuns(c.children, { ...PLAIN, draft: state.draft, ...(state.draftUnit ? { draftUnit: state.draftUnit } : {}) }, runs, false);
        trimRuns(runs);
        out.push({ kind: 'footnote', id: c.attrs.id ?? '', runs: runs as TextRun[] });
        break;
      }
      default:
        throw new MarkupError(`<${c.name}> is not an inline element (inside a paragraph use q, ref, num, label, lead, i, b, fn, span, draft)`, c.line, c.offset);
    }
  }
}

function anchorOf(el: Element): { anchor?: string } {
  return el.attrs.id ? { anchor: el.attrs.id } : {};
}

/** Anchors already placed in this paragraph: an anchor goes on the first run of its element only. */
const placed = new WeakMap<Run[], Set<string>>();

const SPACE_BEFORE_PUNCTUATION = / +(?=[,.;:!?)»])/g;

function pushText(out: Run[], text: string, state: RunState): void {
  if (text === '') return;
  const prev = out[out.length - 1];
  if (prev?.kind === 'text' && prev.text.endsWith(' ') && text.startsWith(' ')) text = text.slice(1);
  if (text === '') return;
  // "(hereinafter – Copenhagen Document) " + ", concerning …" from the next unit: the space goes.
  if (prev?.kind === 'text' && prev.text.endsWith(' ') && /^[,.;:!?)»]/.test(text)) {
    prev.text = prev.text.replace(/ +$/, '');
    if (prev.text === '' && !prev.anchor) out.pop();
  }
  let done = placed.get(out);
  if (!done) placed.set(out, (done = new Set()));
  const anchor = state.anchor && !done.has(state.anchor) ? state.anchor : undefined;
  const inQuote = !!state.quoted && state.style !== 'quote';
  if (
    !anchor && prev?.kind === 'text' && prev.italic === state.italic && prev.bold === state.bold && prev.style === state.style && !!prev.draft === state.draft &&
    prev.draftUnit?.id === state.draftUnit?.id && !!prev.inQuote === inQuote
  ) {
    prev.text += text;
    return;
  }
  const run: TextRun = { kind: 'text', text, italic: state.italic, bold: state.bold };
  if (state.style) run.style = state.style;
  if (state.draft) run.draft = true;
  if (state.draft && state.draftUnit) run.draftUnit = state.draftUnit;
  if (inQuote) run.inQuote = true;
  if (anchor) {
    run.anchor = anchor;
    done.add(anchor);
  }
  out.push(run);
}

/** Drops white space at the edges of a paragraph. */
function trimRuns(runs: Run[]): void {
  const blank = (r: Run) => r.kind === 'text' && /^[ \t\n\r\f]*$/.test(r.text);
  while (runs.length && blank(runs[0]!)) runs.shift();
  const first = runs[0];
  if (first?.kind === 'text') first.text = first.text.replace(/^[ \t\n\r\f]+/, '');
  while (runs.length && blank(runs[runs.length - 1]!)) runs.pop();
  const last = runs[runs.length - 1];
  if (last?.kind === 'text') last.text = last.text.replace(/[ \t\n\r\f]+$/, '');
}

function runsOf(el: Element): Run[] {
  const runs: Run[] = [];
  inlineRuns(el.children, PLAIN, runs, true);
  trimRuns(runs);
  return runs;
}

const LIST_MARKERS: readonly ListMarker[] = ['1)', '1.', 'a)', 'bullet'];

function withLang<T extends object>(node: T, el: Element): T {
  if (el.attrs.lang) (node as { lang?: string }).lang = el.attrs.lang;
  return node;
}

/** Block elements -> layout nodes. White space between blocks is ignored. */
export function toLayout(children: (Element | string)[]): LayoutNode[] {
  const out: LayoutNode[] = [];
  for (const c of children) {
    if (typeof c === 'string') {
      if (c.trim() !== '') throw new MarkupError(`text outside any paragraph: ${JSON.stringify(c.trim().slice(0, 40))}`, 0);
      continue;
    }
    const id = c.attrs.id || undefined;
    switch (c.name) {
      case 'title':
      case 'subtitle':
        out.push(withLang({ kind: 'paragraph', style: c.name, runs: runsOf(c), ...(id ? { id } : {}) }, c));
        break;
      case 'p': {
        const style = (c.attrs.style ?? 'body') as ParagraphStyle;
        if (!PARAGRAPH_STYLES.includes(style)) throw new MarkupError(`unknown paragraph style “${style}” (known: ${PARAGRAPH_STYLES.join(', ')})`, c.line, c.offset);
        out.push(withLang({ kind: 'paragraph', style, runs: runsOf(c), ...(id ? { id } : {}) }, c));
        break;
      }
      case 'quote':
        out.push(withLang({ kind: 'paragraph', style: 'quotation', runs: runsOf(c), ...(id ? { id } : {}) }, c));
        break;
      case 'heading': {
        const level = Number(c.attrs.level ?? '1');
        if (level !== 1 && level !== 2 && level !== 3) throw new MarkupError(`heading level must be 1, 2 or 3, not ${c.attrs.level}`, c.line, c.offset);
        const h: HeadingNode = { kind: 'heading', level, runs: runsOf(c) };
        if (id) h.id = id;
        out.push(withLang(h, c));
        break;
      }
      case 'list': {
        const marker = (c.attrs.marker ?? '1)') as ListMarker;
        if (!LIST_MARKERS.includes(marker)) throw new MarkupError(`unknown list marker “${marker}”`, c.line, c.offset);
        const items = elementsOnly(c, 'li').map((li) => ({ ...(li.attrs.id ? { id: li.attrs.id } : {}), runs: runsOf(li) }));
        out.push(withLang({ kind: 'list', marker, items, ...(id ? { id } : {}) }, c));
        break;
      }
      case 'table':
        out.push(withLang(table(c), c));
        break;
      case 'item':
        out.push({ kind: 'item', id: id ?? '', children: toLayout(c.children) });
        break;
      case 'section':
        out.push({ kind: 'section', id: id ?? '', children: toLayout(c.children) });
        break;
      case 'parallel': {
        const langs = (c.attrs.langs ?? '').split(/\s+/);
        if (langs.length !== 2) throw new MarkupError('<parallel> needs langs="xx yy"', c.line, c.offset);
        const rows = elementsOnly(c, 'row').map((row) => {
          const cells = elementsOnly(row, 'cell');
          if (cells.length !== 2) throw new MarkupError('a parallel <row> has exactly two <cell>s', row.line, row.offset);
          return { id: row.attrs.id ?? '', cells: [toLayout(cells[0]!.children), toLayout(cells[1]!.children)] as [LayoutNode[], LayoutNode[]] };
        });
        out.push({ kind: 'parallel', langs: [langs[0]!, langs[1]!], rows });
        break;
      }
      case 'image':
        out.push(withLang(image(c), c));
        break;
      case 'signature':
        out.push(withLang(signature(c), c));
        break;
      default:
        throw new MarkupError(`<${c.name}> is not a block element (use title, subtitle, heading, p, quote, list, table, image, signature, item, section, parallel)`, c.line, c.offset);
    }
  }
  return out;
}

/** The child elements of `el`, all named `name` — or, given several names, exactly those, one each, in that order. */
function elementsOnly(el: Element, ...names: string[]): Element[] {
  const out: Element[] = [];
  for (const c of el.children) {
    if (typeof c === 'string') {
      if (c.trim() !== '') throw new MarkupError(`text directly inside <${el.name}>: ${JSON.stringify(c.trim().slice(0, 40))}`, el.line, el.offset);
    } else if (names.length === 1 ? c.name !== names[0] : c.name !== names[out.length]) {
      throw new MarkupError(`<${el.name}> may hold only ${names.map((n) => `<${n}>`).join(' then ')}, not <${c.name}>`, c.line, c.offset);
    } else out.push(c);
  }
  return out;
}

function table(el: Element): TableNode {
  const rows = elementsOnly(el, 'tr');
  const cellsOf = (tr: Element): TableCell[] =>
    elementsOnly(tr, 'td').map((td) => ({ ...(td.attrs.id ? { id: td.attrs.id } : {}), runs: runsOf(td) }));
  const header = rows.filter((r) => r.attrs.header === 'true').flatMap(cellsOf);
  const body = rows.filter((r) => r.attrs.header !== 'true').map(cellsOf);
  const columns = Math.max(header.length, ...body.map((r) => r.length), 1);
  const widths = (el.attrs.widths ?? '').split(',').map(Number).filter((n) => n > 0);
  const node: TableNode = { kind: 'table', widths: widths.length === columns ? widths : new Array(columns).fill(1), header, rows: body };
  if (el.attrs.id) node.id = el.attrs.id;
  return node;
}

const LENGTH = /^([0-9]{1,4}(?:\.[0-9]{1,3})?) ?(mm|cm|in|pt)$/;
const MM: Record<string, number> = { mm: 1, cm: 10, in: 25.4, pt: 25.4 / 72 };

function image(el: Element): ImageNode {
  const src = el.attrs.src;
  if (!src) throw new MarkupError('<image> needs src="file" (an image the data names)', el.line, el.offset);
  const role = (el.attrs.role ?? 'figure') as ImageRole;
  if (!IMAGE_ROLES.includes(role)) throw new MarkupError(`unknown image role “${role}” (known: ${IMAGE_ROLES.join(', ')})`, el.line, el.offset);
  const align = el.attrs.align;
  if (align !== undefined && align !== 'left' && align !== 'center' && align !== 'right') throw new MarkupError(`image align must be left, center or right, not “${align}”`, el.line, el.offset);
  const node: ImageNode = { kind: 'image', src, role, ...(align ? { align } : {}), alt: runsOf(el).map((r) => (r.kind === 'text' ? r.text : '')).join('') };
  if (el.attrs.width) {
    const m = LENGTH.exec(el.attrs.width);
    if (!m) throw new MarkupError(`image width “${el.attrs.width}” is not a length like 80mm or 8cm`, el.line, el.offset);
    node.widthMm = Number(m[1]) * MM[m[2]!]!;
  }
  if (el.attrs.id) node.id = el.attrs.id;
  if (el.attrs['alt-id']) node.altId = el.attrs['alt-id'];
  return node;
}

function signature(el: Element): SignatureNode {
  const [position, name] = elementsOnly(el, 'position', 'name');
  if (!position || !name) throw new MarkupError('<signature> holds a <position> and then a <name>', el.line, el.offset);
  const part = (p: Element) => ({ ...(p.attrs.id ? { id: p.attrs.id } : {}), runs: runsOf(p) });
  const node: SignatureNode = { kind: 'signature', position: part(position), name: part(name) };
  if (el.attrs.id) node.id = el.attrs.id;
  if (el.attrs.image) node.image = el.attrs.image;
  return node;
}

/** Markup -> layout nodes; with `warnings`, attributes no element has are reported there. */
export function parseMarkup(markup: string, warnings?: MarkupWarning[]): LayoutNode[] {
  return toLayout(parseElements(markup, warnings));
}
