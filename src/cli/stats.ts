/** `standpoint stats <document…>`: verdict statistics per document and in total. */
import type { Command } from 'commander';
import type { Diagnostic } from '../diag/diagnostic.js';
import { loadValidDocument } from '../render/index.js';
import { documentStats, statsToText, totalStats } from '../stats/verdict-stats.js';
import { DistinctDocuments } from './distinct-documents.js';
import { cli } from './output.js';

export function registerStats(program: Command, print: (ds: Diagnostic[]) => void): void {
  program
    .command('stats')
    .description('how many observations were accepted and recommendations implemented, per document and in total')
    .argument('<documents...>', 'document folders or document.yaml files')
    .option('--json', 'print JSON')
    .action((documents: string[], flags: { json?: boolean }) => {
      const distinct = new DistinctDocuments('the totals would count one response twice');
      const stats = documents.map((d) => {
        const { doc, warnings } = loadValidDocument(d);
        print(warnings);
        distinct.add(doc);
        return documentStats(doc);
      });
      if (flags.json) cli.data(`${JSON.stringify({ documents: stats, total: totalStats(stats) }, null, 2)}\n`);
      else cli.data(statsToText(stats));
    });
}
