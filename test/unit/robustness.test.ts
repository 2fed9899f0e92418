/**
 * The structures behind the bad-input guarantees, tested on plain values:
 * emphasis nesting, calendar dates, YAML node counting, language arguments,
 * output names and their limits, writing a set of files, translation checks.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inlineProblems } from '../../src/model/inline.js';
import { isCalendarDate, NodeBudget, MAX_DOCUMENT_NODES } from '../../src/read/document.js';
import { countYamlNodes } from '../../src/read/yaml-source.js';
import { parseLanguages } from '../../src/compose/languages.js';
import { MAX_DOCUMENT_ID_LENGTH, MAX_NAME_BYTES, TEMP_NAME_EXTRA, outputFileName, tempFileName } from '../../src/render/names.js';
import { writeFilesAtomic } from '../../src/render/output.js';
import { Diagnostics, UserError } from '../../src/diag/diagnostic.js';
import { readDocument } from '../../src/read/document.js';
import { checkTranslation } from '../../src/l10n/translation-file.js';
import { composeDocument } from '../../src/compose/index.js';
import { parseMarkup } from '../../src/compose/markup.js';
import { repoRoot, tempDir } from '../helpers/tools.js';

const mini = join(repoRoot, 'test', 'fixtures', 'mini', 'input');

describe('emphasis nesting', () => {
  it('finds crossed and unclosed passages, and accepts nested ones', () => {
    expect(inlineProblems('*a **b* c**').map((p) => p.offset)).toEqual([6]);
    expect(inlineProblems('**a *b**')[0]!.message).toMatch(/cross/);
    expect(inlineProblems('*a **b** c*')).toEqual([]);
    expect(inlineProblems('**a** and *b*')).toEqual([]);
    expect(inlineProblems('a lone * star')).toEqual([]);
    expect(inlineProblems('escaped \\*a **b\\* c**')).toEqual([]);
  });

  it('crossed spans still give nested markup, should any reach the composer', () => {
    const read = readDocument(mini);
    const doc = read.doc!;
    doc.closing[0] = { kind: 'paragraph', unit: { id: 'closing.1', text: '*a **b* c**' } };
    const { markup } = composeDocument(doc, { lang: 'en', templatesDir: join(repoRoot, 'templates'), localesDir: join(repoRoot, 'locales') });
    expect(markup).toContain('<i>a <b>b</b></i><b> c</b>');
    expect(() => parseMarkup(markup)).not.toThrow();
  });
});

describe('calendar dates', () => {
  it('knows which days exist', () => {
    expect(isCalendarDate('2011-04-03')).toBe(true);
    expect(isCalendarDate('2012-02-29')).toBe(true);
    expect(isCalendarDate('2011-02-29')).toBe(false);
    expect(isCalendarDate('2011-02-30')).toBe(false);
    expect(isCalendarDate('2011-13-01')).toBe(false);
    expect(isCalendarDate('2011-00-10')).toBe(false);
    expect(isCalendarDate('2011-04-31')).toBe(false);
    expect(isCalendarDate('0050-01-01')).toBe(true);
  });
});

describe('YAML node counting', () => {
  it('never counts fewer nodes than a file has, and stops past the limit', () => {
    expect(countYamlNodes('a: 1\nb: [1, 2]\n', 1000)).toBeGreaterThanOrEqual(5);
    const dense = `x: [${Array(5000).fill('1').join(',')}]`;
    expect(countYamlNodes(dense, 10_000)).toBeLessThanOrEqual(10_000);
    expect(countYamlNodes(dense, 1000)).toBe(1001);
    const block = Array(3000).fill('- 1').join('\n');
    expect(countYamlNodes(block, 2000)).toBe(2001);
  });

  it('prose with many commas is not lexed: its upper bound stays within the limit', () => {
    const prose = `text: "${'a, b: c - d, '.repeat(100)}"`;
    expect(countYamlNodes(prose, 1_000_000)).toBeLessThanOrEqual(1_000_000);
  });

  it('a document stops reading once its files together pass the limit', () => {
    const diags = new Diagnostics();
    const budget = new NodeBudget(MAX_DOCUMENT_NODES - 10);
    expect(budget.spend(10, undefined, diags)).toBe(true);
    expect(budget.spend(1, { file: 'p.yaml', line: 3, column: 5 }, diags)).toBe(false);
    expect(budget.spend(1, undefined, diags)).toBe(false);
    expect(diags.items.map((d) => d.rule)).toEqual(['too-large']);
  });
});

describe('language arguments', () => {
  const rules = { known: ['en', 'kk', 'ru'], localesDir: 'locales', from: '--lang' };
  const fails = (value: string, extra: object = {}) => {
    try {
      parseLanguages(value, { ...rules, ...extra });
    } catch (err) {
      expect(err).toBeInstanceOf(UserError);
      expect((err as UserError).exitCode).toBe(2);
      return (err as UserError).diagnostics[0]!;
    }
    throw new Error(`${value} was accepted`);
  };

  it('accepts known languages, pairs only where asked, and drops repeats', () => {
    expect(parseLanguages('en, ru,en', { ...rules, many: true })).toEqual(['en', 'ru']);
    expect(parseLanguages('kk+ru', { ...rules, pairs: true })).toEqual(['kk+ru']);
  });

  it('refuses empty, unknown, paired and own languages with a rule id', () => {
    expect(fails('').rule).toBe('usage');
    expect(fails(',', { many: true }).rule).toBe('usage');
    expect(fails('en,,ru', { many: true }).message).toMatch(/empty entry/);
    expect(fails('xx').message).toBe('unknown language ‘xx’ (known: en, kk, ru)');
    expect(fails('xx').hint).toMatch(/a language needs a locale: .*xx\/standpoint\.json/);
    expect(fails('kz').hint).toBe('did you mean ‘kk’?');
    expect(fails('kk+ru').message).toMatch(/pair of languages/);
    expect(fails('kk+kk', { pairs: true }).message).toMatch(/with itself/);
    expect(fails('en,ru').message).toMatch(/one language, not a list/);
    expect(fails('en', { not: { lang: 'en', why: 'is the document’s own language' } }).message).toMatch(/own language/);
    expect(fails('EN').message).toMatch(/unknown language ‘EN’/);
    expect(fails('english', { pairs: true }).message).toBe('unknown language ‘english’ (known: en, kk, ru; pairs like kk+ru)');
    expect(fails('english').hint).toBe('languages are given by their codes: en');
    expect(fails('Russian').hint).toBe('languages are given by their codes: ru');
  });
});

describe('output names', () => {
  it('every output name of the longest id, and its temporary name, fits in 255 bytes', () => {
    expect(MAX_DOCUMENT_ID_LENGTH).toBe(220);
    const id = 'a'.repeat(MAX_DOCUMENT_ID_LENGTH);
    for (const spec of ['en', 'kk+ru', 'xxx+yyy']) {
      for (const format of ['docx', 'pdf']) {
        const temp = tempFileName(outputFileName(id, spec, format), 4_194_304, 'ffffffff');
        expect(temp.length).toBeLessThanOrEqual(MAX_NAME_BYTES);
      }
    }
    expect(outputFileName(`${id}a`, 'xxx+yyy', 'docx').length + TEMP_NAME_EXTRA).toBeGreaterThan(MAX_NAME_BYTES);
  });

  it('a set of files is written whole or not at all', () => {
    const dir = tempDir('set-');
    mkdirSync(join(dir, 'b.pdf'));
    expect(() =>
      writeFilesAtomic([
        { path: join(dir, 'a.docx'), bytes: 'first' },
        { path: join(dir, 'b.pdf'), bytes: 'second' },
      ]),
    ).toThrow(UserError);
    expect(existsSync(join(dir, 'a.docx'))).toBe(false);
    expect(readdirSync(dir)).toEqual(['b.pdf']);
    expect(() => writeFilesAtomic([{ path: join(dir, 'c'), bytes: 'x' }, { path: join(dir, 'c'), bytes: 'y' }])).toThrow(/written twice/);
    expect(() => writeFilesAtomic([{ path: join(dir, 'x'.repeat(240)), bytes: 'x' }])).toThrow(UserError);
  });
});

describe('translations are checked like the source before they are written', () => {
  it('refuses another unit’s footnote, a control character and crossed emphasis', () => {
    const doc = readDocument(mini).doc!;
    const check = (text: string) => {
      try {
        checkTranslation(doc, 'ru', new Map([['co-1.q1', { id: 'co-1.q1', text, pos: { file: 'ru.po', line: 7, column: 1 } }]]));
        return [];
      } catch (err) {
        return (err as UserError).diagnostics.map((d) => `${d.pos.file}:${d.pos.line} ${d.rule}`);
      }
    };
    expect(check('Закон имеет *пробелы*[^co-1.fn1]')).toEqual([]);
    expect(check('Закон имеет пробелы')).toEqual(['ru.po:7 footnote-mismatch']);
    expect(check('Закон[^co-1.fn1] имеет\u0007 пробелы')).toEqual(['ru.po:7 control-character']);
    expect(check('*Закон **имеет* пробелы**[^co-1.fn1]')).toEqual(['ru.po:7 inline-markup']);
    expect(check('Закон[^co-1.fn1][^co-9]')).toEqual(['ru.po:7 dangling-footnote']);
  });
});
