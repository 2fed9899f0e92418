/**
 * `standpoint i18n check` on the bundled document and on a copy with faults a
 * reviewer would catch, each reported at its line and column of the
 * translation file; and the same checks stopping `render` unless --draft.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { lineOf } from '../helpers/copy.js';
import { dataDoc, repoRoot, runCli, tempDir } from '../helpers/tools.js';
import { sourceHash } from '../../src/l10n/source-hash.js';

interface Finding {
  file: string;
  line: number;
  column: number;
  severity: string;
  message: string;
  rule: string;
}

/** A copy of data/ (the document and the termbase beside it). */
function copyData(): string {
  const data = tempDir('data-');
  cpSync(dataDoc, join(data, 'kz-2011-presidential'), { recursive: true });
  cpSync(join(repoRoot, 'data', 'terms.yaml'), join(data, 'terms.yaml'));
  return join(data, 'kz-2011-presidential');
}

function replaceIn(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${from} not in ${file}`);
  writeFileSync(file, text.replace(from, to));
}

describe('i18n check', () => {
  it('finds nothing in the bundled document', () => {
    const r = runCli(['i18n', 'check', 'data/kz-2011-presidential']);
    expect(r.stdout + r.stderr).toBe('kk, ru: 0 error(s), 0 warning(s)\n');
    expect(r.status).toBe(0);
  });

  it('reports each planted fault at its line and column, and exits 1', () => {
    const doc = copyData();
    const kk = join(doc, 'translations', 'kk.yaml');
    const ru = join(doc, 'translations', 'ru.yaml');
    // A changed number, a forbidden term, a Latin e in a Kazakh word, a space before a comma, a front-vowel ending after ОСК.
    replaceIn(kk, 'ОСК олардың 20 ұсынымын орындалған деп санайды. 2007', 'ОСК олардың 21 ұсынымын орындалған деп санайды. 2007');
    replaceIn(kk, 'Олар 1998 жылы Конституциядан', 'Олар 1998 жылы ДИАКБ Конституциядан');
    replaceIn(kk, 'Түзетулер ағымдағы саяси', 'Түзетулeр ағымдағы саяси');
    replaceIn(kk, 'Миссияның «сайлану құқығына', 'Миссияның , «сайлану құқығына');
    replaceIn(kk, 'ОСК-ның 919 қаулысының', 'ОСК-нің 919 қаулысының');
    // An untranslated sentence, and the Civil Procedure Code where the source says the Civil Code.
    const english = 'Nevertheless, the CEC has no objection to compile and adopt the more detailed formal regulations on election-day procedures and the results tabulation.';
    replaceIn(ru, 'Тем не менее ЦИК не возражает против разработки и принятия более детальных официальных нормативных актов о процедурах в день выборов и сведении результатов.', english);
    replaceIn(ru, 'Гражданским кодексом от 13 июля 1999', 'Гражданским процессуальным кодексом от 13 июля 1999');
    // Emphasis in the source (the translations made current for it) that the Russian drops.
    replaceIn(join(doc, 'critical.yaml'), 'Therefore, the OSCE critical observation is considered as unreasonable.', `Therefore, the OSCE critical observation is considered as *unreasonable*.`);
    const s3 = /- id: co-1\.s3\n\s+text: "([^"]*)"/.exec(readFileSync(join(doc, 'critical.yaml'), 'utf8'))![1]!;
    expect(s3).toContain(`*unreasonable*`);
    for (const f of [kk, ru]) replaceIn(f, /  co-1\.s3:\n    text: ".*"\n    source: ([0-9a-f]{16})/.exec(readFileSync(f, 'utf8'))![1]!, sourceHash(s3));
    replaceIn(kk, 'негізсіз деп есептеледі.', '*негізсіз* деп есептеледі.');

    const r = runCli(['i18n', 'check', doc, '--json']);
    expect(r.status).toBe(1);
    const found = JSON.parse(r.stdout) as Finding[];
    const at = (file: string, needle: string) => ({ file: join(doc, 'translations', file), ...lineOf(join(doc, 'translations'), file, needle) });
    const expectFinding = (rule: string, where: { file: string; line: number; column: number }, message: RegExp) => {
      const hit = found.find((f) => f.rule === rule && f.file === where.file && f.line === where.line && message.test(f.message));
      expect(hit, `${rule} at ${where.file}:${where.line}`).toBeDefined();
      expect(hit!.column).toBe(where.column);
    };
    expectFinding('number-mismatch', at('kk.yaml', '21 ұсынымын'), /20 missing; 21 not in the source/);
    expectFinding('term-forbidden', at('kk.yaml', 'ДИАКБ Конституциядан'), /‘ДИАКБ’ is a forbidden term for odihr; use ‘ДИАҚБ’/);
    expectFinding('mixed-script', at('kk.yaml', 'Түзетулeр'), /mixes Latin and Cyrillic/);
    expectFinding('space-before-punctuation', at('kk.yaml', ' , «сайлану'), /a space before ‘,’/);
    const ending = at('kk.yaml', 'ОСК-нің 919');
    expectFinding('endings', { ...ending, column: ending.column + 4 }, /ОСК-нің.*back vowels/);
    expectFinding('untranslated', at('ru.yaml', english), /the translation is the source text/);
    const code = lineOf(join(doc, 'translations'), 'ru.yaml', 'co-20.s3:');
    expect(found.some((f) => f.rule === 'term-missing' && f.line === code.line + 1 && /Civil Code.*civil-code/.test(f.message))).toBe(true);
    const emph = lineOf(join(doc, 'translations'), 'ru.yaml', 'co-1.s3:');
    expect(found.some((f) => f.rule === 'inline-code' && f.file.endsWith('ru.yaml') && f.line === emph.line + 1 && /1 emphasised passage\(s\) in the source, 0 in the translation/.test(f.message))).toBe(true);
    // The Kazakh kept the emphasis: nothing to say about it there.
    const emphKk = lineOf(join(doc, 'translations'), 'kk.yaml', 'co-1.s3:');
    expect(found.some((f) => f.rule === 'inline-code' && f.file.endsWith('kk.yaml') && f.line === emphKk.line + 1)).toBe(false);

    // The human form: path:line:col severity message (rule); --lang narrows it.
    const human = runCli(['i18n', 'check', doc, '--lang', 'kk']);
    expect(human.status).toBe(1);
    const where = at('kk.yaml', 'ДИАКБ Конституциядан');
    expect(human.stderr).toContain(`${where.file}:${where.line}:${where.column} error ‘ДИАКБ’ is a forbidden term for odihr; use ‘ДИАҚБ’ (term-forbidden)`);
    expect(human.stderr).not.toContain('ru.yaml');

    // render stops on them, --draft renders and prints them.
    const out = tempDir('o-');
    const blocked = runCli(['render', doc, '--lang', 'kk', '--format', 'docx', '--out', out]);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toContain('(term-forbidden)');
    expect(blocked.stdout).toBe('');
    const draft = runCli(['render', doc, '--lang', 'kk', '--format', 'docx', '--draft', '--out', out]);
    expect(draft.status).toBe(0);
    expect(draft.stderr).toContain('(term-forbidden)');
    // English is not checked against itself: render en is not stopped by the Kazakh faults.
    expect(runCli(['render', doc, '--lang', 'en', '--format', 'docx', '--out', tempDir('o-')]).status).toBe(0);
  });

  it('points into a broken termbase, and --lang refuses a language the document lacks', () => {
    const doc = copyData();
    const terms = join(doc, '..', 'terms.yaml');
    replaceIn(terms, 'kk: {term: ДИАҚБ, forbidden: ДИАКБ, endings: back,', 'kk: {term: ДИАҚБ, forbidden: ДИАКБ, endings: backward,');
    replaceIn(terms, '  - id: osce\n', '  - id: cec\n');
    const r = runCli(['i18n', 'check', doc]);
    expect(r.status).toBe(1);
    const endings = lineOf(join(doc, '..'), 'terms.yaml', 'endings: backward');
    expect(r.stderr).toMatch(new RegExp(`terms\\.yaml:${endings.line}:\\d+ error .*(back|front)`));
    const fixed = readFileSync(terms, 'utf8').replace('endings: backward', 'endings: back');
    writeFileSync(terms, fixed);
    const dup = runCli(['i18n', 'check', doc]);
    expect(dup.status).toBe(1);
    expect(dup.stderr).toMatch(/terms\.yaml:\d+:\d+ error concept ‘cec’ appears twice in the termbase \(duplicate-id\)/);
    const lang = runCli(['i18n', 'check', 'data/kz-2011-presidential', '--lang', 'de']);
    expect(lang.status).toBe(2);
    expect(lang.stderr).toContain('has no de translation');
  });

  it('checks without a termbase when the data folder has none', () => {
    const dir = join(tempDir('lone-'), 'kz-2011-presidential');
    mkdirSync(dir, { recursive: true });
    cpSync(dataDoc, dir, { recursive: true });
    const r = runCli(['i18n', 'check', dir]);
    expect(r.status).toBe(0);
  });
});
