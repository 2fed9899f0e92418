/** `standpoint diff <old> <new>`: command-line surface of src/diff. */
import type { Command } from 'commander';
import type { Diagnostic } from '../diag/diagnostic.js';
import { UserError } from '../diag/diagnostic.js';
import { loadValidDocument } from '../render/index.js';
import { resolveSide } from '../diff/sources.js';
import { diffDocuments } from '../diff/document-diff.js';
import { diffToDocxPlan, diffToJson, diffToText } from '../diff/report.js';
import { packDocx } from '../render/docx/pack.js';
import { writeFileAtomic } from '../render/output.js';
import { documentTimestamp } from '../compose/index.js';

export function registerDiff(program: Command, print: (ds: Diagnostic[]) => void): void {
  program
    .command('diff')
    .description('what changed between two versions: items, verdicts, paragraphs (word by word), stale translations')
    .argument('<old>', 'document folder, document.yaml, or <git-rev>:<path>')
    .argument('<new>', 'document folder, document.yaml, or <git-rev>:<path>')
    .option('--json', 'print JSON')
    .option('--format <format>', 'text, json or docx', 'text')
    .option('-o, --output <file>', 'where to write (required for docx)')
    .action((oldSpec: string, newSpec: string, flags: { json?: boolean; format: string; output?: string }) => {
      const format = flags.json ? 'json' : flags.format.toLowerCase();
      if (!['text', 'json', 'docx'].includes(format)) throw UserError.single({ file: 'standpoint', line: 1, column: 1 }, 'usage', `unknown format ‘${flags.format}’`, 'formats: text, json, docx', 2);
      if (format === 'docx' && !flags.output) throw UserError.single({ file: 'standpoint', line: 1, column: 1 }, 'usage', 'a DOCX change report needs -o FILE', undefined, 2);
      const a = resolveSide(oldSpec);
      const b = resolveSide(newSpec);
      try {
        const before = loadValidDocument(a.path);
        const after = loadValidDocument(b.path);
        print([...before.warnings, ...after.warnings]);
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
