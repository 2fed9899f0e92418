/**
 * The standpoint command line. The only module that touches argv and exit
 * codes: 0 success, 1 problems in the input, 2 usage or environment, 3 an
 * internal error (a bug). Where words go — results on stdout, diagnostics and
 * progress on stderr, --quiet, colour — is output.ts's. User errors print as
 * `file:line:col severity message (rule)`, or `error: message` when the
 * command line itself is wrong, without a stack trace (unless --verbose).
 * Every command takes the same option for the same meaning (-o/--out for
 * what it writes, --lang, --format, --json, --force, --dry-run, -q/--quiet).
 */
import { Command, CommanderError, Option } from 'commander';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_LINE, UserError, diagnosticToJson, diagnosticsToJson, type Diagnostic } from '../diag/diagnostic.js';
import { loadValidDocument, plannedOutputs, renderDocumentBytes, startFirstLanguage, writeRendered, OUTPUT_FORMATS, type OutputFormat, type RenderedFile, type RenderHead, type RenderOptions } from '../render/index.js';
import { checkOutputPaths, refuseOverwritingInputs } from '../render/output.js';
import { readReferenceDocx, type ReferenceDocx } from '../render/docx/reference.js';
import type { ResponseDocument } from '../model/types.js';
import { DistinctDocuments } from './distinct-documents.js';
import { readDocument, DOCUMENT_FILE } from '../read/document.js';
import { validateDocument } from '../validate/index.js';
import { didYouMean, didYouMeanChoice } from '../diag/suggest.js';
import { loadLocales } from '../compose/i18n.js';
import { composeMarkup } from '../compose/index.js';
import { parseLanguages } from '../compose/languages.js';
import { defaultLocalesDir, defaultTemplatesDir, packageVersion } from '../paths.js';
import { startPdfWorker, stopPdfWorker } from '../render/pdf/pool.js';
import { turnCacheOff } from '../render/cache/location.js';
import { NOTE_PLACEMENTS, type NotePlacement } from '../render/pdf/build.js';
import { registerI18n } from './i18n.js';
import { checkLanguages } from '../l10n/check-run.js';
import { watchDocument } from './watch.js';
import { registerDiff } from './diff.js';
import { registerStats } from './stats.js';
import { registerImport } from './import.js';
import { registerInit } from './init.js';
import { registerCompletion } from './completion.js';
import { cli } from './output.js';

let verbose = false;

function printDiagnostics(ds: Diagnostic[]): void {
  cli.diagnostics(ds);
}

function usage(message: string, hint?: string): never {
  throw UserError.usage(message, hint);
}

function parseFormats(value: string, from = '--format'): OutputFormat[] {
  const formats = value.split(',').map((f) => f.trim().toLowerCase());
  if (formats.every((f) => f === '')) usage(`${from} is empty`, `formats: ${OUTPUT_FORMATS.join(', ')}`);
  for (const f of formats) {
    if (f === '') usage(`${from} ‘${value}’ has an empty entry`, 'separate formats with single commas: docx,pdf');
    if (!OUTPUT_FORMATS.includes(f as OutputFormat)) {
      usage(`unknown format ‘${f}’ (known: ${OUTPUT_FORMATS.join(', ')})`, didYouMeanChoice(f, OUTPUT_FORMATS) ?? (f === 'odt' || f === 'rtf' || f === 'doc' ? `LibreOffice converts the DOCX: soffice --headless --convert-to ${f} <file>.docx` : undefined));
    }
  }
  return [...new Set(formats)] as OutputFormat[];
}

function localesOf(dir: string | undefined): { dir: string; known: string[] } {
  const d = dir ?? defaultLocalesDir;
  return { dir: d, known: loadLocales(d).langs };
}

interface RenderFlags {
  lang?: string;
  format: string;
  out: string;
  templates?: string;
  locales?: string;
  draft?: boolean;
  annex?: string;
  notes?: string;
  json?: boolean;
  emitMarkup?: boolean;
  referenceDocx?: string;
}

const ANNEXES = ['stats'];

/** An output folder given as "" would write into the current folder without saying so. */
function outFolder(value: string, from = '--out'): string {
  if (value.trim() === '') usage(`${from} is empty`, 'give the output folder, for example --out out');
  return value;
}

function parseAnnex(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') usage('--annex is empty', `annexes: ${ANNEXES.join(', ')}`);
  const annex = value.split(',').map((a) => a.trim());
  for (const a of annex) if (!ANNEXES.includes(a)) usage(`unknown annex ‘${a}’ (known: ${ANNEXES.join(', ')})`, didYouMeanChoice(a, ANNEXES));
  return annex;
}

/**
 * The languages asked for: a list, `all` (every language the document has),
 * or none given (the document's own language). Resolved per document.
 */
export type LanguageChoice = { kind: 'own' } | { kind: 'all' } | { kind: 'list'; langs: string[] };

function parseLanguageChoice(value: string | undefined, locales: { dir: string; known: string[] }, pairs = true): LanguageChoice {
  if (value === undefined) return { kind: 'own' };
  const specs = value.split(',').map((s) => s.trim());
  if (specs.includes('all')) {
    if (specs.length > 1) usage(`--lang all stands alone, not in a list (‘${value}’)`, 'all renders every language the document has');
    return { kind: 'all' };
  }
  return { kind: 'list', langs: parseLanguages(value, { known: locales.known, localesDir: locales.dir, from: '--lang', pairs, many: true }) };
}

/** Languages a document can be rendered in: its own, each translation, and kk+ru when both exist. */
function availableLangs(doc: ResponseDocument): string[] {
  const langs = [doc.lang, ...[...doc.translations.keys()].filter((l) => l !== doc.lang)];
  const has = (l: string) => langs.includes(l);
  if (has('kk') && has('ru')) langs.push('kk+ru');
  return langs;
}

/** Every language of a document that the locales can render; a translation they cannot is named, never skipped without a word. */
function renderableLangs(doc: ResponseDocument, locales: { dir: string; known: string[] }, print: (ds: Diagnostic[]) => void): string[] {
  return availableLangs(doc).filter((l) => {
    if (l.split('+').every((one) => locales.known.includes(one))) return true;
    print([
      {
        pos: { file: join(doc.root, 'translations', `${l}.yaml`), line: 1, column: 1 },
        severity: 'warning',
        rule: 'unknown-language',
        message: `no locale for language ‘${l}’ in ${locales.dir}; this translation is not rendered`,
        hint: didYouMean(l, locales.known) ?? `available: ${locales.known.join(', ')}`,
      },
    ]);
    return false;
  });
}

/** The languages of `choice` for one document. */
export function langsFor(doc: ResponseDocument, choice: LanguageChoice, locales: { dir: string; known: string[] }, print: (ds: Diagnostic[]) => void): string[] {
  if (choice.kind === 'list') return choice.langs;
  if (choice.kind === 'own') return [doc.lang];
  return renderableLangs(doc, locales, print);
}

/** The reference DOCX a render names, read and checked once; what it will not use is said now. */
function referenceOf(file: string | undefined): ReferenceDocx | undefined {
  if (file === undefined) return undefined;
  if (file.trim() === '') usage('--reference-docx is empty', 'name a .docx or .dotx file: the commission\'s Word template');
  const { reference, warnings } = readReferenceDocx(file);
  printDiagnostics(warnings);
  return reference;
}

/** Everything of a render but its languages, checked before any document is read. */
function renderBase(flags: RenderFlags): Omit<RenderOptions, 'langs'> {
  const formats = parseFormats(flags.format);
  outFolder(flags.out);
  const annex = parseAnnex(flags.annex);
  const notes = flags.notes as NotePlacement | undefined;
  if (notes !== undefined && !NOTE_PLACEMENTS.includes(notes)) usage(`‘${flags.notes}’ is not a place for notes (known: ${NOTE_PLACEMENTS.join(', ')})`, didYouMeanChoice(flags.notes!, NOTE_PLACEMENTS));
  return {
    formats,
    outDir: flags.out,
    templatesDir: flags.templates,
    localesDir: flags.locales,
    draft: flags.draft ?? false,
    ...(annex ? { annex } : {}),
    ...(notes ? { notes } : {}),
    ...(flags.referenceDocx !== undefined ? { reference: referenceOf(flags.referenceDocx)! } : {}),
  };
}

/** Every document of a render once, and every output path checked before anything is rendered. */
class OutputClaims {
  private readonly documents = new DistinctDocuments('their outputs (<id>.<lang>.<format>) would overwrite each other');
  private readonly paths: string[] = [];

  claim(doc: ResponseDocument, options: RenderOptions): void {
    this.documents.add(doc);
    this.paths.push(...plannedOutputs(doc, options));
    checkOutputPaths(this.paths);
    // A render never writes over the template it reads.
    if (options.reference) refuseOverwritingInputs(this.paths, [options.reference.file]);
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** What a render reports: the files on stdout (or as JSON), warnings on stderr and, with --json, in the JSON too. */
class RenderReport {
  readonly diagnostics: Diagnostic[] = [];
  private readonly started = performance.now();

  constructor(private readonly json: boolean) {}

  print = (ds: Diagnostic[]): void => {
    this.diagnostics.push(...ds);
    printDiagnostics(ds);
  };

  /** A finished output, as a progress line with its time (on a terminal). */
  finished = (f: RenderedFile): void => {
    cli.progress(`  ${f.path}  ${seconds(performance.now() - this.started)}`);
  };

  written(files: RenderedFile[]): void {
    if (this.json) {
      const list = files.map((f) => ({ path: f.path, lang: f.lang, format: f.format, bytes: f.bytes.length }));
      cli.data(`${JSON.stringify({ ok: true, files: list, diagnostics: this.diagnostics.map(diagnosticToJson) }, null, 2)}\n`);
      return;
    }
    for (const f of files) cli.wrote(f.path, `(${f.bytes.length} bytes)`);
    cli.progress(`rendered ${files.length} file(s) in ${seconds(performance.now() - this.started)}`);
  }
}

async function renderCommand(documents: string[], flags: RenderFlags): Promise<void> {
  cli.reportFailuresAsJson(flags.json, { files: [] });
  if (flags.emitMarkup && flags.json) usage('--emit-markup prints markup, not JSON; give one of them');
  const base = renderBase(flags);
  const locales = localesOf(flags.locales);
  const choice = parseLanguageChoice(flags.lang, locales);
  const report = new RenderReport(flags.json ?? false);
  if (flags.emitMarkup) return emitMarkup(documents, base, choice, locales, report);
  // The worker loads pdfmake and the fonts while this thread reads and composes.
  if (base.formats.includes('pdf')) startPdfWorker(documents.length * (choice.kind === 'list' ? choice.langs.length : choice.kind === 'all' ? 2 : 1), { oneShot: true });
  // Read, validate and render everything before writing anything.
  const all: RenderedFile[] = [];
  const claims = new OutputClaims();
  try {
    for (const d of documents) {
      const head = choice.kind === 'list' ? startEarly(d, { ...base, langs: choice.langs, warn: report.print }) : undefined;
      // The document's own language needs none of its translations; `all` needs every one.
      const { doc, warnings } = loadValidDocument(d, choice.kind === 'list' ? choice.langs : choice.kind === 'own' ? [] : undefined);
      report.print(warnings);
      const options: RenderOptions = { ...base, langs: langsFor(doc, choice, locales, report.print), warn: report.print };
      claims.claim(doc, options);
      checkRenderedTranslations(doc, options, report.print);
      all.push(...(await renderDocumentBytes(doc, options, report.finished, head)));
    }
  } catch (err) {
    // A PDF started early may still be rendering; nothing of it is wanted now.
    await stopPdfWorker();
    throw err;
  }
  writeRendered(all);
  report.written(all);
}

/** `render --emit-markup`: the markup the templates print, per document and language, on stdout; nothing is written. */
function emitMarkup(documents: string[], base: Omit<RenderOptions, 'langs'>, choice: LanguageChoice, locales: { dir: string; known: string[] }, report: RenderReport): void {
  for (const d of documents) {
    const { doc, warnings } = loadValidDocument(d, choice.kind === 'list' ? choice.langs : choice.kind === 'own' ? [] : undefined);
    report.print(warnings);
    const langs = [...new Set(langsFor(doc, choice, locales, report.print).flatMap((spec) => spec.split('+')))];
    for (const lang of langs) {
      const markup = composeMarkup(doc, {
        lang,
        templatesDir: base.templatesDir ?? defaultTemplatesDir,
        localesDir: base.localesDir ?? defaultLocalesDir,
        draft: base.draft ?? false,
        ...(base.annex ? { annex: base.annex } : {}),
      });
      cli.data(`<!-- standpoint markup: ${doc.id}, ${lang} -->\n${markup}${markup.endsWith('\n') ? '' : '\n'}`);
    }
  }
}

/**
 * The translation checks (i18n check) for the languages being rendered: errors
 * stop the render unless it is a draft, where they are printed and the render goes on.
 */
function checkRenderedTranslations(doc: ResponseDocument, options: RenderOptions, print: (ds: Diagnostic[]) => void): void {
  const langs = [...new Set(options.langs.flatMap((l) => l.split('+')))].filter((l) => l !== doc.lang && doc.translations.has(l));
  if (langs.length === 0) return;
  const found = checkLanguages(doc, langs);
  if (!options.draft && found.some((d) => d.severity === 'error')) {
    throw new UserError(found, 1);
  }
  print(found);
}

/**
 * With several languages, the first one is read (the source and its own
 * translation only), composed and its PDF started before the other
 * translations are read. Any problem in that early read is left to the full
 * read that follows, which reports everything at once.
 */
function startEarly(document: string, options: RenderOptions): RenderHead | undefined {
  const first = options.langs[0]!.split('+');
  if (new Set(options.langs.flatMap((l) => l.split('+'))).size <= first.length) return undefined;
  try {
    return startFirstLanguage(loadValidDocument(document, first).doc, options);
  } catch (err) {
    if (err instanceof UserError) return undefined;
    throw err;
  }
}

async function renderAllCommand(dir: string, flags: { out: string; format: string; templates?: string; locales?: string; json?: boolean; referenceDocx?: string }): Promise<void> {
  cli.reportFailuresAsJson(flags.json, { files: [] });
  const base = renderBase(flags);
  const locales = localesOf(flags.locales);
  const report = new RenderReport(flags.json ?? false);
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (err) {
    throw UserError.single({ file: dir, line: 1, column: 1 }, 'file-not-found', `cannot read the folder ${dir} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, undefined, 2);
  }
  const folders = entries.filter((e) => existsSync(join(dir, e, DOCUMENT_FILE)));
  if (folders.length === 0) throw UserError.single({ file: dir, line: 1, column: 1 }, 'file-not-found', `no document folders (with ${DOCUMENT_FILE}) in ${dir}`, undefined, 2);
  // Every folder has at least its own language; most have translations too.
  if (base.formats.includes('pdf')) startPdfWorker(folders.length * 2, { oneShot: true });
  const all: RenderedFile[] = [];
  const claims = new OutputClaims();
  for (const f of folders) {
    const { doc, warnings } = loadValidDocument(join(dir, f));
    report.print(warnings);
    const options: RenderOptions = { ...base, langs: langsFor(doc, { kind: 'all' }, locales, report.print), warn: report.print };
    claims.claim(doc, options);
    checkRenderedTranslations(doc, options, report.print);
    all.push(...(await renderDocumentBytes(doc, options, report.finished)));
  }
  writeRendered(all);
  report.written(all);
}

function validateCommand(documents: string[], flags: { json?: boolean }): void {
  const all: Diagnostic[] = [];
  for (const d of documents) {
    const read = readDocument(d);
    all.push(...read.diagnostics.sorted());
    if (read.doc && !read.diagnostics.hasErrors) all.push(...validateDocument(read.doc).sorted());
  }
  if (flags.json) cli.data(`${diagnosticsToJson(all)}\n`);
  else printDiagnostics(all);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.length - errors;
  if (!flags.json && (errors || warnings)) cli.note(`${errors} error(s), ${warnings} warning(s)`);
  if (errors) process.exitCode = 1;
}

/**
 * Commander's own errors (unknown option, missing argument, conflicting
 * options) in the form of every other usage error: `error: …` and a hint.
 */
function formatCommanderError(text: string): Diagnostic {
  const lines = text.trim().split('\n').map((l) => l.trim()).filter(Boolean);
  const message = (lines[0] ?? 'invalid command line').replace(/^error:\s*/, '');
  let hint = lines.slice(1).join(' ').replace(/^\((.*)\)$/, '$1');
  hint = hint.replace(/^Did you mean/, 'did you mean');
  return { pos: COMMAND_LINE, severity: 'error', message, rule: 'usage', ...(hint ? { hint } : {}) };
}

const EXIT_CODES = `
Exit codes:
  0  success (warnings may have been printed)
  1  problems in the input: the data, a translation, an imported file
     (also: validate found errors, diff --exit-code found changes, i18n status --strict found gaps)
  2  usage or environment: an unknown option or language, a missing file, an unwritable output folder,
     a broken template or locale
  3  a bug in standpoint, never the input's fault: run again with --verbose and report the stack trace

Results and "wrote …" lines go to standard output; messages and progress to standard error.
Colour on a terminal; NO_COLOR=1 turns it off, FORCE_COLOR=1 on.`;

/** The options of render and watch; `extra` adds those only render has. */
function renderOptions(c: Command, extra: boolean): Command {
  c.addOption(new Option('--lang <langs>', 'languages, comma-separated; a pair like kk+ru renders side by side; all: every language the document has (default: the document’s own language)'))
    .addOption(new Option('--format <formats>', 'output formats, comma-separated: docx, pdf, html').default('docx,pdf'))
    .addOption(new Option('-o, --out <dir>', 'output folder').default('out'))
    .option('--templates <dir>', 'a copy of templates/ to use instead of the built-in one')
    .option('--locales <dir>', 'a copy of locales/ to use instead of the built-in one')
    .option('--draft', 'render missing translations as marked source text instead of refusing')
    .option('--annex <annexes>', 'add annexes: stats (a table of verdict statistics)')
    .option('--notes <where>', 'where the PDF prints footnotes: page-foot (default, as Word does) or item-end')
    .option('--reference-docx <file>', 'a Word template (.docx, .dotx) whose styles, numbering and page setup the output takes, as pandoc\'s --reference-doc')
    .option('--no-cache', 'neither read nor write the typesetting cache (words shaped and hyphenated in earlier runs)');
  if (extra) {
    c.option('--json', 'print the files written and the messages as JSON').option('--emit-markup', 'print the markup the templates make for each language, and write nothing');
  }
  return c;
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('standpoint')
    .description('Formal item-by-item responses to international monitoring reports, in DOCX, PDF and HTML, in several languages')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('-q, --quiet', 'print only errors and the output asked for (no warnings, no "wrote" lines, no progress)')
    .option('--verbose', 'print the stack trace when standpoint stops on a bug (exit 3)')
    .helpOption('-h, --help', 'print help')
    .showSuggestionAfterError(true)
    .exitOverride()
    .addHelpText('after', EXIT_CODES)
    .configureOutput({
      writeOut: (s) => cli.data(s),
      writeErr: (s) => process.stderr.write(s),
      outputError: (s) => printDiagnostics([formatCommanderError(s)]),
    });
  program.helpCommand('help [command]', 'print help for a command');

  renderOptions(program.command('render').description('render documents to DOCX and PDF (and HTML with --format html)').argument('<documents...>', 'document folders or document.yaml files'), true).action(renderCommand);

  program
    .command('validate')
    .description('check documents; exit 1 when there is an error')
    .argument('<documents...>', 'document folders or document.yaml files')
    .option('--json', 'print the messages as JSON')
    .action(validateCommand);

  program
    .command('render-all')
    .description('render every document folder under a folder in every language it has')
    .argument('[dir]', 'folder of document folders', 'data')
    .addOption(new Option('--format <formats>', 'output formats, comma-separated: docx, pdf, html').default('docx,pdf,html'))
    .addOption(new Option('-o, --out <dir>', 'output folder').default('out'))
    .option('--templates <dir>', 'a copy of templates/ to use instead of the built-in one')
    .option('--locales <dir>', 'a copy of locales/ to use instead of the built-in one')
    .option('--json', 'print the files written and the messages as JSON')
    .option('--reference-docx <file>', 'a Word template (.docx, .dotx) whose styles, numbering and page setup the outputs take')
    .option('--no-cache', 'neither read nor write the typesetting cache (words shaped and hyphenated in earlier runs)')
    .action(renderAllCommand);

  renderOptions(program.command('watch').description('render, then render again on every save (Ctrl-C to stop)').argument('<document>', 'document folder or document.yaml'), false).action(
    async (document: string, flags: RenderFlags) => {
      const base = renderBase(flags);
      const locales = localesOf(flags.locales);
      const choice = parseLanguageChoice(flags.lang, locales);
      const handle = watchDocument(document, { ...base, langs: [], warn: printDiagnostics }, (doc) => langsFor(doc, choice, locales, printDiagnostics), printDiagnostics, (line) => cli.info(line));
      const stop = () => handle.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await handle.done;
      cli.info('stopped');
    },
  );

  program
    .command('preview')
    .description('serve the document as a web page on this machine that updates on every save (Ctrl-C to stop)')
    .argument('<document>', 'document folder or document.yaml')
    .addOption(new Option('--lang <lang>', 'the language (or pair, like kk+ru) the printed address opens; the page switches between all (default: the document’s own language)'))
    .addOption(new Option('--port <n>', 'port to listen on; 0 takes any free one').default('4400'))
    .addOption(new Option('--host <address>', 'address to listen on; anything but 127.0.0.1 lets other machines read the document').default('127.0.0.1'))
    .option('--templates <dir>', 'a copy of templates/ to use instead of the built-in one')
    .option('--locales <dir>', 'a copy of locales/ to use instead of the built-in one')
    .option('--annex <annexes>', 'add annexes: stats (a table of verdict statistics)')
    .action(async (document: string, flags: { lang?: string; port: string; host: string; templates?: string; locales?: string; annex?: string }) => {
      const locales = localesOf(flags.locales);
      if (flags.lang?.includes(',')) usage(`preview opens one language or pair, not ‘${flags.lang}’`, 'the page has a switcher for the others');
      // The document's own language; a document that cannot be read yet opens in English and shows its problems.
      const lang = flags.lang ?? readDocument(document, { translations: [] }).doc?.lang ?? 'en';
      const langs = parseLanguages(lang, { known: locales.known, localesDir: locales.dir, from: '--lang', pairs: true });
      const port = Number(flags.port);
      if (!/^\d{1,5}$/.test(flags.port) || port > 65535) usage(`‘${flags.port}’ is not a port number (0–65535)`);
      const annex = parseAnnex(flags.annex);
      if (!['127.0.0.1', 'localhost', '::1'].includes(flags.host)) {
        cli.note(`standpoint: listening on ${flags.host}: other machines that reach it can read the document and its folder`);
      }
      // The preview server and the HTML writer, loaded for this command only (a cold start of every other pays nothing for them).
      const { startPreview } = await import('../preview/server.js');
      const handle = await startPreview(
        { document, lang: langs[0]!, host: flags.host, port, templatesDir: flags.templates, localesDir: flags.locales, ...(annex ? { annex } : {}) },
        printDiagnostics,
        (line) => cli.info(line),
      );
      const stop = () => handle.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await handle.done;
      cli.info('stopped');
    });

  registerInit(program, printDiagnostics);
  registerI18n(program, printDiagnostics);
  registerDiff(program, printDiagnostics);
  registerStats(program, printDiagnostics);
  registerImport(program, printDiagnostics);
  registerCompletion(program);

  program.hook('preAction', (_cmd, action) => {
    const opts = program.opts<{ verbose?: boolean; quiet?: boolean }>();
    verbose = Boolean(opts.verbose);
    cli.settings.quiet = Boolean(opts.quiet);
    // Before anything is rendered: PDF workers see the environment as it is when they start.
    if (action.opts<{ cache?: boolean }>().cache === false) turnCacheOff();
  });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  verbose = argv.includes('--verbose');
  cli.reportFailuresAsJson(false);
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help asked for (--help, help): 0. Help printed because no command was given (also `i18n` alone): a usage error.
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      if (err.code === 'commander.help') return err.exitCode === 0 ? 0 : 2;
      return 2;
    }
    if (err instanceof UserError) {
      cli.failed(err.diagnostics);
      if (verbose) process.stderr.write(`${err.stack ?? ''}\n`);
      return err.exitCode;
    }
    cli.fatal(`standpoint: internal error: ${(err as Error).message}\n`);
    if (verbose) cli.fatal(`${(err as Error).stack ?? ''}\n`);
    else cli.fatal('  (run again with --verbose for the stack trace, and report it)\n');
    return 3;
  } finally {
    await stopPdfWorker();
  }
}
