/**
 * standpoint as a library (`import … from 'standpoint'`): load a document from
 * a folder or from texts held in memory, validate it (messages as data),
 * render any language and format to bytes, list the outputs, diff two
 * versions, count verdicts, and export and import translations. The public
 * surface of the package (package.json "exports"); docs/api.md documents it and
 * a test compiles and runs its example against the packed tarball.
 *
 * Owns only the translation between the public types and the internal ones:
 * every step is the same code the command line runs. Nothing here prints,
 * reads argv or exits; problems come back as `Message` objects or as a thrown
 * `StandpointError` carrying them. Writes no file: render returns bytes,
 * importTranslation returns the new translation file's text.
 */
import { stringify } from 'yaml';
import { Diagnostics, UserError, diagnosticToJson, type Diagnostic, type DiagnosticJson } from './diag/diagnostic.js';
import type { ResponseDocument } from './model/types.js';
import { readDocument, readDocumentFromMemory, type ReadResult } from './read/document.js';
import { validateDocument } from './validate/index.js';
import { composeDocument } from './compose/index.js';
import { loadLocales } from './compose/i18n.js';
import { parseLanguages } from './compose/languages.js';
import { renderDocumentBytes, OUTPUT_FORMATS, type OutputFormat, type RenderOptions as InternalRenderOptions } from './render/index.js';
import { outputFileName } from './render/names.js';
import { startPdfWorker } from './render/pdf/pool.js';
import { NOTE_PLACEMENTS } from './render/pdf/build.js';
import { basename, join, relative, sep } from 'node:path';
import { defaultLocalesDir, defaultTemplatesDir, packageVersion, schemaDir } from './paths.js';
import { diffDocuments, changeCount } from './diff/document-diff.js';
import { diffToDocxPlan, diffToJson, diffToText } from './diff/report.js';
import { packDocx } from './render/docx/pack.js';
import { documentStats, totalStats } from './stats/verdict-stats.js';
import { translationStatus, translationUnits, type TranslationState } from './l10n/units.js';
import { exportXliff } from './l10n/xliff.js';
import { exportDate, exportPo } from './l10n/po.js';
import { glossaryFor } from './l10n/glossary.js';
import { readTermbaseFor } from './read/terms.js';
import { mergeTranslations, parseTranslationExchange } from './l10n/import.js';
import { checkTranslation, serializeTranslation } from './l10n/translation-file.js';
import { checkLanguages } from './l10n/check-run.js';
import { checkLanguageSpec } from './compose/languages.js';
import { documentTimestamp } from './compose/index.js';
import { statSync } from 'node:fs';
import { readReferenceDocx, type ReferenceDocx } from './render/docx/reference.js';

/** The version of the installed package. */
export const version: string = packageVersion();

/** A problem, positioned in the file it is about (`file:line:column`); a problem with the call itself has no file. */
export interface Message {
  file?: string;
  line?: number;
  column?: number;
  severity: 'error' | 'warning';
  message: string;
  /** The rule's id, as printed in brackets: unknown-verdict, missing-translation … */
  rule: string;
  /** A suggestion: "did you mean ‘accepted-in-part’?" */
  hint?: string;
}

// The public type is spelled out (the declaration file then needs no internal one); the two must stay equal.
const _sameShape: (m: DiagnosticJson) => Message = (m) => m;
void _sameShape;

/**
 * Thrown when a document cannot be used (invalid data: `kind: 'input'`) or a
 * call cannot be carried out (an unknown language or format, a missing
 * folder, a broken template: `kind: 'usage'`). `messages` holds every problem
 * found, each with its place and rule; `message` is their text as the command
 * line prints it.
 */
export class StandpointError extends Error {
  readonly messages: Message[];
  readonly kind: 'input' | 'usage';

  constructor(messages: Message[], kind: 'input' | 'usage', text: string) {
    super(text);
    this.name = 'StandpointError';
    this.messages = messages;
    this.kind = kind;
  }
}

function wrap(err: unknown): never {
  if (err instanceof UserError) throw new StandpointError(err.diagnostics.map(diagnosticToJson), err.exitCode === 1 ? 'input' : 'usage', err.message);
  throw err;
}

/** Runs `f`, turning the internal error type into StandpointError. */
function guarded<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    return wrap(err);
  }
}

/**
 * Where a document is: a folder (or its document.yaml), or its files in
 * memory — names relative to the document folder ('document.yaml',
 * 'critical.yaml', 'translations/ru.yaml') to YAML text, or to plain objects
 * of the same shape (written as YAML first; positions in messages then refer
 * to that YAML).
 */
export type DocumentSource = string | { files: Record<string, string | object> };

const models = new WeakMap<StandpointDocument, ResponseDocument>();
const memoryDocuments = new WeakSet<ResponseDocument>();

/** A loaded, valid document. Its content is read through the functions of this module. */
export interface StandpointDocument {
  readonly id: string;
  /** The language its text is written in. */
  readonly lang: string;
  /** Its own language and each language it has a translation for. */
  readonly languages: readonly string[];
  /** Warnings found when it was loaded and validated (errors throw). */
  readonly warnings: readonly Message[];
  /** The folder it was read from; undefined when it was given in memory. */
  readonly folder: string | undefined;
}

function handle(doc: ResponseDocument, warnings: Diagnostic[]): StandpointDocument {
  const h: StandpointDocument = Object.freeze({
    id: doc.id,
    lang: doc.lang,
    languages: Object.freeze([doc.lang, ...[...doc.translations.keys()].filter((l) => l !== doc.lang).sort()]),
    warnings: Object.freeze(warnings.map(diagnosticToJson)),
    folder: memoryDocuments.has(doc) ? undefined : doc.root,
  });
  models.set(h, doc);
  return h;
}

function model(doc: StandpointDocument): ResponseDocument {
  const m = models.get(doc);
  if (!m) throw new TypeError('not a document loaded by standpoint (use loadDocument)');
  return m;
}

function read(source: DocumentSource): ReadResult {
  if (typeof source === 'string') return readDocument(source);
  if (!source || typeof source !== 'object' || !source.files || typeof source.files !== 'object') {
    throw new TypeError('a document source is a folder path or { files: { "document.yaml": …, … } }');
  }
  const texts: Record<string, string> = {};
  for (const [name, content] of Object.entries(source.files)) {
    texts[name] = typeof content === 'string' ? content : stringify(content, { lineWidth: 0 });
  }
  const result = readDocumentFromMemory(texts);
  if (result.doc) memoryDocuments.add(result.doc);
  return result;
}

/**
 * Every problem of a document, errors and warnings, in the order of their
 * files and lines: what `standpoint validate` prints. Never throws for
 * problems of the document (a folder that does not exist is a message too).
 */
export function validate(source: DocumentSource): Message[] {
  try {
    const r = read(source);
    const found = r.diagnostics.sorted();
    if (r.doc && !r.diagnostics.hasErrors) found.push(...validateDocument(r.doc).sorted());
    return found.map(diagnosticToJson);
  } catch (err) {
    if (err instanceof UserError) return err.diagnostics.map(diagnosticToJson);
    throw err;
  }
}

/** Loads and validates a document; throws StandpointError (with every problem) when it has errors. */
export function loadDocument(source: DocumentSource): StandpointDocument {
  return guarded(() => {
    const r = read(source);
    const found = r.diagnostics.sorted();
    if (r.doc && !r.diagnostics.hasErrors) found.push(...validateDocument(r.doc).sorted());
    if (!r.doc || found.some((d) => d.severity === 'error')) throw new UserError(found, 1);
    return handle(r.doc, found);
  });
}

export type Format = 'docx' | 'pdf' | 'html';
const _sameFormats: (f: OutputFormat) => Format = (f) => f;
void _sameFormats;

export interface RenderOptions {
  /**
   * Languages, each one the locales have ('en', 'ru', 'kk') or a side-by-side
   * pair ('kk+ru'); 'all' for every language the document has. Default: the
   * document's own language.
   */
  languages?: readonly string[] | 'all';
  /** Default: ['docx', 'pdf']. */
  formats?: readonly Format[];
  /** Print missing and stale translations as marked source text instead of refusing. */
  draft?: boolean;
  /** A copy of the package's templates/ folder to use instead. */
  templates?: string;
  /** A copy of the package's locales/ folder to use instead. */
  locales?: string;
  /** Annexes to add: 'stats' (a table of verdict statistics). */
  annex?: readonly 'stats'[];
  /** Where the PDF prints footnotes: 'page-foot' (default) or 'item-end'. */
  notes?: 'page-foot' | 'item-end';
  /** A Word template (.docx, .dotx) whose styles, numbering and page setup the outputs take (`--reference-docx`). */
  referenceDocx?: string;
}

export interface OutputName {
  /** `<id>.<lang>.<format>`: the name the command line writes it under. */
  name: string;
  lang: string;
  format: Format;
}

export interface RenderedOutput extends OutputName {
  bytes: Uint8Array;
}

function languagesOf(doc: ResponseDocument, wanted: RenderOptions['languages'], localesDir: string): string[] {
  const known = loadLocales(localesDir).langs;
  if (wanted === undefined) return [doc.lang];
  if (wanted === 'all') {
    const langs = [doc.lang, ...[...doc.translations.keys()].filter((l) => l !== doc.lang && known.includes(l))];
    if (langs.includes('kk') && langs.includes('ru')) langs.push('kk+ru');
    return langs;
  }
  if (!Array.isArray(wanted) || wanted.length === 0) throw UserError.usage('languages is empty', 'give languages such as ["en", "kk+ru"], or "all"');
  return parseLanguages(wanted.join(','), { known, localesDir, from: 'languages', pairs: true, many: true });
}

function internalOptions(doc: ResponseDocument, options: RenderOptions, warn?: (ds: Diagnostic[]) => void): InternalRenderOptions {
  const localesDir = options.locales ?? defaultLocalesDir;
  const formats = [...(options.formats ?? ['docx', 'pdf'])];
  if (formats.length === 0) throw UserError.usage('formats is empty', `formats: ${OUTPUT_FORMATS.join(', ')}`);
  for (const f of formats) if (!OUTPUT_FORMATS.includes(f)) throw UserError.usage(`unknown format ‘${String(f)}’ (known: ${OUTPUT_FORMATS.join(', ')})`);
  if (options.notes !== undefined && !NOTE_PLACEMENTS.includes(options.notes)) throw UserError.usage(`unknown place for notes ‘${String(options.notes)}’ (known: ${NOTE_PLACEMENTS.join(', ')})`);
  for (const a of options.annex ?? []) if (a !== 'stats') throw UserError.usage(`unknown annex ‘${String(a)}’ (known: stats)`);
  return {
    langs: languagesOf(doc, options.languages, localesDir),
    formats: [...new Set(formats)],
    outDir: '',
    templatesDir: options.templates ?? defaultTemplatesDir,
    localesDir,
    draft: options.draft ?? false,
    ...(options.annex?.length ? { annex: [...options.annex] } : {}),
    ...(options.notes ? { notes: options.notes } : {}),
    ...(options.referenceDocx !== undefined ? { reference: referenceFor(options.referenceDocx, warn) } : {}),
    ...(warn ? { warn } : {}),
  };
}

/** A reference DOCX, read once per path and modification while the process runs; what it will not use goes to `warn`. */
const references = new Map<string, { stamp: string; reference: ReferenceDocx }>();

function referenceFor(file: string, warn?: (ds: Diagnostic[]) => void): ReferenceDocx {
  if (typeof file !== 'string' || file.trim() === '') throw UserError.usage('referenceDocx is empty', 'give the path of a .docx or .dotx file');
  let stamp = '';
  try {
    const st = statSync(file);
    stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    /* reported by the read */
  }
  const known = references.get(file);
  if (known && stamp && known.stamp === stamp) return known.reference;
  const { reference, warnings } = readReferenceDocx(file);
  if (warnings.length) warn?.(warnings);
  if (stamp) references.set(file, { stamp, reference });
  return reference;
}

/** The outputs a render with these options makes, without rendering. */
export function outputs(doc: StandpointDocument, options: RenderOptions = {}): OutputName[] {
  return guarded(() => {
    const m = model(doc);
    const o = internalOptions(m, options);
    return o.langs.flatMap((lang) => o.formats.map((format) => ({ name: outputFileName(m.id, lang, format), lang, format })));
  });
}

/**
 * Renders to bytes, in the order of languages and formats asked for. PDFs are
 * laid out in a worker thread, so the event loop stays free; nothing is
 * written. Throws StandpointError for a missing or stale translation (unless
 * `draft`), an unknown language or format, a broken template.
 * `onWarning` hears what is printed as warnings on the command line (the
 * translation checks of a draft, unknown markup attributes in templates).
 */
export async function render(doc: StandpointDocument, options: RenderOptions & { onWarning?: (messages: Message[]) => void } = {}): Promise<RenderedOutput[]> {
  const m = model(doc);
  const warn = options.onWarning ? (ds: Diagnostic[]) => options.onWarning!(ds.map(diagnosticToJson)) : undefined;
  let files;
  try {
    const o = internalOptions(m, options, warn);
    const langs = [...new Set(o.langs.flatMap((l) => l.split('+')))].filter((l) => l !== m.lang && m.translations.has(l));
    if (langs.length) {
      const found = checkLanguages(m, langs);
      if (!o.draft && found.some((d) => d.severity === 'error')) throw new UserError(found, 1);
      if (found.length) warn?.(found);
    }
    if (o.formats.includes('pdf')) startPdfWorker(o.langs.length);
    files = await renderDocumentBytes(m, o);
  } catch (err) {
    return wrap(err);
  }
  return files.map((f) => ({ name: f.path, lang: f.lang, format: f.format, bytes: f.bytes }));
}

/** The markup the templates make for one language, before the writers read it (docs/templates.md). */
export function composeMarkup(doc: StandpointDocument, lang?: string, options: Pick<RenderOptions, 'draft' | 'templates' | 'locales' | 'annex'> = {}): string {
  return guarded(() => {
    const m = model(doc);
    const localesDir = options.locales ?? defaultLocalesDir;
    const l = lang === undefined ? m.lang : checkLanguageSpec(lang, { known: loadLocales(localesDir).langs, localesDir, from: 'lang' });
    return composeDocument(m, { lang: l, templatesDir: options.templates ?? defaultTemplatesDir, localesDir, draft: options.draft ?? false, ...(options.annex?.length ? { annex: [...options.annex] } : {}) }).markup;
  });
}

export interface DocumentDiff {
  /** How many changes: items added, removed, renumbered; verdicts; paragraphs added, removed, edited, moved. */
  changes: number;
  /** The report as `standpoint diff` prints it. */
  text(): string;
  /** The report as `standpoint diff --json` prints it, parsed. */
  json(): unknown;
  /** A DOCX with the edits as Word tracked changes. */
  docx(): Uint8Array;
}

/** What changed from `before` to `after`; `names` label the two sides in the reports (default: their folders or ids). */
export function diff(before: StandpointDocument, after: StandpointDocument, names: { before?: string; after?: string } = {}): DocumentDiff {
  const a = model(before);
  const b = model(after);
  const d = diffDocuments(a, b);
  const nameA = names.before ?? before.folder ?? before.id;
  const nameB = names.after ?? after.folder ?? after.id;
  return {
    changes: changeCount(d),
    text: () => diffToText(d, nameA, nameB),
    json: () => JSON.parse(diffToJson(d, nameA, nameB)) as unknown,
    docx: () => packDocx(diffToDocxPlan(d, nameA, nameB, documentTimestamp(b))),
  };
}

export interface VerdictCount {
  verdict: string;
  count: number;
  /** Share of its group, 0–1. */
  share: number;
}

export interface Stats {
  id: string;
  observations: { total: number; counts: VerdictCount[] };
  recommendations: { total: number; counts: VerdictCount[] };
  positive: number;
}

/** Verdicts counted per document and in total (`standpoint stats --json`). */
export function stats(docs: readonly StandpointDocument[]): { documents: Stats[]; total: Stats } {
  const each = docs.map((d) => documentStats(model(d)));
  return { documents: each, total: totalStats(each) };
}

export interface TranslationStatus {
  lang: string;
  total: number;
  translated: number;
  missing: string[];
  stale: string[];
}

/** Per language: how many units are translated, and which are missing or stale (`standpoint i18n status --json`). */
export function translationStatuses(doc: StandpointDocument, languages?: readonly string[]): TranslationStatus[] {
  const m = model(doc);
  const langs = languages ?? [...m.translations.keys()].sort();
  return langs.map((l) => {
    const s = translationStatus(m, l);
    return { lang: s.lang, total: s.total, translated: s.translated.length, missing: s.missing, stale: s.stale };
  });
}

export interface ExportOptions {
  /** The target language. */
  lang: string;
  /** Default: 'xliff' (XLIFF 2.0). */
  format?: 'xliff' | 'po';
  /** Only units in these states (default: all). */
  only?: readonly ('missing' | 'stale' | 'translated')[];
}

const STATES: Record<string, TranslationState> = { missing: 'new', stale: 'stale', translated: 'translated' };

/** The translation units for one language as XLIFF 2.0 or PO text, for a CAT tool (`standpoint i18n export`). */
export function exportTranslation(doc: StandpointDocument, options: ExportOptions): string {
  return guarded(() => {
    const m = model(doc);
    const lang = parseLanguages(options.lang ?? '', { known: loadLocales(defaultLocalesDir).langs, localesDir: defaultLocalesDir, from: 'lang', not: { lang: m.lang, why: 'is the document’s own language; translations go into another' } })[0]!;
    const format = options.format ?? 'xliff';
    if (format !== 'xliff' && format !== 'po') throw UserError.usage(`unknown format ‘${String(format)}’ (known: xliff, po)`);
    let units = translationUnits(m, lang);
    if (options.only) {
      const wanted = new Set(
        options.only.map((s) => {
          const st = STATES[s];
          if (!st) throw UserError.usage(`unknown state ‘${String(s)}’ (known: missing, stale, translated)`);
          return st;
        }),
      );
      units = units.filter((u) => wanted.has(u.state));
    }
    if (format === 'xliff') {
      // As `i18n export`: the termbase beside a document's folder (terms.yaml) goes into the XLIFF as a glossary.
      const diags = new Diagnostics();
      const termbase = memoryDocuments.has(m) ? undefined : readTermbaseFor(m.root, diags);
      if (diags.hasErrors) throw new UserError(diags.sorted(), 1);
      return exportXliff(units, { docId: m.id, original: m.id, srcLang: m.lang, trgLang: lang, ...(termbase ? { glossary: glossaryFor(termbase, m.lang, lang), glossarySource: basename(termbase.file) } : {}) });
    }
    const date = exportDate(m.meta.date ?? m.meta.electionDate);
    return exportPo(units, { docId: m.id, srcLang: m.lang, trgLang: lang, date, fileOf: (u) => (u.pos ? (memoryDocuments.has(m) ? u.pos.file : relative(m.root, u.pos.file)) : undefined) });
  });
}

export interface ImportOptions {
  /** The file's content: XLIFF 2.0 or PO, as text or bytes (its own declaration decides the encoding). */
  content: string | Uint8Array;
  /** Its file name, for messages; `.po` is read as PO, anything else as XLIFF. */
  name: string;
  /** Refuse the file unless it is this language. */
  lang?: string;
  /** Take translations made from an older source over current ones. */
  force?: boolean;
}

export interface ImportResult {
  lang: string;
  added: string[];
  updated: string[];
  /** Imported, but made from an older source or not confirmed: they stay stale until reviewed. */
  stale: string[];
  unchanged: number;
  /** Units in the file without a translation. */
  empty: number;
  /** Whether anything changed; when not, `yaml` is the file as it is. */
  changed: boolean;
  /** The new text of translations/<lang>.yaml, to write where the document keeps it. */
  yaml: string;
  /** The document with the new translation. */
  document: StandpointDocument;
}

/**
 * Merges a returned XLIFF or PO file into the document's translations after
 * every check `standpoint i18n import` makes (ids, language, inline codes,
 * the source's text checks), and returns the new translation file's text.
 * Writes nothing.
 */
export function importTranslation(doc: StandpointDocument, options: ImportOptions): ImportResult {
  return guarded(() => {
    const m = model(doc);
    const bytes = typeof options.content === 'string' ? new TextEncoder().encode(options.content) : options.content;
    const imported = parseTranslationExchange(bytes, options.name);
    const known = { known: loadLocales(defaultLocalesDir).langs, localesDir: defaultLocalesDir };
    if (options.lang !== undefined) parseLanguages(options.lang, { ...known, from: 'lang' });
    const { units, report } = mergeTranslations(m, options.name, imported, {
      ...(options.lang !== undefined ? { lang: options.lang } : {}),
      ...(options.force ? { force: true } : {}),
      checkLang: (lang, pos) => checkLanguageSpec(lang, { ...known, from: 'the file’s target language', pos }),
    });
    const changed = report.added.length + report.updated.length + report.stale.length > 0;
    if (changed) checkTranslation(m, report.lang, units);
    const next: ResponseDocument = { ...m, translations: new Map([...m.translations, [report.lang, { lang: report.lang, units }]]) };
    if (memoryDocuments.has(m)) memoryDocuments.add(next);
    // In memory there is no file to be beside: the schema line names the installed package's schema by its full path.
    const schemaLine = memoryDocuments.has(m) ? `# yaml-language-server: $schema=${join(schemaDir, 'translation.schema.json').split(sep).join('/')}` : undefined;
    return {
      lang: report.lang,
      added: report.added,
      updated: report.updated,
      stale: report.stale,
      unchanged: report.unchanged.length,
      empty: report.empty,
      changed,
      yaml: schemaLine !== undefined ? serializeTranslation(next, report.lang, units, schemaLine) : serializeTranslation(next, report.lang, units),
      document: handle(next, []),
    };
  });
}
