/**
 * `standpoint init <dir>`: a new document folder that validates and renders
 * at once (src/init/starter.ts). Command-line surface only: the files are
 * checked as a document before anything is written, then written as one
 * transaction; a folder with files in it needs --force.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError, type Diagnostic } from '../diag/diagnostic.js';
import { loadLocales } from '../compose/i18n.js';
import { parseLanguages } from '../compose/languages.js';
import { defaultLocalesDir } from '../paths.js';
import { schemaPathFrom } from '../io/schema-line.js';
import { isValidId } from '../model/ids.js';
import { readDocumentFromMemory } from '../read/document.js';
import { validateDocument } from '../validate/index.js';
import { commitFiles, recoverInterruptedCommit, TRANSACTION_DIR } from '../io/transaction.js';
import { STARTER_LANGUAGES, starterFiles } from '../init/starter.js';
import { didYouMeanChoice } from '../diag/suggest.js';
import { cli } from './output.js';

/** The id a folder name suggests: "My Response 2024" -> "my-response-2024". */
function idFromFolder(dir: string): string {
  return basename(resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
}

/** The schema folder as the new files' folder reaches it: a relative path to the installed package's schema/. */
function schemaFolderFrom(dir: string): string {
  return schemaPathFrom(dir, 'document').replace(/(^|\/)document\.schema\.json$/, "") || ".";
}

/** Today (UTC) as YYYY-MM-DD, or the day of SOURCE_DATE_EPOCH (reproducible runs). */
function today(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const ms = epoch !== undefined && /^\d{1,11}$/.test(epoch.trim()) ? Number(epoch.trim()) * 1000 : Date.now();
  return new Date(ms).toISOString().slice(0, 10);
}

export function registerInit(program: Command, print: (ds: Diagnostic[]) => void): void {
  program
    .command('init')
    .description('start a new document: a folder with one item of each kind, commented, that renders at once')
    .argument('<dir>', 'the folder to create (it must be new or empty)')
    .option('--lang <lang>', `the language the document is written in: ${STARTER_LANGUAGES.join(', ')} (default: en)`)
    .option('--title <text>', 'the title of the response')
    .option('--id <id>', 'the document id (default: from the folder name)')
    .option('--force', 'write into a folder that is not empty, replacing document.yaml and the section files')
    .action((dir: string, flags: { lang?: string; title?: string; id?: string; force?: boolean }) => {
      if (dir.trim() === '') throw UserError.usage('the folder is empty', 'name the folder to create, for example standpoint init kz-2024-presidential');
      const lang = flags.lang === undefined ? 'en' : parseLanguages(flags.lang, { known: loadLocales(defaultLocalesDir).langs, localesDir: defaultLocalesDir, from: '--lang' })[0]!;
      if (!STARTER_LANGUAGES.includes(lang)) throw UserError.usage(`no sample texts in ${lang} (known: ${STARTER_LANGUAGES.join(', ')})`, didYouMeanChoice(lang, STARTER_LANGUAGES));
      if (flags.title !== undefined && flags.title.trim() === '') throw UserError.usage('--title is empty', 'give the title, or leave the option out for a sample title');
      const id = flags.id ?? idFromFolder(dir);
      if (!isValidId(id)) {
        throw UserError.usage(
          flags.id !== undefined ? `--id ${JSON.stringify(id)} is not an id: it may hold only lower-case letters, digits, ‘-’ and ‘.’, and starts with a letter or digit` : `the folder name gives no id (${JSON.stringify(basename(resolve(dir)))})`,
          'for example --id kz-2024-presidential',
          'invalid-id',
        );
      }
      const existed = checkFolder(dir, flags.force ?? false);
      const files = starterFiles({ id, lang, date: today(), schemaPath: schemaFolderFrom(dir), ...(flags.title !== undefined ? { title: flags.title.trim() } : {}) });
      // The files are a document before they are written: whatever --title holds, what is written validates.
      const read = readDocumentFromMemory(Object.fromEntries(files.map((f) => [f.name, f.text])), { root: dir });
      const problems = read.doc && !read.diagnostics.hasErrors ? validateDocument(read.doc).sorted() : read.diagnostics.sorted();
      if (!read.doc || problems.some((d) => d.severity === 'error')) throw new UserError(problems, 1);
      print(problems);
      const writes = files.map((f) => ({ path: join(dir, f.name), data: f.text }));
      commitFiles(dir, writes, { createdRoot: !existed });
      for (const w of writes) cli.wrote(w.path);
      cli.info(`next: standpoint validate ${dir} && standpoint render ${dir}`);
    });
}

/** The folder may be new or empty; one with files needs --force. True when it existed. */
function checkFolder(dir: string, force: boolean): boolean {
  if (!existsSync(dir)) return false;
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch (err) {
    throw UserError.single({ file: dir, line: 1, column: 1 }, 'output-write', `cannot use ${dir} (${(err as NodeJS.ErrnoException).code ?? 'error'})`, undefined, 2);
  }
  if (!isDir) throw UserError.single({ file: dir, line: 1, column: 1 }, 'output-not-folder', `${dir} is a file, not a folder`, 'name a new folder', 2);
  recoverInterruptedCommit(dir);
  const entries = readdirSync(dir).filter((e) => e !== TRANSACTION_DIR);
  if (entries.length && !force) {
    throw UserError.single(
      { file: dir, line: 1, column: 1 },
      'output-not-empty',
      `the folder ${dir} is not empty (${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}: ${entries.slice(0, 4).join(', ')}${entries.length > 4 ? ', …' : ''}); nothing was written`,
      'name a new folder, or add --force to replace its document.yaml and section files',
      2,
    );
  }
  return true;
}
