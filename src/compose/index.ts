/**
 * compose: the document model + templates + locales -> the block tree both
 * writers consume. Owns the order: view model, Handlebars with per-render
 * helpers, markup parsing, and refusing untranslated text outside drafts.
 */
import { join } from 'node:path';
import type { ResponseDocument } from '../model/types.js';
import { UserError, Diagnostics, type Diagnostic } from '../diag/diagnostic.js';
import { didYouMean } from '../diag/suggest.js';
import { documentView, type DocumentView, type LabelFormat } from './view.js';
import { createHelpers, localLetter, TemplateBudgetError } from './helpers.js';
import { loadTemplates, locateOutput, MAIN_TEMPLATE, type TemplatePosition, type TemplateSet } from './templates.js';
import { langTag, loadLocales, MissingLocaleKeyError } from './i18n.js';
import { MarkupError, parseMarkup, type MarkupWarning } from './markup.js';
import { TextSource } from './text-source.js';
import type { ComposedDocument, LayoutNode } from './layout.js';
import type { HouseStyle, ImageAsset } from '../model/style.js';
import { defaultStyle } from '../read/style.js';
import { numberHeadings } from './heading-numbers.js';
import { plainText } from '../model/inline.js';
import { documentStats } from '../stats/verdict-stats.js';

export interface ComposeOptions {
  lang: string;
  templatesDir: string;
  localesDir: string;
  draft?: boolean;
  /** ISO date-time (UTC) stamped in the document's properties; see documentTimestamp. */
  date?: string;
  /** Annexes to add: 'stats' adds a table of verdict statistics. */
  annex?: string[];
}

export interface ComposeResult {
  composed: ComposedDocument;
  /** The markup the templates produced (for tests and for debugging templates). */
  markup: string;
  /** What the writers will ignore in the markup (attributes no element has), at the template lines that printed it. */
  warnings: Diagnostic[];
}

/**
 * Most markup one render may produce: the 2011 response makes 830 elements
 * (140 kB), the benchmark's 20× document 15 000 (2.8 MB). Beyond this the
 * writers would take minutes; it is a template mistake, not a response.
 */
export const MAX_MARKUP_ELEMENTS = 300_000;
export const MAX_MARKUP_CHARS = 64 * 1024 * 1024;

/** Opening tags in `markup`, counted up to just past `limit`. */
function countElements(markup: string, limit: number): number {
  let n = 0;
  for (let i = markup.indexOf('<'); i !== -1 && n <= limit; i = markup.indexOf('<', i + 1)) if (markup[i + 1] !== '/') n++;
  return n;
}

/** Names of the helpers templates may call (for checking templates before rendering). */
export const HELPER_NAMES = ['t', 'text', 'plain', 'eq', 'concat', 'reportRef', 'verdictPhrase', 'leadIn', 'commitmentSentence', 'formatDate', 'dateline'];

/**
 * The time stamped in a document's properties: SOURCE_DATE_EPOCH when set
 * (reproducible builds), else the document's own date — never the clock, so
 * equal input gives equal bytes.
 */
/** 9999-12-31T23:59:59Z. */
const MAX_EPOCH_SECONDS = 253_402_300_799;

export function documentTimestamp(doc: ResponseDocument, env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && /^\d{1,12}$/.test(epoch.trim())) {
    const seconds = Number(epoch.trim());
    // Document properties hold a four-digit year (W3CDTF); a later one would be "+033658-…", which Word refuses.
    if (seconds > MAX_EPOCH_SECONDS) {
      throw UserError.single({ file: 'SOURCE_DATE_EPOCH', line: 1, column: 1 }, 'usage', `SOURCE_DATE_EPOCH=${seconds} is after the year 9999`, 'it counts seconds since 1970-01-01 (for example 1301788800 for 3 April 2011)', 2);
    }
    return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return `${doc.meta.date ?? doc.meta.electionDate ?? '2000-01-01'}T00:00:00Z`;
}

function annexStats(doc: ResponseDocument, lang: string, t: (key: string, o?: Record<string, unknown>) => string): NonNullable<DocumentView['annexStats']> {
  const stats = documentStats(doc);
  const percent = new Intl.NumberFormat(langTag(lang), { style: 'percent', maximumFractionDigits: 0 });
  const rows = (kind: 'critical' | 'recommendations', g: typeof stats.observations) => ({
    total: String(g.total),
    rows: g.counts.map((c) => ({ label: t(`verdict.${kind}.${c.verdict}`), count: String(c.count), share: percent.format(c.share) })),
  });
  return { observations: rows('critical', stats.observations), recommendations: rows('recommendations', stats.recommendations) };
}

export function composeDocument(doc: ResponseDocument, options: ComposeOptions): ComposeResult {
  const printed = runTemplates(doc, options);
  return composeChecked(doc, options, printed);
}

/**
 * The markup the templates print for one language, before it is parsed:
 * what `render --emit-markup` shows, also when the markup is broken.
 */
export function composeMarkup(doc: ResponseDocument, options: ComposeOptions): string {
  return runTemplates(doc, options).markup;
}

interface PrintedTemplates {
  markup: string;
  text: TextSource;
  t: ReturnType<ReturnType<typeof loadLocales>['t']>;
  /** The same render again with location markers, for naming template lines in messages. */
  locate(): ReturnType<typeof locateOutput>;
}

function runTemplates(doc: ResponseDocument, options: ComposeOptions): PrintedTemplates {
  const locales = loadLocales(options.localesDir);
  if (!locales.langs.includes(options.lang)) {
    throw UserError.single(
      { file: options.localesDir, line: 1, column: 1 },
      'unknown-language',
      `no locale for language ‘${options.lang}’ in ${options.localesDir}`,
      didYouMean(options.lang, locales.langs) ?? `available: ${locales.langs.join(', ')}`,
      2,
    );
  }
  if (options.lang !== doc.lang && !doc.translations.has(options.lang) && !options.draft) {
    throw UserError.single(
      doc.pos,
      'missing-translation',
      `the document has no ${options.lang} translation (translations/${options.lang}.yaml)`,
      'render with --draft to see the source text marked as untranslated',
    );
  }
  const templates = loadTemplates(options.templatesDir, HELPER_NAMES);
  const t = locales.t(options.lang);
  const text = new TextSource(doc, options.lang);
  const helpers = createHelpers({ doc, text, t, draft: options.draft ?? false });
  const collator = new Intl.Collator(langTag(options.lang));
  const labels: LabelFormat = (form, number, letter) =>
    form === 'group' ? localLetter(letter, t) : t(form === 'subitem' ? 'label.subitem' : 'label.numbered', { number, letter: localLetter(letter, t), defaultValue: form === 'subitem' ? `(${localLetter(letter, t)})` : `${number}(${localLetter(letter, t)}).` });
  const view = documentView(doc, (u) => text.resolve(u).text, collator, labels);
  if (options.annex?.includes('stats')) view.annexStats = annexStats(doc, options.lang, t);
  // Helpers keep per-render state (first mentions, untranslated units): a second run gets its own.
  const run = (main: HandlebarsTemplateDelegate, partials: Record<string, HandlebarsTemplateDelegate>, extra: Record<string, (...args: unknown[]) => unknown> = {}) =>
    main(view, { helpers: { ...createHelpers({ doc, text: new TextSource(doc, options.lang), t, draft: options.draft ?? false }), ...extra }, partials, allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  const locate = () => locateOutput(templates, run);
  let markup: string;
  try {
    markup = templates.main(view, { helpers, partials: templates.partials, allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
  } catch (err) {
    // The template line the run had reached when it failed; the main template when it cannot be told.
    const where = (): TemplatePosition => locate().at() ?? { file: join(options.templatesDir, MAIN_TEMPLATE), line: 1, column: 1 };
    if (err instanceof MissingLocaleKeyError) {
      throw UserError.single(where(), 'locale-key-missing', `the templates ask for ‘${err.key}’, which the ${options.lang} locale does not have`, `add the key to every locale (${join(options.localesDir, options.lang, 'standpoint.json')}), or correct the key in the template`, 2);
    }
    if (err instanceof TemplateBudgetError) throw UserError.single(where(), 'too-large', `${err.message}; the limit is far above what a response needs`, 'a loop inside a loop over the same list? Check the {{#each}} blocks of the templates', 2);
    throw UserError.single(where(), 'template-runtime', `the templates failed: ${(err as Error).message}`, undefined, 2);
  }
  return { markup, text, t, locate };
}

function composeChecked(doc: ResponseDocument, options: ComposeOptions, printed: PrintedTemplates): ComposeResult {
  const { markup, text, t } = printed;
  const elements = countElements(markup, MAX_MARKUP_ELEMENTS);
  if (markup.length > MAX_MARKUP_CHARS || elements > MAX_MARKUP_ELEMENTS) {
    throw UserError.single(
      { file: join(options.templatesDir, MAIN_TEMPLATE), line: 1, column: 1 },
      'too-large',
      `the templates produced ${elements > MAX_MARKUP_ELEMENTS ? `more than ${MAX_MARKUP_ELEMENTS.toLocaleString('en')} elements` : `${(markup.length / 1048576).toFixed(0)} MB of markup`}; the limit is far above what a response needs`,
      'the 2011 response makes 830 elements (140 kB); check the templates for repeated output',
      2,
    );
  }
  if (text.untranslated.size > 0 && !options.draft) {
    const diags = new Diagnostics();
    for (const { unit, state } of text.untranslated.values()) {
      diags.error(unit.pos, state === 'stale' ? 'stale-translation' : 'missing-translation', `‘${unit.id}’ has ${state === 'stale' ? 'a stale' : 'no'} ${options.lang} translation`, state === 'stale' ? 'the source changed after translation; update the translation, or render with --draft' : 'translate it, or render with --draft');
    }
    throw new UserError(diags.items, 1);
  }
  let body;
  const markupWarnings: MarkupWarning[] = [];
  try {
    body = parseMarkup(markup, markupWarnings);
  } catch (err) {
    if (err instanceof MarkupError) {
      const excerpt = (markup.split('\n')[err.line - 1] ?? '').trim();
      throw UserError.single(
        templateLineOf(printed, (m) => {
          try {
            parseMarkup(m);
          } catch (again) {
            return again instanceof MarkupError ? again.offset : undefined;
          }
          return undefined;
        }) ?? { file: join(options.templatesDir, MAIN_TEMPLATE), line: 1, column: 1 },
        'template-markup',
        `the templates produced bad markup (output line ${err.line}): ${err.message}`,
        `the output line reads: ${excerpt.length > 160 ? `${excerpt.slice(0, 160)}…` : excerpt}; render --emit-markup prints the whole output`,
        2,
      );
    }
    throw err;
  }
  const warnings = markupWarnings.length ? markupWarningDiagnostics(printed, markupWarnings, options) : [];
  const style = doc.style ?? defaultStyle();
  if (style.headings.numbering) numberHeadings(body);
  alignImages(body, style);
  const images = usedImages(body, doc, join(options.templatesDir, MAIN_TEMPLATE));
  const plain = (u: { id: string; text: string }) => plainText(text.resolve(u).text);
  const untranslated = text.untranslated.size;
  const composed: ComposedDocument = {
    id: doc.id,
    langTag: langTag(options.lang),
    langs: [options.lang],
    meta: {
      title: plain(doc.meta.title),
      author: plain(doc.meta.issuer),
      subject: `${plain(doc.meta.report)} — ${plain(doc.meta.election)}`,
      keywords: [plain(doc.meta.issuerShort), 'OSCE/ODIHR', doc.id],
      date: options.date ?? documentTimestamp(doc),
      dataDates: { ...(doc.meta.date ? { date: doc.meta.date } : {}), ...(doc.meta.electionDate ? { electionDate: doc.meta.electionDate } : {}) },
    },
    labels: {
      page: pageLabel(style, t),
      ...(style.header.runningTitle && doc.meta.shortTitle ? { runningTitle: plain(doc.meta.shortTitle), runningTitleId: doc.meta.shortTitle.id } : {}),
      languageName: t('document.languageName'),
      notes: t('section.notes'),
      // A locales folder copied before this label existed still renders.
      backToText: t('section.backToText', { defaultValue: 'Back to the text' }),
      ...(untranslated > 0 ? { draftMark: t('draft.mark', { count: untranslated }) } : {}),
    },
    body,
    untranslated,
    style,
    images,
  };
  return { composed, markup, warnings };
}

/** The template line behind the first problem `find` sees in the markup of a run with location markers. */
function templateLineOf(printed: PrintedTemplates, find: (markup: string) => number | undefined): TemplatePosition | undefined {
  const located = printed.locate();
  if (located.markup === undefined) return undefined;
  return located.at(find(located.markup));
}

/** Markup warnings at their template lines, each place once (a partial prints for every item). */
function markupWarningDiagnostics(printed: PrintedTemplates, found: MarkupWarning[], options: ComposeOptions): Diagnostic[] {
  const located = printed.locate();
  const again: MarkupWarning[] = [];
  if (located.markup !== undefined) {
    try {
      parseMarkup(located.markup, again);
    } catch {
      /* the first run parsed; whitespace alone cannot break the second */
    }
  }
  const diags = new Diagnostics();
  const seen = new Set<string>();
  const fallback = { file: join(options.templatesDir, MAIN_TEMPLATE), line: 1, column: 1 };
  found.forEach((w, i) => {
    const pos = (again[i]?.message === w.message ? located.at(again[i]!.offset) : undefined) ?? fallback;
    const key = `${pos.file}:${pos.line}:${pos.column}:${w.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    diags.warning(pos, 'template-markup', w.message, pos === fallback ? `output line ${w.line}; render --emit-markup prints the whole output` : undefined);
  });
  return diags.items;
}

/** Images the markup does not align: a logo as the style aligns the letterhead, the others centred. */
function alignImages(nodes: LayoutNode[], style: HouseStyle): void {
  for (const n of nodes) {
    if (n.kind === 'image') n.align ??= n.role === 'logo' ? style.letterhead.align : 'center';
    else if (n.kind === 'item' || n.kind === 'section') alignImages(n.children, style);
  }
}

/** The footer's text with {{page}} and {{pages}} left for the writer; empty when the style prints no page numbers. */
function pageLabel(style: HouseStyle, t: (key: string, o?: Record<string, unknown>) => string): string {
  const keep = { page: '{{page}}', pages: '{{pages}}' };
  switch (style.footer.pageNumbers) {
    case 'page-of':
      return t('document.pageOf', keep);
    case 'page':
      return t('document.page', keep);
    case 'none':
      return '';
  }
}

/**
 * The images the templates print, each one the data names and the reader checked;
 * a template naming any other file is refused (it could point anywhere).
 */
function usedImages(body: LayoutNode[], doc: ResponseDocument, template: string): Record<string, ImageAsset> {
  const out: Record<string, ImageAsset> = {};
  const use = (src: string) => {
    const image = doc.images.get(src);
    if (!image) throw UserError.single({ file: template, line: 1, column: 1 }, 'template-image', `the templates print the image ${JSON.stringify(src)}, which the data does not name`, 'print images through the data: letterhead.logo, signature.image or an image block', 2);
    out[src] = image;
  };
  const walk = (nodes: LayoutNode[]) => {
    for (const n of nodes) {
      if (n.kind === 'image') use(n.src);
      else if (n.kind === 'signature' && n.image) use(n.image);
      else if (n.kind === 'item' || n.kind === 'section') walk(n.children);
    }
  };
  walk(body);
  return out;
}
