/**
 * Block tree -> HTML page structure (a hast tree of plain objects). Pure: no
 * I/O, no serialiser, so tests assert on structure; `pack.ts` makes the bytes.
 * Supports: title (h1), subtitle, headings 1–3 (h2–h4, under the title),
 * every paragraph style of compose/layout.ts, findings as <q> passages with
 * their references in <cite>, quotations as <blockquote>, runs (lead-ins,
 * numbers, labels, emphasis, strong), draft text as <mark> with its unit id,
 * footnotes as a notes section with links both ways (DPUB-ARIA noteref and
 * backlink roles), lists, tables with column headers (<th scope="col">),
 * items as an <ol> whose entries carry the item ids (#co-11), sections, and
 * parallel layouts as rows of two cells that the style sheet sets side by side.
 * Element ids are unit ids spelled for HTML (see elementId); every unit's
 * element also carries its id as written (data-unit).
 */
import type { Element, ElementContent, Properties } from 'hast';
import type { ComposedDocument, ImageNode, LayoutNode, ListMarker, ParagraphNode, Run, TextRun } from '../../compose/layout.js';
import type { HouseStyle } from '../../model/style.js';
import { langTag } from '../../compose/i18n.js';
import { imageWidthPt, pageGeometry, pdfTextWidth } from '../page-geometry.js';

export interface HtmlPage {
  /** BCP 47 tag of the page (the first language of a parallel page). */
  langTag: string;
  title: string;
  meta: { author: string; description: string; keywords: string; date: string };
  /** The footer's text in pieces around the page number and count ("Page ", {page}, " of ", {pages}), for printing. */
  pageLabel: (string | { counter: 'page' | 'pages' })[];
  /** The running header on printed pages after the first. */
  runningTitle?: string;
  draftMark?: string;
  /** The house style: the style sheet sets the page, fonts, sizes and colours from it. */
  style: HouseStyle;
  /** Relative column widths per data table, by class name: the style sheet sets them (inline styles are not allowed). */
  tables: { className: string; widths: number[] }[];
  parallel: boolean;
  untranslated: number;
  /** The page's <main>. */
  main: Element;
}

export interface HtmlBuildOptions {
  /**
   * Where a unit's text was read from ("critical.yaml:122:7"), by unit id and
   * language: the preview links each paragraph to the line to edit.
   */
  source?: (unitId: string, lang: string) => string | undefined;
}

function h(tagName: string, properties: Properties = {}, children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children };
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

/**
 * Unit ids as HTML element ids: html-validate's recommended rules allow only
 * letters, digits, "-" and "_", starting with a letter. Ids hold no "_", so
 * "co-4.fn1" becomes "co-4_fn1" and stays reversible; item and section ids
 * ("co-11", "critical") are unchanged, so "#co-11" links to the item.
 */
export function elementId(unitId: string): string {
  const spelled = unitId.replace(/\./g, '_').replace(/[^\p{L}\p{N}_-]/gu, '-');
  return /^\p{L}/u.test(spelled) ? spelled : `u-${spelled}`;
}

const OL_CLASSES: Record<Exclude<ListMarker, 'bullet'>, string[]> = { '1)': ['paren'], '1.': [], 'a)': ['paren', 'alpha'] };

interface Notes {
  n: number;
  /** Id of the heading of this language's notes section (footnote marks are described by it). */
  headingId: string;
  items: Element[];
  backToText: string;
}

interface Side {
  lang: string;
  notes: Notes;
}

export function buildHtmlPage(doc: ComposedDocument, options: HtmlBuildOptions = {}): HtmlPage {
  const used = new Set<string>();
  /** A unique element id for `id`: its own spelling, else with the suffix, else numbered. */
  const claim = (id: string, suffix: string): string => {
    let candidate = elementId(id);
    if (used.has(candidate)) candidate = `${candidate}-${suffix}`;
    for (let k = 2; used.has(candidate); k++) candidate = `${elementId(id)}-${suffix}-${k}`;
    used.add(candidate);
    return candidate;
  };
  /** The element id for `id` when nothing holds it yet; a second language's copy of a unit gets none. */
  const claimIfFree = (id: string): string | undefined => {
    const e = elementId(id);
    if (used.has(e)) return undefined;
    used.add(e);
    return e;
  };
  const tables: HtmlPage['tables'] = [];
  const draftBadged = new Set<string>();
  let titled = false;

  const sideLabels = (lang: string) => doc.sides?.find((s) => s.lang === lang)?.labels ?? doc.labels;
  // Notes are numbered per language: a parallel page keeps one sequence per column.
  const sides = new Map<string, Side>();
  const sideFor = (lang: string): Side => {
    let side = sides.get(lang);
    if (!side) sides.set(lang, (side = { lang, notes: { n: 0, headingId: claim(`notes-${lang}`, lang), items: [], backToText: sideLabels(lang).backToText } }));
    return side;
  };

  /** data-unit (and data-src in a preview) for the element that prints a unit. */
  const unitProps = (id: string, side: Side): Properties => {
    const props: Properties = { dataUnit: id };
    const src = options.source?.(id, side.lang);
    if (src) props.dataSrc = src;
    return props;
  };

  const styled = (r: TextRun, node: ElementContent): ElementContent => {
    let out = node;
    let italic = false;
    let bold = false;
    switch (r.style) {
      case 'quote':
        italic = true;
        break;
      case 'ref':
        out = h('cite', {}, [out]);
        break;
      case 'lead':
        out = h('strong', { className: ['lead'] }, [out]);
        bold = true;
        break;
      case 'number':
        out = h('span', { className: ['number'] }, [out]);
        break;
      case 'label':
        out = h('span', { className: ['label'] }, [out]);
        break;
      case 'heading-number':
        out = h('span', { className: ['heading-number'] }, [out]);
        break;
      case 'emphasis':
        out = h('em', {}, [out]);
        // Emphasis inside italics is set upright (the style sheet does it for em inside q).
        italic = !r.inQuote;
        break;
      case 'strong':
        out = h('strong', {}, [out]);
        bold = true;
        break;
      default:
        break;
    }
    if (r.bold && !bold) out = h('b', {}, [out]);
    if (r.italic && !italic && !r.inQuote) out = h('i', {}, [out]);
    return out;
  };

  const noteRef = (id: string, runs: TextRun[], side: Side): ElementContent => {
    const notes = side.notes;
    const n = ++notes.n;
    const noteId = claim(id, side.lang);
    const refId = claim(`${id}-ref`, side.lang);
    const back = h('a', { href: `#${refId}`, className: ['backlink'], role: 'doc-backlink', ariaLabel: `${notes.backToText} (${n})` }, [text('^')]);
    const body = inlines(runs, side);
    notes.items.push(h('li', { id: noteId, ...unitProps(id, side) }, [h('p', {}, [...body, text(' '), back])]));
    return h('sup', { className: ['fnref'] }, [h('a', { href: `#${noteId}`, id: refId, role: 'doc-noteref', ariaDescribedBy: [notes.headingId] }, [text(String(n))])]);
  };

  const inlines = (runs: Run[], side: Side): ElementContent[] => {
    const out: ElementContent[] = [];
    let quote: Element | undefined;
    for (const r of runs) {
      if (r.kind === 'footnote') {
        (quote ? quote.children : out).push(noteRef(r.id, r.runs, side));
        continue;
      }
      const quoted = r.style === 'quote' || !!r.inQuote;
      if (!quoted || (r.style === 'quote' && r.anchor)) quote = undefined;
      let node = styled(r, text(r.text));
      if (r.draft) {
        const unit = r.draftUnit;
        const props: Properties = { className: ['draft'] };
        if (unit) {
          props.className = ['draft', unit.state];
          props.dataUnit = unit.id;
          props.title = `${unit.state === 'stale' ? 'stale translation' : 'no translation'}: ${unit.id}`;
          if (unit.lang) props.lang = langTag(unit.lang);
          // The id is shown once per unit (the style sheet prints data-label before the text).
          if (!draftBadged.has(`${side.lang}:${unit.id}`)) {
            draftBadged.add(`${side.lang}:${unit.id}`);
            props.dataLabel = `${unit.id} · ${unit.state}`;
          }
        }
        node = h('mark', props, [node]);
      }
      if (r.anchor && r.style !== 'quote') {
        const id = claimIfFree(r.anchor);
        node = h('span', { ...(id ? { id } : {}), ...unitProps(r.anchor, side) }, [node]);
      }
      if (!quoted) {
        out.push(node);
        continue;
      }
      if (!quote) {
        const props: Properties = {};
        if (r.anchor) {
          const id = claimIfFree(r.anchor);
          if (id) props.id = id;
          Object.assign(props, unitProps(r.anchor, side));
        }
        quote = h('q', props, []);
        out.push(quote);
      }
      quote.children.push(node);
    }
    return out;
  };

  const paragraph = (n: ParagraphNode, side: Side): Element => {
    const props: Properties = {};
    if (n.id) {
      const id = claimIfFree(n.id);
      if (id) props.id = id;
      Object.assign(props, unitProps(n.id, side));
    }
    const content = inlines(n.runs, side);
    if (n.style === 'title' && !titled) {
      titled = true;
      return h('h1', props, content);
    }
    if (n.style === 'quotation') return h('blockquote', { ...props, className: ['quotation'] }, [h('p', {}, content)]);
    const style = n.style === 'group-lead' ? ['finding', 'group-lead'] : [n.style];
    return h('p', { ...props, className: style }, content);
  };

  const blocks = (nodes: LayoutNode[], side: Side): ElementContent[] => {
    const out: ElementContent[] = [];
    let items: Element | undefined;
    for (const n of nodes) {
      if (n.kind === 'item') {
        if (!items) out.push((items = h('ol', { className: ['items'] })));
        const props: Properties = { className: ['item'] };
        if (n.id) props.id = claim(n.id, side.lang);
        items.children.push(h('li', props, blocks(n.children, side)));
        continue;
      }
      items = undefined;
      out.push(...block(n, side));
    }
    return out;
  };

  const block = (n: Exclude<LayoutNode, { kind: 'item' }>, side: Side): ElementContent[] => {
    switch (n.kind) {
      case 'paragraph':
        return [paragraph(n, side)];
      case 'heading': {
        const props: Properties = { id: claim(n.id ?? `heading-${n.level}`, 'heading') };
        if (n.id) Object.assign(props, unitProps(n.id, side));
        return [h(`h${n.level + 1}`, props, inlines(n.runs, side))];
      }
      case 'list': {
        const items = n.items.map((item) => {
          const props: Properties = {};
          if (item.id) {
            const id = claimIfFree(item.id);
            if (id) props.id = id;
            Object.assign(props, unitProps(item.id, side));
          }
          return h('li', props, inlines(item.runs, side));
        });
        if (n.marker === 'bullet') return [h('ul', {}, items)];
        return [h('ol', { className: OL_CLASSES[n.marker], ...(n.marker === 'a)' ? { type: 'a' } : {}) }, items)];
      }
      case 'table': {
        const className = `table-${tables.length + 1}`;
        tables.push({ className, widths: n.widths });
        const cell = (tag: 'th' | 'td', c: { id?: string; runs: Run[] }): Element => {
          const props: Properties = tag === 'th' ? { scope: 'col' } : {};
          if (c.id) {
            const id = claimIfFree(c.id);
            if (id) props.id = id;
            Object.assign(props, unitProps(c.id, side));
          }
          return h(tag, props, inlines(c.runs, side));
        };
        const children: Element[] = [h('colgroup', {}, n.widths.map(() => h('col')))];
        if (n.header.length) children.push(h('thead', {}, [h('tr', {}, n.header.map((c) => cell('th', c)))]));
        children.push(h('tbody', {}, n.rows.map((row) => h('tr', {}, row.map((c) => cell('td', c))))));
        const props: Properties = { className: ['data-table', className] };
        if (n.id) {
          const id = claimIfFree(n.id);
          if (id) props.id = id;
        }
        return [h('table', props, children)];
      }
      case 'image':
        return [h('p', { className: ['figure', `align-${n.align ?? 'center'}`, n.role] }, [image(n.src, n.role, n.widthMm, n.alt, false)])];
      case 'signature': {
        const part = (p: { id?: string; runs: Run[] }, cls: string) => {
          const props: Properties = { className: [cls] };
          if (p.id) {
            const id = claimIfFree(p.id);
            if (id) props.id = id;
            Object.assign(props, unitProps(p.id, side));
          }
          return h('p', props, inlines(p.runs, side));
        };
        const props: Properties = { className: ['signature'] };
        if (n.id) {
          const id = claimIfFree(n.id);
          if (id) props.id = id;
        }
        // A signature's scan says nothing a screen reader should read: the name beside it does.
        const scan = n.image ? [h('p', { className: ['scan'] }, [image(n.image, 'signature', undefined, '', true)])] : [];
        return [h('div', props, [part(n.position, 'position'), ...scan, part(n.name, 'name')])];
      }
      case 'section': {
        const props: Properties = {};
        if (n.id) props.id = claim(n.id, side.lang);
        const children = blocks(n.children, side);
        const heading = children.find((c): c is Element => c.type === 'element' && /^h[1-6]$/.test(c.tagName));
        if (heading?.properties.id) props.ariaLabelledBy = [String(heading.properties.id)];
        return [h('section', props, children)];
      }
      case 'parallel': {
        const pair = n.langs.map(sideFor) as [Side, Side];
        const rows: Element[] = n.rows.map((row) => {
          const props: Properties = { className: ['row'] };
          const anchors: ElementContent[] = [];
          for (const [k, open] of (row.opens ?? []).entries()) {
            if (k === 0) props.id = claim(open, 'row');
            else anchors.push(h('span', { id: claim(open, 'row'), className: ['anchor'] }));
          }
          const cells = row.cells.map((cell, i) => h('div', { className: ['cell'], lang: langTag(n.langs[i]!) }, [...(i === 0 ? anchors : []), ...blocks(cell, pair[i]!)]));
          return h('div', props, cells);
        });
        if (pair.some((s) => s.notes.items.length)) {
          rows.push(h('div', { className: ['row', 'notes-row'] }, pair.map((s) => h('div', { className: ['cell'], lang: langTag(s.lang) }, [notesSection(s)]))));
        }
        return [h('div', { className: ['parallel'] }, rows)];
      }
    }
  };

  const textWidthPt = pdfTextWidth(pageGeometry(doc.style));
  /** An <img> with the picture inline (a data: URL: the page loads nothing), sized as the PDF prints it, in CSS pixels. */
  const image = (src: string, role: ImageNode['role'], widthMm: number | undefined, alt: string, decorative: boolean): Element => {
    const asset = doc.images[src];
    const widthPt = imageWidthPt({ role, ...(widthMm !== undefined ? { widthMm } : {}) }, doc.style, role === 'signature' ? textWidthPt / 3 : textWidthPt);
    const px = (pt: number) => Math.round((pt * 96) / 72);
    const heightPt = asset ? (widthPt * asset.heightPx) / asset.widthPx : widthPt;
    return h('img', {
      src: asset ? `data:image/${asset.type};base64,${Buffer.from(asset.data).toString('base64')}` : '',
      alt: decorative ? '' : alt,
      width: px(widthPt),
      height: px(heightPt),
      ...(decorative ? { role: 'presentation' } : {}),
    });
  };

  const notesSection = (side: Side): Element =>
    h('section', { className: ['notes'], role: 'doc-endnotes', ariaLabelledBy: [side.notes.headingId] }, [
      h('h2', { id: side.notes.headingId }, [text(sideLabels(side.lang).notes)]),
      h('ol', {}, side.notes.items),
    ]);

  const parallel = doc.body.some((n) => n.kind === 'parallel');
  const main = h('main', {}, []);
  if (doc.labels.draftMark) main.children.push(h('p', { className: ['draft-banner'] }, [text(doc.labels.draftMark)]));
  const first = sideFor(doc.langs[0] ?? 'und');
  main.children.push(...blocks(doc.body, first));
  // A parallel page prints each language's notes in its column (above).
  if (!parallel && first.notes.items.length) main.children.push(notesSection(first));

  return {
    langTag: doc.langTag,
    title: doc.meta.title,
    meta: { author: doc.meta.author, description: doc.meta.subject, keywords: doc.meta.keywords.join(', '), date: doc.meta.date },
    pageLabel: splitPageLabel(doc.labels.page),
    ...(doc.labels.runningTitle ? { runningTitle: doc.labels.runningTitle } : {}),
    ...(doc.labels.draftMark ? { draftMark: doc.labels.draftMark } : {}),
    style: doc.style,
    tables,
    parallel,
    untranslated: doc.untranslated,
    main,
  };
}

/** "Page {{page}} of {{pages}}" -> ["Page ", {page}, " of ", {pages}]. */
export function splitPageLabel(label: string): HtmlPage['pageLabel'] {
  return label
    .split(/(\{\{pages?\}\})/)
    .filter(Boolean)
    .map((part) => (part === '{{page}}' ? { counter: 'page' as const } : part === '{{pages}}' ? { counter: 'pages' as const } : part));
}
