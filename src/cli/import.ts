/**
 * `standpoint import <file.txt|file.docx>`: an existing response into a new
 * document folder; `import --update <document> edited.docx`: Word edits back
 * into a document's YAML or translation. Command-line surface only: every
 * check happens before anything is written, and what is written is one
 * transaction (io/transaction.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, relative } from 'node:path';
import type { Command } from 'commander';
import { Diagnostics, UserError, diagnosticToJson, type Diagnostic } from '../diag/diagnostic.js';
import { loadLocales } from '../compose/i18n.js';
import { parseLanguages } from '../compose/languages.js';
import { FILE_LIMITS, readUserFileOrFail } from '../read/user-file.js';
import { defaultLocalesDir, defaultTemplatesDir } from '../paths.js';
import { readDocument } from '../read/document.js';
import { validateDocument } from '../validate/index.js';
import { isValidId } from '../model/ids.js';
import { slugOf } from '../import/ids.js';
import { commitFiles, recoverInterruptedCommit, TRANSACTION_DIR, type FileWrite } from '../io/transaction.js';
import { cli } from './output.js';

interface ImportFlags {
  lang?: string;
  out?: string;
  id?: string;
  update?: string;
  force?: boolean;
  encoding?: string;
  dryRun?: boolean;
  json?: boolean;
}

function usage(message: string, hint?: string): never {
  throw UserError.usage(message, hint);
}

/** The id a file name suggests: "Old Response (2011).txt" -> "old-response-2011". */
function idFromFileName(file: string): string {
  // Cyrillic names are transliterated ("Ответ ЦИК.txt" -> "otvet-tsik").
  const id = slugOf(basename(file, extname(file)), 60);
  return isValidId(id) ? id : 'imported';
}

/** The imported folder's files, read and validated in a temporary copy; refused (exit 1) when not valid. */
function checkImported(out: string, files: FileWrite[], source: string): Diagnostic[] {
  const tmp = mkdtempSync(join(tmpdir(), 'standpoint-import-'));
  const copy = join(tmp, basename(out) || 'doc');
  try {
    for (const f of files) {
      const path = join(copy, relative(out, f.path));
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, f.data);
    }
    const read = readDocument(copy);
    const diags = new Diagnostics();
    diags.merge(read.diagnostics);
    if (read.doc && !read.diagnostics.hasErrors) diags.merge(validateDocument(read.doc));
    const back = (d: Diagnostic): Diagnostic => ({ ...d, pos: { ...d.pos, file: d.pos.file.startsWith(copy) ? join(out, relative(copy, d.pos.file)) : d.pos.file } });
    const all = diags.sorted().map(back);
    if (all.some((d) => d.severity === 'error') || !read.doc) {
      const head = new Diagnostics();
      head.error({ file: source, line: 1, column: 1 }, 'import-invalid', `the imported document does not validate (the problems below are in the files as they would be); nothing was written to ${out}`, 'correct the source file (or import it into another tool) and run again');
      throw new UserError([...head.items, ...all], 1);
    }
    return all;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The output folder may be new or empty; a folder with files needs --force. Recovers an interrupted earlier import first. */
function checkOutputFolder(out: string, force: boolean): { existed: boolean } {
  if (!existsSync(out)) return { existed: false };
  let st;
  try {
    st = statSync(out);
  } catch (err) {
    throw UserError.single({ file: out, line: 1, column: 1 }, 'output-write', `cannot use ${out} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, undefined, 2);
  }
  if (!st.isDirectory()) throw UserError.single({ file: out, line: 1, column: 1 }, 'output-not-folder', `${out} is a file, not a folder`, 'name a new folder with -o', 2);
  recoverInterruptedCommit(out);
  const entries = readdirSync(out).filter((e) => e !== TRANSACTION_DIR);
  if (entries.length && !force) {
    throw UserError.single(
      { file: out, line: 1, column: 1 },
      'output-not-empty',
      `the folder ${out} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}: ${entries.slice(0, 4).join(', ')}${entries.length > 4 ? ', …' : ''}); nothing was written`,
      'name a new folder with -o, or add --force to replace its document.yaml and section files',
      2,
    );
  }
  return { existed: true };
}

export function registerImport(program: Command, print: (ds: Diagnostic[]) => void): void {
  program
    .command('import')
    .description('read a response (plain text or DOCX) into a new document folder, or bring the edits of a rendered DOCX back (--update)')
    .argument('<file>', 'a .txt or .docx response; with --update, the edited DOCX')
    .option('--lang <lang>', 'the language the response is written in (default: detected from the text); with --update, bring a translated DOCX into translations/<lang>.yaml')
    .option('-o, --out <dir>', 'the document folder to write (default: a folder named after the file); it must be new or empty')
    .option('--id <id>', 'the document id (default: from the file name)')
    .option('--force', 'write into a folder that is not empty, replacing its document files')
    .option('--encoding <name>', 'the encoding of a text file (default: from its byte order mark, else UTF-8, else a guessed Cyrillic code page)')
    .option('--update <document>', 'bring the edits of a DOCX that standpoint rendered back into this document folder')
    .option('--dry-run', 'with --update: print the changes, write nothing')
    .option('--json', 'print the files written, the counts or change report, and the messages as JSON')
    .action(async (file: string, flags: ImportFlags) => {
      cli.reportFailuresAsJson(flags.json, { files: [] });
      const seen: Diagnostic[] = [];
      const report = (ds: Diagnostic[]) => {
        seen.push(...ds);
        print(ds);
      };
      // Loaded here, not at start-up: the importers bring XML parsing that rendering does not need.
      const { importText } = await import('../import/text.js');
      const { importDocxPackage, docxIdentity } = await import('../import/docx.js');
      const { textBoundaries } = await import('../import/text.js');
      const { docxStream, isStandpointDocx } = await import('../import/docx-stream.js');
      const { recognise, reportText } = await import('../import/recognise.js');
      const { openDocx } = await import('../import/docx-package.js');
      const { updateFromDocx } = await import('../import/update.js');
      const { documentFolderFiles } = await import('../import/write.js');
      const { decodeText, knownEncoding } = await import('../io/text-encoding.js');
      const byParagraph = extname(file).toLowerCase() === '.docx';
      // Text is located by line; a DOCX by paragraph number.
      // Line 0: a warning about the whole file (its house style), at its start and naming no paragraph.
      const warn = (w: { line: number; message: string }) => report([{ pos: { file, line: Math.max(1, w.line), column: 1 }, severity: 'warning', message: `${byParagraph && !flags.update && w.line > 0 ? `paragraph ${w.line}: ` : ''}${w.message}`, rule: 'import' }]);
      if (flags.lang !== undefined) parseLanguages(flags.lang, { known: loadLocales(defaultLocalesDir).langs, localesDir: defaultLocalesDir, from: '--lang' });
      if (flags.encoding !== undefined && !knownEncoding(flags.encoding)) usage(`unknown encoding ‘${flags.encoding}’`, 'name one like UTF-8, windows-1251, koi8-r or utf-16le');

      if (flags.update) {
        if (flags.out !== undefined || flags.id !== undefined) usage('--update writes into the document folder it names; --out and --id do not apply');
        if (flags.encoding !== undefined) usage('--encoding applies to text files; a DOCX is always UTF-8 inside');
        const plan = updateFromDocx(flags.update, file, {
          locales: loadLocales(defaultLocalesDir),
          localesDir: defaultLocalesDir,
          templatesDir: defaultTemplatesDir,
          ...(flags.lang !== undefined ? { lang: flags.lang } : {}),
          ...(flags.dryRun ? { dryRun: true } : {}),
        });
        report(plan.documentWarnings);
        for (const w of plan.warnings) warn(w);
        const written = flags.dryRun ? [] : plan.writes.map((w) => w.path);
        if (flags.json) {
          cli.data(`${JSON.stringify({ ok: true, dryRun: flags.dryRun ?? false, files: written, report: plan.report, diagnostics: seen.map(diagnosticToJson) }, null, 2)}\n`);
          return;
        }
        cli.data(plan.report);
        if (flags.dryRun) cli.info('dry run: nothing written');
        else for (const w of written) cli.wrote(w);
        return;
      }

      if (flags.dryRun) usage('--dry-run applies to --update');
      if (flags.id !== undefined && !isValidId(flags.id)) {
        throw UserError.usage(`--id ${JSON.stringify(flags.id)} is not an id: it may hold only lower-case letters, digits, ‘-’ and ‘.’, and starts with a letter or digit`, 'for example --id kz-2015-parliamentary', 'invalid-id');
      }
      const id = flags.id ?? idFromFileName(file);
      const out = flags.out ?? id;
      const locales = loadLocales(defaultLocalesDir);
      const { existed } = checkOutputFolder(out, flags.force ?? false);
      let result;
      const isDocx = extname(file).toLowerCase() === '.docx';
      const name = basename(file, extname(file));
      if (isDocx) {
        if (flags.encoding !== undefined) usage('--encoding applies to text files; a DOCX is always UTF-8 inside');
        const pkg = openDocx(file);
        // A DOCX standpoint rendered is read exactly through its styles and bookmarks; any other through the recogniser.
        if (docxIdentity(pkg).documentId !== undefined || isStandpointDocx(pkg)) result = importDocxPackage(pkg, { locales, ...(flags.id ? { id: flags.id } : {}), ...(flags.lang ? { lang: flags.lang } : {}), name });
        else {
          const warnings: { line: number; message: string }[] = [];
          const stream = docxStream(pkg, textBoundaries(defaultLocalesDir, locales), warnings);
          result = recognise(stream, { id, ...(flags.lang ? { lang: flags.lang } : {}), locales, localesDir: defaultLocalesDir, name });
          result.warnings.unshift(...warnings);
        }
      } else {
        // A regular file of bounded size: a FIFO or /dev/zero is refused, not read.
        const bytes = readUserFileOrFail(file, FILE_LIMITS.importText);
        if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
          throw UserError.single({ file, line: 1, column: 1 }, 'encoding', 'the file is a zip archive (a DOCX?), not text', 'a DOCX is read as one when its name ends in .docx', 1);
        }
        const decoded = decodeText(bytes, { file, guessCyrillic: true, ...(flags.encoding ? { declared: { name: flags.encoding, by: '--encoding' } } : {}) });
        if (decoded.warning) report([decoded.warning]);
        result = importText(decoded.text, { id, ...(flags.lang ? { lang: flags.lang } : {}), locales, localesDir: defaultLocalesDir, name });
      }
      const files = documentFolderFiles(out, result);
      // The recogniser's warnings and report come first: when the result does not validate, they say where the source went wrong.
      for (const w of result.warnings) warn(w);
      const c = result.counts;
      const recognised = result.report ? reportText(result.report) : '';
      const summary = `imported ${c.items} items, ${c.findings} quoted passages, ${c.footnotes} footnotes, ${c.verdicts} verdicts, ${c.commitments} commitment references, ${c.paragraphs} standpoint paragraphs\n${recognised}`;
      // Also when the result does not validate, the counts and the recogniser's report say where the source went wrong.
      cli.reportFailuresAsJson(flags.json, { files: [], counts: c, ...(recognised ? { report: recognised } : {}) });
      let problems: Diagnostic[];
      try {
        problems = checkImported(out, files, file);
      } catch (err) {
        if (!flags.json) cli.data(summary);
        throw err;
      }
      commitFiles(out, files, { createdRoot: !existed });
      report(problems);
      if (flags.json) {
        cli.data(`${JSON.stringify({ ok: true, files: files.map((w) => w.path), counts: c, ...(recognised ? { report: recognised } : {}), diagnostics: seen.map(diagnosticToJson) }, null, 2)}\n`);
        return;
      }
      for (const w of files) cli.wrote(w.path);
      cli.data(summary);
    });
}
