/**
 * The render pipeline for one document: read, validate, compose each language,
 * build and pack each format, and only then write every file atomically, so a
 * problem anywhere leaves every previous output untouched.
 */
import { join } from 'node:path';
import type { ResponseDocument } from '../model/types.js';
import { readDocument } from '../read/document.js';
import { validateDocument } from '../validate/index.js';
import { Diagnostics, UserError, type Diagnostic } from '../diag/diagnostic.js';
import { composeDocument } from '../compose/index.js';
import { composeParallel } from '../compose/parallel.js';
import type { ComposedDocument } from '../compose/layout.js';
import { buildDocxPlan } from './docx/build.js';
import { packDocx } from './docx/pack.js';
import { describePage, samePage, withReferencePage, type AppliedReference, type ReferenceDocx } from './docx/reference.js';
import { defaultStyle } from '../read/style.js';
import { renderPdf } from './pdf/pool.js';
import { checkPdfEngine } from './pdf/engine-version.js';
import type * as HtmlPage from './html/page.js';
import type { NotePlacement } from './pdf/build.js';
import { writeFilesAtomic } from './output.js';
import { outputFileName } from './names.js';
import { defaultLocalesDir, defaultTemplatesDir } from '../paths.js';

export type OutputFormat = 'docx' | 'pdf' | 'html';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['docx', 'pdf', 'html'];

export interface RenderOptions {
  /** Language specs: "en", or "kk+ru" for a parallel layout. */
  langs: string[];
  formats: OutputFormat[];
  outDir: string;
  templatesDir?: string;
  localesDir?: string;
  draft?: boolean;
  /** Annexes to add ('stats'). */
  annex?: string[];
  /** Where the PDF prints footnotes (default: at the foot of the page). */
  notes?: NotePlacement;
  /** Hears warnings found while composing (markup attributes no writer reads, at their template lines). */
  warn?: (warnings: Diagnostic[]) => void;
  /** A reference DOCX, read and checked: its styles and numbering go into the DOCX, its page into every format. */
  reference?: ReferenceDocx;
}

export interface RenderedFile {
  path: string;
  lang: string;
  format: OutputFormat;
  bytes: Uint8Array;
}

/** Reads and validates; throws UserError with every problem found, warnings included. */
export function loadValidDocument(arg: string, langs?: string[]): { doc: ResponseDocument; warnings: Diagnostic[]; files: string[] } {
  const read = readDocument(arg, langs ? { translations: langs.flatMap((l) => l.split('+')) } : {});
  const diags = new Diagnostics();
  diags.merge(read.diagnostics);
  if (read.doc && !read.diagnostics.hasErrors) diags.merge(validateDocument(read.doc));
  if (diags.hasErrors || !read.doc) throw new UserError(diags.sorted(), 1);
  return { doc: read.doc, warnings: diags.sorted(), files: read.files };
}

/** The document as this render sets it: with a reference DOCX, the reference's page (for every format). */
const styledForRender = new WeakMap<ResponseDocument, Map<ReferenceDocx, ResponseDocument>>();

function documentForRender(doc: ResponseDocument, options: RenderOptions): ResponseDocument {
  const ref = options.reference;
  if (!ref?.page) return doc;
  let byRef = styledForRender.get(doc);
  if (!byRef) styledForRender.set(doc, (byRef = new Map()));
  const known = byRef.get(ref);
  if (known) return known;
  const before = doc.style ?? defaultStyle();
  const page = withReferencePage(before, ref.page);
  // The same page to the twentieth of a point Word stores is the house style's own, in its own millimetres.
  const style = samePage(before, page) ? before : page;
  if (before.page.setAt && style !== before) {
    const d = new Diagnostics();
    d.warning(before.page.setAt, 'reference-page', `the reference DOCX ${ref.file} sets the page (${describePage(style)}); it replaces this one (${describePage(before)}) in the DOCX, the PDF and the HTML page`, 'leave page: out of style.yaml, or render without --reference-docx');
    sayOnce(ref, d.items, options);
  }
  const styled = { ...doc, style };
  byRef.set(ref, styled);
  return styled;
}

export function composeLang(source: ResponseDocument, spec: string, options: RenderOptions, single?: Map<string, ComposedDocument>): ComposedDocument {
  const doc = documentForRender(source, options);
  const base = {
    templatesDir: options.templatesDir ?? defaultTemplatesDir,
    localesDir: options.localesDir ?? defaultLocalesDir,
    draft: options.draft ?? false,
    ...(options.annex ? { annex: options.annex } : {}),
  };
  // A parallel pair reuses the languages already composed for this render (composing is a pure function of its inputs).
  const one = (lang: string) => {
    const known = single?.get(lang);
    if (known) return known;
    const { composed, warnings } = composeDocument(doc, { ...base, lang });
    if (warnings.length) options.warn?.(warnings);
    single?.set(lang, composed);
    return composed;
  };
  const langs = spec.split('+');
  if (langs.length === 1) return one(spec);
  if (langs.length === 2 && langs[0] !== langs[1]) {
    return composeParallel(langs.map(one) as [ComposedDocument, ComposedDocument]);
  }
  throw UserError.single(undefined, 'bad-language', `‘${spec}’ is not a language or a pair of two different languages (like kk+ru)`, undefined, 2);
}

/**
 * The first language of a render, composed and its PDF started before the
 * other languages' translations are read: reading those takes about 0.15 s that
 * the PDF worker would otherwise spend waiting (see the CLI's render command).
 */
export interface RenderHead {
  spec: string;
  composed: ComposedDocument;
  pdf?: Promise<Uint8Array>;
}

/** Composes `options.langs[0]` of `doc` and starts its PDF when PDFs are asked for. */
export function startFirstLanguage(doc: ResponseDocument, options: RenderOptions): RenderHead {
  const spec = options.langs[0]!;
  const composed = composeLang(doc, spec, options);
  if (!options.formats.includes('pdf')) return { spec, composed };
  checkPdfEngine();
  const pdf = renderPdf(composed, { ...(options.notes ? { notes: options.notes } : {}) });
  // Awaited by renderDocumentBytes; when the render stops before that, a failure here is moot.
  pdf.catch(() => undefined);
  return { spec, composed, pdf };
}

/**
 * The HTML writer, loaded with the first page: its libraries (hast-util-to-html
 * and the tables it builds) cost every command 20 ms at start, HTML or not.
 */
let htmlWriter: Promise<typeof HtmlPage> | undefined;
function htmlPage(): Promise<typeof HtmlPage> {
  htmlWriter ??= import('./html/page.js');
  return htmlWriter;
}

/**
 * Renders in memory; nothing is written here. Each language's PDF is started
 * as soon as that language is composed (it goes to a worker when one runs),
 * the next language is composed meanwhile, and DOCX and HTML files are packed last;
 * `onFile` sees each file as soon as it is ready (watch writes a DOCX before
 * its PDF is done). An error in any language rejects the whole render, so the
 * caller writes nothing. The result keeps the order of languages and formats
 * asked for.
 */
export async function renderDocumentBytes(doc: ResponseDocument, options: RenderOptions, onFile?: (f: RenderedFile) => void, head?: RenderHead): Promise<RenderedFile[]> {
  if (options.formats.includes('pdf')) checkPdfEngine();
  let failed = false;
  const file = (spec: string, format: OutputFormat, bytes: Uint8Array): RenderedFile => {
    const f = { path: join(options.outDir, outputFileName(doc.id, spec, format)), lang: spec, format, bytes };
    if (!failed) onFile?.(f);
    return f;
  };
  const single = new Map<string, ComposedDocument>();
  if (head && !head.spec.includes('+')) single.set(head.spec, head.composed);
  const composedAll: { spec: string; composed: ComposedDocument }[] = [];
  const pdfs = new Map<string, Promise<RenderedFile>>();
  try {
    for (const spec of options.langs) {
      const early = head?.spec === spec ? head : undefined;
      const composed = early ? early.composed : composeLang(doc, spec, options, single);
      composedAll.push({ spec, composed });
      if (options.formats.includes('pdf')) {
        const pdf = (early?.pdf ?? renderPdf(composed, { ...(options.notes ? { notes: options.notes } : {}) })).then((bytes) => file(spec, 'pdf', bytes));
        // Awaited below; a rejection before then must not count as unhandled.
        pdf.catch(() => undefined);
        pdfs.set(spec, pdf);
      }
    }
  } catch (err) {
    failed = true;
    await Promise.allSettled(pdfs.values());
    throw err;
  }
  const packed = new Map<string, RenderedFile>();
  for (const { spec, composed } of composedAll) {
    if (options.formats.includes('docx')) packed.set(`${spec}.docx`, file(spec, 'docx', packDocx(buildDocxPlan(composed, options.reference), (applied) => referenceWarnings(applied, composed, options))));
    if (options.formats.includes('html')) {
      const html = await htmlPage();
      packed.set(`${spec}.html`, file(spec, 'html', await html.packHtml(html.buildHtmlPage(composed))));
    }
  }
  const files: RenderedFile[] = [];
  for (const spec of options.langs) {
    for (const format of options.formats) files.push(format === 'pdf' ? await pdfs.get(spec)! : packed.get(`${spec}.${format}`)!);
  }
  return files;
}

/** Warnings about a reference DOCX already said, per reference: each once, however many languages, documents and (watch) renders meet it. */
const said = new WeakMap<ReferenceDocx, Set<string>>();

function sayOnce(ref: ReferenceDocx, ds: Diagnostic[], options: RenderOptions): void {
  let known = said.get(ref);
  if (!known) said.set(ref, (known = new Set()));
  const fresh = ds.filter((d) => {
    const key = `${d.pos.file}:${d.pos.line}:${d.rule}:${d.message}`;
    return known!.has(key) ? false : (known!.add(key), true);
  });
  if (fresh.length) options.warn?.(fresh);
}

/** What a reference DOCX could not do for one DOCX, said (once) to `options.warn`. */
function referenceWarnings(applied: AppliedReference, composed: ComposedDocument, options: RenderOptions): void {
  const ref = options.reference!;
  const at = { file: ref.file, line: 1, column: 1 };
  const d = new Diagnostics();
  if (applied.missing.length) {
    d.warning(at, 'reference-style-missing', `the reference DOCX has no style ${applied.missing.map((n) => `‘${n}’`).join(', ')}: standpoint's own ${applied.missing.length === 1 ? 'is' : 'are'} used`, 'add styles of these names to the template (Word: Styles › New Style), or start the template from a DOCX standpoint rendered');
  }
  const style = composed.style;
  const differs = [
    applied.fonts.body && applied.fonts.body !== style.fonts.body.name ? `Normal in ‘${applied.fonts.body}’` : undefined,
    applied.fonts.headings && applied.fonts.headings !== style.fonts.headings.name ? `Heading 1 in ‘${applied.fonts.headings}’` : undefined,
  ].filter(Boolean);
  if (differs.length) {
    d.warning(at, 'reference-font', `the reference DOCX sets ${differs.join(' and ')}; the DOCX uses it, while the PDF and the HTML page keep the house style's ‘${style.fonts.body.name}’, which is the only font the DOCX embeds`, 'name the same font in style.yaml (fonts: body, headings), or take the font out of the template\'s styles');
  }
  if (applied.numberedHeadings && style.headings.numbering) {
    d.warning(at, 'reference-numbering', 'the reference DOCX numbers its headings itself and the house style numbers them too: the DOCX\'s headings would carry two numbers', 'set headings: {numbering: false} in style.yaml, or take the numbering out of the template\'s heading styles');
  }
  sayOnce(ref, d.items, options);
}

/** Every output path of a render, for checking them before anything is rendered or written. */
export function plannedOutputs(doc: ResponseDocument, options: RenderOptions): string[] {
  return options.langs.flatMap((spec) => options.formats.map((format) => join(options.outDir, outputFileName(doc.id, spec, format))));
}

/** Writes a render's files as one set: all of them or, on any problem, none. */
export function writeRendered(files: RenderedFile[]): void {
  writeFilesAtomic(files);
}
