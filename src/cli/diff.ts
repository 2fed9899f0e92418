/** `standpoint diff <old> <new>`: command-line surface of src/diff. */
import { Option, type Command } from 'commander';
import { extname } from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import { UserError } from '../diag/diagnostic.js';
import { loadValidDocument } from '../render/index.js';
import { resolveSide } from '../diff/sources.js';
import { diffDocuments } from '../diff/document-diff.js';
import { diffToDocxPlan, diffToJson, diffToText } from '../diff/report.js';
import { packDocx } from '../render/docx/pack.js';
import { refuseOverwritingInputs, writeFileAtomic } from '../render/output.js';
import { documentTimestamp } from '../compose/index.js';

export function registerDiff(program: Command, print: (ds: Diagnostic[]) => void): void {
  program
    .command('diff')
    .description('what changed between two versions: items, verdicts, paragraphs (word by word), stale translations')
    .argument('<old>', 'document folder, document.yaml, or <git-rev>:<path>')
    .argument('<new>', 'document folder, document.yaml, or <git-rev>:<path>')
    .addOption(new Option('--json', 'print JSON (the same as --format json)').conflicts('format'))
    .option('--format <format>', 'text, json or docx', 'text')
    .option('-o, --output <file>', 'where to write (required for docx)')
    .action((oldSpec: string, newSpec: string, flags: { json?: boolean; format: string; output?: string }) => {
      const format = flags.json ? 'json' : flags.format.trim().toLowerCase();
      const usage = (message: string, hint?: string): never => {
        throw UserError.single({ file: 'standpoint', line: 1, column: 1 }, 'usage', message, hint, 2);
      };
      if (!['text', 'json', 'docx'].includes(format)) usage(`unknown format ‘${flags.format}’`, 'formats: text, json, docx');
      if (format === 'docx' && !flags.output) usage('a DOCX change report needs -o FILE');
      // A report written under the other format's name opens as a broken file.
      const ext = flags.output ? extname(flags.output).toLowerCase() : '';
      if (format === 'docx' && ext !== '.docx') usage(`--format docx writes a DOCX, but -o names ‘${flags.output}’`, 'for example -o changes.docx');
      if (format !== 'docx' && (ext === '.docx' || ext === '.pdf' || ext === '.yaml' || ext === '.yml')) usage(`-o names ‘${flags.output}’, but the report is ${format}`, `use --format docx for a DOCX, or for example -o changes.${format === 'json' ? 'json' : 'txt'}`);
      const a = resolveSide(oldSpec);
      const b = resolveSide(newSpec);
      try {
        const before = loadValidDocument(a.path);
        const after = loadValidDocument(b.path);
        print([...before.warnings, ...after.warnings]);
        if (flags.output !== undefined) {
          if (flags.output.trim() === '') usage('-o is empty', 'give the file to write, for example -o changes.docx');
          refuseOverwritingInputs([flags.output], [...before.files, ...after.files]);
        }
        const d = diffDocuments(before.doc, after.doc);
        const out = format === 'json' ? diffToJson(d, oldSpec, newSpec) : format === 'text' ? diffToText(d, oldSpec, newSpec) : undefined;
        if (out !== undefined) {
          if (flags.output) writeFileAtomic(flags.output, out);
          else process.stdout.write(out);
        } else {
          writeFileAtomic(flags.output!, packDocx(diffToDocxPlan(d, oldSpec, newSpec, documentTimestamp(after.doc))));
          process.stdout.write(`wrote ${flags.output}\n`);
        }
      } finally {
        a.cleanup();
        b.cleanup();
      }
    });
}
