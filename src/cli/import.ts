/** `standpoint import <file.txt|file.docx>`: an existing response into a document folder. */
import { FILE_LIMITS, readUserFileOrFail } from '../read/user-file.js';
import { basename, extname, join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError, type Diagnostic } from '../diag/diagnostic.js';
import { loadValidDocument } from '../render/index.js';
import { loadLocales } from '../compose/i18n.js';
import { parseLanguages } from '../compose/languages.js';
import { defaultLocalesDir, schemaDir } from '../paths.js';
import { readDocument } from '../read/document.js';
import { validateDocument } from '../validate/index.js';

export function registerImport(program: Command, print: (ds: Diagnostic[]) => void): void {
  program
    .command('import')
    .description('read a response (plain text or DOCX) into a document folder')
    .argument('<file>', 'a .txt or .docx response; with --update, the edited DOCX')
    .option('--lang <lang>', 'the language the response is written in', 'en')
    .option('-o, --out <dir>', 'the document folder to write (default: a folder named after the file)')
    .option('--id <id>', 'the document id (default: from the file name)')
    .option('--update <document>', 'bring the edits of a DOCX that standpoint rendered back into this document folder')
    .action(async (file: string, flags: { lang: string; out?: string; id?: string; update?: string }) => {
      // Loaded here, not at start-up: the importers bring XML parsing that rendering does not need.
      const { importText } = await import('../import/text.js');
      const { importDocx } = await import('../import/docx.js');
      const { applyDocxEdits } = await import('../import/update.js');
      const { diffToText } = await import('../diff/report.js');
      const { writeDocumentFolder } = await import('../import/write.js');
      parseLanguages(flags.lang, { known: loadLocales(defaultLocalesDir).langs, localesDir: defaultLocalesDir, from: '--lang' });
      if (flags.update) {
        if (extname(file).toLowerCase() !== '.docx') throw UserError.single({ file, line: 1, column: 1 }, 'usage', '--update reads a DOCX', undefined, 2);
        const { doc, warnings, files } = loadValidDocument(flags.update);
        print(warnings);
        const imported = importDocx(file, { locales: loadLocales(defaultLocalesDir), id: doc.id, lang: doc.lang });
        for (const w of imported.warnings) process.stderr.write(`${file}:${w.line}:1 warning ${w.message} (import)\n`);
        const result = applyDocxEdits(doc, files, imported);
        const after = loadValidDocument(flags.update);
        print(after.warnings);
        process.stdout.write(diffToText(result.diff, flags.update, file));
        for (const f of result.files) process.stdout.write(`wrote ${f}\n`);
        return;
      }
      const ext = extname(file).toLowerCase();
      const id = flags.id ?? basename(file, extname(file)).toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') ?? 'imported';
      const out = flags.out ?? id;
      const locales = loadLocales(defaultLocalesDir);
      let result;
      if (ext === '.docx') result = importDocx(file, { locales, ...(flags.id ? { id: flags.id } : {}) });
      else {
        // A regular file of bounded size: a FIFO or /dev/zero is refused, not read.
        const text = readUserFileOrFail(file, FILE_LIMITS.importText).toString('utf8');
        result = importText(text, { id, lang: flags.lang, locales });
      }
      const written = writeDocumentFolder(out, result.document, result.sections, relative(resolve(out), schemaDir) || '.');
      for (const w of result.warnings) process.stderr.write(`${file}:${w.line}:1 warning ${w.message} (import)\n`);
      const read = readDocument(out);
      const problems = [...read.diagnostics.sorted(), ...(read.doc && !read.diagnostics.hasErrors ? validateDocument(read.doc).sorted() : [])];
      print(problems);
      for (const w of written) process.stdout.write(`wrote ${w}\n`);
      const c = result.counts;
      process.stdout.write(`imported ${c.items} items, ${c.findings} quoted passages, ${c.footnotes} footnotes, ${c.verdicts} verdicts, ${c.commitments} commitment references, ${c.paragraphs} standpoint paragraphs\n`);
      if (problems.some((p) => p.severity === 'error')) process.exitCode = 1;
    });
}
