/** `standpoint diff <old> <new>`: command-line surface of src/diff. */
import { Option, type Command } from 'commander';
import { extname } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import { UserError } from '../diag/diagnostic.js';
import { loadValidDocument } from '../render/index.js';
import { resolveSide } from '../diff/sources.js';
import { changeCount, diffDocuments } from '../diff/document-diff.js';
import { diffToDocxPlan, diffToJson, diffToText } from '../diff/report.js';
import { packDocx } from '../render/docx/pack.js';
import { refuseOverwritingInputs, writeFileAtomic } from '../render/output.js';
import { documentTimestamp } from '../compose/index.js';
import { didYouMeanChoice } from '../diag/suggest.js';
import { cli } from './output.js';

export function registerDiff(program: Command, print: (ds: Diagnostic[]) => void): void {
  program
    .command('diff')
    .description('what changed between two versions: items, verdicts, paragraphs (word by word), stale translations')
    .argument('<old>', 'document folder, document.yaml, or <git-rev>:<path>')
    .argument('<new>', 'document folder, document.yaml, or <git-rev>:<path>')
    .addOption(new Option('--json', 'print JSON (the same as --format json)').conflicts('format'))
    .option('--format <format>', 'text, json or docx', 'text')
    .option('-o, --out <file>', 'write the report here instead of standard output (required for docx)')
    .option('--exit-code', 'exit 1 when the versions differ, 0 when they do not (as git diff --exit-code)')
    .action((oldSpec: string, newSpec: string, flags: { json?: boolean; format: string; out?: string; exitCode?: boolean }) => {
      const format = flags.json ? 'json' : flags.format.trim().toLowerCase();
      const usage = (message: string, hint?: string): never => {
        throw UserError.usage(message, hint);
      };
      const formats = ['text', 'json', 'docx'];
      if (!formats.includes(format)) usage(`unknown format ‘${flags.format}’ (known: ${formats.join(', ')})`, didYouMeanChoice(format, formats));
      if (format === 'docx' && !flags.out) usage('a DOCX change report needs --out FILE', 'for example -o changes.docx');
      // A report written under the other format's name opens as a broken file.
      const ext = flags.out ? extname(flags.out).toLowerCase() : '';
      if (format === 'docx' && ext !== '.docx') usage(`--format docx writes a DOCX, but --out names ‘${flags.out}’`, 'for example -o changes.docx');
      if (format !== 'docx' && (ext === '.docx' || ext === '.pdf' || ext === '.yaml' || ext === '.yml')) usage(`--out names ‘${flags.out}’, but the report is ${format}`, `use --format docx for a DOCX, or for example -o changes.${format === 'json' ? 'json' : 'txt'}`);
      const a = resolveSide(oldSpec);
      const b = resolveSide(newSpec);
      try {
        const before = loadValidDocument(a.path);
        const after = loadValidDocument(b.path);
        print([...before.warnings, ...after.warnings]);
        if (flags.out !== undefined) {
          if (flags.out.trim() === '') usage('--out is empty', 'give the file to write, for example -o changes.docx');
          refuseOverwritingInputs([flags.out], [...before.files, ...after.files]);
        }
        const d = diffDocuments(before.doc, after.doc);
        const out = format === 'json' ? diffToJson(d, oldSpec, newSpec) : format === 'text' ? diffToText(d, oldSpec, newSpec) : undefined;
        if (out !== undefined) {
          if (flags.out) {
            writeFileAtomic(flags.out, out);
            cli.wrote(flags.out);
          } else cli.data(out);
        } else {
          writeFileAtomic(flags.out!, packDocx(diffToDocxPlan(d, oldSpec, newSpec, documentTimestamp(after.doc))));
          cli.wrote(flags.out!);
        }
        if (flags.exitCode && changeCount(d) > 0) process.exitCode = 1;
      } finally {
        a.cleanup();
        b.cleanup();
      }
    });
}
