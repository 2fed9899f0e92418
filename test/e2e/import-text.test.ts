/**
 * Importing plain-text responses: the seed extraction itself, and variants the
 * importer must not be tuned away from (re-wrapped lines, CRLF, Russian,
 * missing references, other numbering).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { docxText, pdfToText, repoRoot, runCli, tempDir } from '../helpers/tools.js';
import { wordRecall } from '../helpers/recall.js';

const seedFile = join(repoRoot, 'test', 'fixtures', 'kz-2011-seed.txt');
const seed = readFileSync(seedFile, 'utf8');

interface Stats {
  total: { positive: number; observations: { total: number; counts: { verdict: string; count: number }[] }; recommendations: { total: number; counts: { verdict: string; count: number }[] } };
}

function importAndStats(text: string, name: string, lang = 'en'): { dir: string; stdout: string; stderr: string; stats: Stats } {
  const src = join(tempDir('src-'), `${name}.txt`);
  writeFileSync(src, text);
  const dir = join(tempDir('imp-'), name);
  const r = runCli(['import', src, '--lang', lang, '-o', dir]);
  expect(r.stderr).not.toMatch(/ error /);
  expect(r.status).toBe(0);
  expect(runCli(['validate', dir]).status).toBe(0);
  const stats = JSON.parse(runCli(['stats', dir, '--json']).stdout) as Stats;
  return { dir, stdout: r.stdout, stderr: r.stderr, stats };
}

const count = (g: { counts: { verdict: string; count: number }[] }) => Object.fromEntries(g.counts.map((c) => [c.verdict, c.count]));

function expectSeedCounts(s: Stats): void {
  expect(s.total.positive).toBe(10);
  expect(s.total.observations.total).toBe(24);
  expect(count(s.total.observations)).toEqual({ accepted: 0, 'accepted-in-part': 6, 'not-accepted': 18 });
  expect(s.total.recommendations.total).toBe(32);
  expect(count(s.total.recommendations)).toEqual({ implemented: 11, 'being-implemented': 2, 'accepted-in-part': 1, 'requires-further-study': 7, 'cannot-be-accepted': 11 });
}

describe('importing the seed text', () => {
  it('gives a valid document with every item, sub-item and verdict, rendering ≥ 99 % of the seed’s words', () => {
    const { dir, stdout, stats } = importAndStats(seed, 'kz-2011');
    expectSeedCounts(stats);
    expect(stdout).toMatch(/imported 68 items, \d+ quoted passages, 18 footnotes, 56 verdicts, 11 commitment references/);
    const out = tempDir('out-');
    expect(runCli(['render', dir, '--out', out]).status).toBe(0);
    for (const text of [pdfToText(join(out, 'kz-2011.en.pdf')), docxText(join(out, 'kz-2011.en.docx'))]) {
      const r = wordRecall(seed, text);
      console.log(`imported seed, rendered: ${r.found}/${r.total} = ${(r.ratio * 100).toFixed(2)} %`);
      expect(r.ratio).toBeGreaterThanOrEqual(0.99);
    }
    const sub = readFileSync(join(dir, 'recommendations.yaml'), 'utf8');
    for (const id of ['rec-2a', 'rec-2e', 'rec-3b', 'rec-4a', 'rec-4b', 'rec-6b', 'rec-7b', 'rec-14a', 'rec-16b', 'rec-18b']) expect(sub).toContain(`id: "${id}"`);
    expect(sub).toMatch(/verdictNote:\n\s+id: "rec-13.vn"\n\s+text: "however the CEC will continue the work on the issues of the above mentioned official instructions"/);
  });

  it('does not depend on the line wrapping or line ends', () => {
    // Break every line longer than 70 columns at its last space before column 70, with CRLF line ends.
    const rewrapped = seed
      .split('\n')
      .flatMap((line) => {
        const out: string[] = [];
        let rest = line;
        while (rest.length > 70 && rest.lastIndexOf(' ', 70) > 0) {
          const at = rest.lastIndexOf(' ', 70);
          out.push(rest.slice(0, at));
          rest = rest.slice(at + 1);
        }
        out.push(rest);
        return out;
      })
      .join('\r\n');
    const { stats } = importAndStats(rewrapped, 'rewrapped');
    expectSeedCounts(stats);
  });
});

describe('importing other responses', () => {
  it('reads a Russian response: lead-ins, references and verdicts', () => {
    const text = [
      'Центральная избирательная комиссия Республики Казахстан выражает признательность Миссии.',
      '1. Выборы прошли без конкуренции (раздел 1, стр. 1). Оппозиция не участвовала (раздел 4, стр. 5-6).',
      'Позиция ЦИК: Оппозиционные партии не выдвинули кандидатов.',
      'Критическое замечание не принимается.',
      '2. Закон содержит пробелы (раздел 4, стр. 5).',
      'Позиция ЦИК. Закон подробно регулирует процедуры.',
      'Критическое замечание принимается частично.',
      'Рекомендации',
      'А. Приоритетные рекомендации',
      '1. Изменить законодательство о выборах.',
      'Позиция ЦИК. Работа ведется постоянно.',
      'Рекомендация находится в стадии выполнения.',
      'Примечание: В подготовке участвовали министерства.',
    ].join('\n');
    const { dir, stats } = importAndStats(text, 'ru-response', 'ru');
    expect(stats.total.observations.total).toBe(2);
    expect(count(stats.total.observations)).toMatchObject({ 'not-accepted': 1, 'accepted-in-part': 1 });
    expect(count(stats.total.recommendations)).toMatchObject({ 'being-implemented': 1 });
    const critical = readFileSync(join(dir, 'critical.yaml'), 'utf8');
    expect(critical).toMatch(/ref:\n\s+section: "4"\n\s+pages: "5-6"/);
    expect(readFileSync(join(dir, 'document.yaml'), 'utf8')).toContain('В подготовке участвовали министерства.');
  });

  it('keeps findings without references and numbered lists, and reports text it cannot place', () => {
    const text = [
      'The Commission thanks the Mission.',
      '1. The law has gaps and no reference is given.',
      'The CEC standpoint: The law has no gaps:',
      '1) first point;',
      '2) second point.',
      'The critical observation is not accepted.',
      'A stray remark after the verdict.',
    ].join('\n');
    const { dir, stderr } = importAndStats(text, 'plain');
    const critical = readFileSync(join(dir, 'critical.yaml'), 'utf8');
    expect(critical).toContain('The law has gaps and no reference is given.');
    expect(critical).toMatch(/list:\n\s+style: "1\)"\n\s+items:\n\s+- id: "co-1.s2.i1"\n\s+text: "first point;"/);
    expect(critical).toContain('A stray remark after the verdict.');
    expect(stderr).toMatch(/plain\.txt:7:1 warning text after the verdict of item co-1; kept as a paragraph of its standpoint \(import\)/);
  });
});
