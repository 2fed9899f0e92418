/**
 * The standpoint command line. The only module that touches argv, stdout,
 * stderr and exit codes: 0 success, 1 problems in the input, 2 usage or
 * environment. User errors print as `file:line:col severity message (rule)`
 * without a stack trace (unless --verbose).
 */
import { Command, CommanderError, Option } from 'commander';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, formatDiagnostic, diagnosticsToJson, type Diagnostic } from '../diag/diagnostic.js';
import { loadValidDocument, plannedOutputs, renderDocumentBytes, startFirstLanguage, writeRendered, OUTPUT_FORMATS, type OutputFormat, type RenderHead, type RenderOptions } from '../render/index.js';
import { checkOutputPaths } from '../render/output.js';
import type { ResponseDocument } from '../model/types.js';
import { DistinctDocuments } from './distinct-documents.js';
import { readDocument, DOCUMENT_FILE } from '../read/document.js';
import { validateDocument } from '../validate/index.js';
import { didYouMean } from '../diag/suggest.js';
import { loadLocales } from '../compose/i18n.js';
import { parseLanguages } from '../compose/languages.js';
import { defaultLocalesDir } from '../paths.js';
import { startPdfWorker, stopPdfWorker } from '../render/pdf/pool.js';
import { NOTE_PLACEMENTS, type NotePlacement } from '../render/pdf/build.js';
import { registerI18n } from './i18n.js';
import { checkLanguages } from '../l10n/check-run.js';
import { watchDocument } from './watch.js';
import { startPreview } from '../preview/server.js';
import { registerDiff } from './diff.js';
import { registerStats } from './stats.js';
import { registerImport } from './import.js';

let verbose = false;

function printDiagnostics(ds: Diagnostic[]): void {
  for (const d of ds) process.stderr.write(`${formatDiagnostic(d)}\n`);
}

function usage(message: string, hint?: string): never {
  throw UserError.single({ file: 'standpoint', line: 1, column: 1 }, 'usage', message, hint, 2);
}

function parseFormats(value: string, from = '--format'): OutputFormat[] {
  const formats = value.split(',').map((f) => f.trim().toLowerCase());
  if (formats.every((f) => f === '')) usage(`${from} is empty`, `formats: ${OUTPUT_FORMATS.join(', ')}`);
  for (const f of formats) {
    if (f === '') usage(`${from} ‘${value}’ has an empty entry`, 'separate formats with single commas: docx,pdf');
    if (!OUTPUT_FORMATS.includes(f as OutputFormat)) usage(`unknown format ‘${f}’`, didYouMean(f, OUTPUT_FORMATS) ?? `formats: ${OUTPUT_FORMATS.join(', ')}`);
  }
  return [...new Set(formats)] as OutputFormat[];
}

function localesOf(dir: string | undefined): { dir: string; known: string[] } {
  const d = dir ?? defaultLocalesDir;
  return { dir: d, known: loadLocales(d).langs };
}

interface RenderFlags {
  lang: string;
  format: string;
  out: string;
  templates?: string;
  locales?: string;
  draft?: boolean;
  annex?: string;
  notes?: string;
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
  for (const a of annex) if (!ANNEXES.includes(a)) usage(`unknown annex ‘${a}’`, didYouMean(a, ANNEXES) ?? `annexes: ${ANNEXES.join(', ')}`);
  return annex;
}

function renderOptions(flags: RenderFlags): RenderOptions {
  const formats = parseFormats(flags.format);
  outFolder(flags.out);
  const locales = localesOf(flags.locales);
  const annex = parseAnnex(flags.annex);
  const notes = flags.notes as NotePlacement | undefined;
  if (notes !== undefined && !NOTE_PLACEMENTS.includes(notes)) usage(`‘${flags.notes}’ is not a place for notes`, didYouMean(flags.notes!, NOTE_PLACEMENTS) ?? `use ${NOTE_PLACEMENTS.join(' or ')}`);
  return {
    langs: parseLanguages(flags.lang, { known: locales.known, localesDir: locales.dir, from: '--lang', pairs: true, many: true }),
    formats,
    outDir: flags.out,
    templatesDir: flags.templates,
    localesDir: flags.locales,
    draft: flags.draft ?? false,
    ...(annex ? { annex } : {}),
    ...(notes ? { notes } : {}),
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
  }
}

async function renderCommand(documents: string[], flags: RenderFlags): Promise<void> {
  const options = renderOptions(flags);
  // The worker loads pdfmake and the fonts while this thread reads and composes.
  if (options.formats.includes('pdf')) startPdfWorker(documents.length * options.langs.length);
  // Read, validate and render everything before writing anything.
  const all = [];
  const claims = new OutputClaims();
  try {
    for (const d of documents) {
      const head = startEarly(d, options);
      const { doc, warnings } = loadValidDocument(d, options.langs);
      printDiagnostics(warnings);
      claims.claim(doc, options);
      checkRenderedTranslations(doc, options);
      all.push(...(await renderDocumentBytes(doc, options, undefined, head)));
    }
  } catch (err) {
    // A PDF started early may still be rendering; nothing of it is wanted now.
    await stopPdfWorker();
    throw err;
  }
  writeRendered(all);
  for (const f of all) process.stdout.write(`wrote ${f.path} (${f.bytes.length} bytes)\n`);
}

/**
 * The translation checks (i18n check) for the languages being rendered: errors
 * stop the render unless it is a draft, where they are printed and the render goes on.
 */
function checkRenderedTranslations(doc: import('../model/types.js').ResponseDocument, options: RenderOptions): void {
  const langs = [...new Set(options.langs.flatMap((l) => l.split('+')))].filter((l) => l !== doc.lang && doc.translations.has(l));
  if (langs.length === 0) return;
  const found = checkLanguages(doc, langs);
  if (!options.draft && found.some((d) => d.severity === 'error')) {
    throw new UserError(found, 1);
  }
  printDiagnostics(found);
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

/** Languages a document can be rendered in: its own, each translation, and kk+ru when both exist. */
function availableLangs(doc: ResponseDocument): string[] {
  const langs = [doc.lang, ...[...doc.translations.keys()].filter((l) => l !== doc.lang)];
  const has = (l: string) => langs.includes(l);
  if (has('kk') && has('ru')) langs.push('kk+ru');
  return langs;
}

async function renderAllCommand(dir: string, flags: { out: string; format: string; templates?: string; locales?: string }): Promise<void> {
  const formats = parseFormats(flags.format);
  outFolder(flags.out);
  const locales = localesOf(flags.locales);
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (err) {
    usage(`cannot read the folder ${dir} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const folders = entries.filter((e) => existsSync(join(dir, e, DOCUMENT_FILE)));
  if (folders.length === 0) usage(`no document folders (with ${DOCUMENT_FILE}) in ${dir}`);
  // Every folder has at least its own language; most have translations too.
  if (formats.includes('pdf')) startPdfWorker(folders.length * 2);
  const all = [];
  const claims = new OutputClaims();
  for (const f of folders) {
    const { doc, warnings } = loadValidDocument(join(dir, f));
    printDiagnostics(warnings);
    const langs = availableLangs(doc).filter((l) => {
      if (l.split('+').every((one) => locales.known.includes(one))) return true;
      // Kept on disk and named, never skipped without a word.
      printDiagnostics([
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
    const options = renderOptions({ ...flags, lang: langs.join(',') });
    claims.claim(doc, options);
    checkRenderedTranslations(doc, options);
    all.push(...(await renderDocumentBytes(doc, options)));
  }
  writeRendered(all);
  for (const f of all) process.stdout.write(`wrote ${f.path} (${f.bytes.length} bytes)\n`);
}

function validateCommand(documents: string[], flags: { json?: boolean }): void {
  const all: Diagnostic[] = [];
  for (const d of documents) {
    const read = readDocument(d);
    all.push(...read.diagnostics.sorted());
    if (read.doc && !read.diagnostics.hasErrors) all.push(...validateDocument(read.doc).sorted());
  }
  if (flags.json) process.stdout.write(`${diagnosticsToJson(all)}\n`);
  else printDiagnostics(all);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.length - errors;
  if (!flags.json) process.stderr.write(errors || warnings ? `${errors} error(s), ${warnings} warning(s)\n` : '');
  if (errors) process.exitCode = 1;
}

/**
 * Commander's own errors (unknown option, missing argument, conflicting
 * options) in the form of every other message: `standpoint:1:1 error … (usage)`.
 */
function formatCommanderError(text: string): string {
  const lines = text.trim().split('\n').map((l) => l.trim()).filter(Boolean);
  const message = (lines[0] ?? 'invalid command line').replace(/^error:\s*/, '');
  const hint = lines.slice(1).join(' ').replace(/^\((.*)\)$/, '$1');
  return `${formatDiagnostic({ pos: { file: 'standpoint', line: 1, column: 1 }, severity: 'error', message, rule: 'usage', ...(hint ? { hint } : {}) })}\n`;
}

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('standpoint')
    .description('Formal item-by-item responses to international monitoring reports, in DOCX, PDF and HTML, in several languages')
    .version('0.1.0')
    .option('--verbose', 'print stack traces of internal errors')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: (s, write) => write(formatCommanderError(s)) });

  const renderOpts = (c: Command) =>
    c
      .addOption(new Option('--lang <langs>', 'languages, comma-separated; a pair like kk+ru renders side by side').default('en'))
      .addOption(new Option('--format <formats>', 'output formats, comma-separated: docx, pdf, html').default('docx,pdf'))
      .addOption(new Option('--out <dir>', 'output folder').default('out'))
      .option('--templates <dir>', 'a copy of templates/ to use instead of the built-in one')
      .option('--locales <dir>', 'a copy of locales/ to use instead of the built-in one')
      .option('--draft', 'render missing translations as marked source text instead of refusing')
      .option('--annex <annexes>', 'add annexes: stats (a table of verdict statistics)')
      .option('--notes <where>', 'where the PDF prints footnotes: page-foot (default, as Word does) or item-end');

  renderOpts(program.command('watch').description('render, then render again on every save (Ctrl-C to stop)').argument('<document>', 'document folder or document.yaml')).action(
    async (document: string, flags: RenderFlags) => {
      const handle = watchDocument(document, renderOptions(flags), printDiagnostics, (line) => process.stdout.write(`${line}\n`));
      const stop = () => handle.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await handle.done;
      process.stdout.write('stopped\n');
    },
  );

  program
    .command('preview')
    .description('serve the document as a web page on this machine that updates on every save (Ctrl-C to stop)')
    .argument('<document>', 'document folder or document.yaml')
    .addOption(new Option('--lang <lang>', 'the language (or pair, like kk+ru) the printed address opens; the page switches between all').default('en'))
    .addOption(new Option('--port <n>', 'port to listen on; 0 takes any free one').default('4400'))
    .addOption(new Option('--host <address>', 'address to listen on; anything but 127.0.0.1 lets other machines read the document').default('127.0.0.1'))
    .option('--templates <dir>', 'a copy of templates/ to use instead of the built-in one')
    .option('--locales <dir>', 'a copy of locales/ to use instead of the built-in one')
    .option('--annex <annexes>', 'add annexes: stats (a table of verdict statistics)')
    .action(async (document: string, flags: { lang: string; port: string; host: string; templates?: string; locales?: string; annex?: string }) => {
      const locales = localesOf(flags.locales);
      if (flags.lang.includes(',')) usage(`preview opens one language or pair, not ‘${flags.lang}’`, 'the page has a switcher for the others');
      const langs = parseLanguages(flags.lang, { known: locales.known, localesDir: locales.dir, from: '--lang', pairs: true });
      const port = Number(flags.port);
      if (!/^\d{1,5}$/.test(flags.port) || port > 65535) usage(`‘${flags.port}’ is not a port number (0–65535)`);
      const annex = parseAnnex(flags.annex);
      if (!['127.0.0.1', 'localhost', '::1'].includes(flags.host)) {
        process.stderr.write(`standpoint: listening on ${flags.host}: other machines that reach it can read the document and its folder\n`);
      }
      const handle = await startPreview(
        { document, lang: langs[0]!, host: flags.host, port, templatesDir: flags.templates, localesDir: flags.locales, ...(annex ? { annex } : {}) },
        printDiagnostics,
        (line) => process.stdout.write(`${line}\n`),
      );
      const stop = () => handle.stop();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await handle.done;
      process.stdout.write('stopped\n');
    });

  renderOpts(program.command('render').description('render documents to DOCX and PDF (and HTML with --format html)').argument('<documents...>', 'document folders or document.yaml files')).action(renderCommand);

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
    .addOption(new Option('--format <formats>', 'output formats').default('docx,pdf,html'))
    .addOption(new Option('--out <dir>', 'output folder').default('out'))
    .option('--templates <dir>', 'templates folder')
    .option('--locales <dir>', 'locales folder')
    .action(renderAllCommand);

  registerI18n(program, printDiagnostics);
  registerDiff(program, printDiagnostics);
  registerStats(program, printDiagnostics);
  registerImport(program, printDiagnostics);

  program.hook('preAction', (cmd) => {
    verbose = Boolean(cmd.opts().verbose ?? program.opts().verbose);
  });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  verbose = argv.includes('--verbose');
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2;
    }
    if (err instanceof UserError) {
      printDiagnostics(err.diagnostics);
      if (verbose) process.stderr.write(`${err.stack ?? ''}\n`);
      return err.exitCode;
    }
    process.stderr.write(`standpoint: internal error: ${(err as Error).message}\n`);
    if (verbose) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    else process.stderr.write('  (run again with --verbose for the stack trace, and report it)\n');
    return 3;
  } finally {
    await stopPdfWorker();
  }
}

