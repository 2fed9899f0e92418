/**
 * Documents read from memory (the library's `{ files }` source and `init`'s
 * check before writing), template positions behind markup problems, and
 * markup attributes no element has.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDocument, readDocumentFromMemory } from '../../src/read/document.js';
import { validateDocument } from '../../src/validate/index.js';
import { withLocationMarkers } from '../../src/compose/templates.js';
import { parseMarkup, type MarkupWarning } from '../../src/compose/markup.js';
import { composeDocument } from '../../src/compose/index.js';
import { UserError } from '../../src/diag/diagnostic.js';
import { dataDoc, repoRoot, tempDir } from '../helpers/tools.js';

function filesOf(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const name = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, filesOf(dir, name));
    else if (e.name.endsWith('.yaml')) out[name] = readFileSync(join(dir, name), 'utf8');
  }
  return out;
}

/** The model without where it came from: positions and the root name the files differently. */
function content(x: unknown): unknown {
  return JSON.parse(JSON.stringify(x, (k, v: unknown) => (k === 'pos' || k === 'idPos' || k === 'verdictPos' || k === 'root' ? undefined : v instanceof Map ? Object.fromEntries(v) : v)));
}

describe('documents in memory', () => {
  it('read the 2011 response with its translations exactly as from its folder, positions naming the files as given', () => {
    const disk = readDocument(dataDoc);
    const mem = readDocumentFromMemory(filesOf(dataDoc));
    expect(mem.diagnostics.items).toEqual([]);
    expect(content(mem.doc)).toEqual(content(disk.doc));
    expect(mem.doc!.translations.size).toBe(2);
    expect(mem.doc!.sections[1]!.items[0]!.pos).toEqual({ file: 'critical.yaml', line: disk.doc!.sections[1]!.items[0]!.pos!.line, column: disk.doc!.sections[1]!.items[0]!.pos!.column });
    expect(validateDocument(mem.doc!).items).toEqual([]);
  });

  it('report what a folder would: a missing part with a hint, a schema error at its line, a name outside the folder', () => {
    const files = filesOf(dataDoc);
    const withoutCritical = Object.fromEntries(Object.entries(files).filter(([k]) => k !== 'critical.yaml'));
    const r = readDocumentFromMemory(withoutCritical);
    expect(r.diagnostics.items.map((d) => [d.pos.file, d.rule])).toEqual([['document.yaml', 'file-not-found']]);
    const bad = readDocumentFromMemory({ ...files, 'positive.yaml': files['positive.yaml']!.replace('kind: positive', 'kind: positiv') });
    expect(bad.diagnostics.items[0]).toMatchObject({ pos: { file: 'positive.yaml', line: 3 }, rule: 'invalid-value' });
    const outside = readDocumentFromMemory({ ...files, '../escape.yaml': 'x: 1\n' });
    expect(outside.diagnostics.items[0]).toMatchObject({ rule: 'path-outside', pos: { file: '../escape.yaml' } });
    expect(() => readDocumentFromMemory({ 'critical.yaml': files['critical.yaml']! })).toThrow(UserError);
  });

  it('touch no disk: a folder of the same name beside the process is never read', () => {
    const cwd = process.cwd();
    const dir = tempDir('mem-');
    cpSync(join(repoRoot, 'test', 'fixtures', 'mini', 'input'), join(dir, 'doc'), { recursive: true });
    writeFileSync(join(dir, 'doc', 'document.yaml'), 'not: [valid\n');
    try {
      process.chdir(dir);
      const r = readDocumentFromMemory({ 'document.yaml': readFileSync(join(repoRoot, 'test', 'fixtures', 'mini', 'input', 'document.yaml'), 'utf8') }, { root: 'doc' });
      expect(r.diagnostics.items).toEqual([]);
      expect(r.doc!.id).toBe('mini');
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('template positions', () => {
  it('mark every mustache and every line of text, never inside a mustache or comment', () => {
    const positions: { file: string; line: number; column: number }[] = [];
    const out = withLocationMarkers('<p>{{t "a}}b"}}</p>\n{{!-- {{x}}\nstill a comment --}}\n  {{#if x}}y{{/if}}\n', 't.hbs', positions);
    expect(positions).toEqual([
      { file: 't.hbs', line: 1, column: 1 },
      { file: 't.hbs', line: 1, column: 4 },
      { file: 't.hbs', line: 2, column: 1 },
      { file: 't.hbs', line: 2, column: 1 },
      { file: 't.hbs', line: 4, column: 1 },
      { file: 't.hbs', line: 4, column: 3 },
      { file: 't.hbs', line: 4, column: 13 },
    ]);
    expect(out.replace(/\{\{\{__standpointAt \d+\}\}\}/g, '')).toBe('<p>{{t "a}}b"}}</p>\n{{!-- {{x}}\nstill a comment --}}\n  {{#if x}}y{{/if}}\n');
  });

  it('name the template line of an attribute no element has, once per place', () => {
    const tpl = join(tempDir('tpl-'), 'templates');
    cpSync(join(repoRoot, 'templates'), tpl, { recursive: true });
    const item = join(tpl, 'partials', 'item.hbs');
    writeFileSync(item, readFileSync(item, 'utf8').replace('<p style="verdict" id=', '<p style="verdict" styel="x" id='));
    const doc = readDocument(dataDoc).doc!;
    const { warnings } = composeDocument(doc, { lang: 'en', templatesDir: tpl, localesDir: join(repoRoot, 'locales') });
    expect(warnings.map((w) => [w.pos.file, w.pos.line, w.severity, w.rule])).toEqual([[item, 6, 'warning', 'template-markup']]);
    expect(warnings[0]!.message).toBe('<p> has no attribute ‘styel’; it is ignored (<p> takes style, id, lang)');
  });

  it('the built-in templates print no attribute the writers would ignore', () => {
    const doc = readDocument(dataDoc).doc!;
    for (const lang of ['en', 'ru', 'kk']) expect(composeDocument(doc, { lang, templatesDir: join(repoRoot, 'templates'), localesDir: join(repoRoot, 'locales'), annex: ['stats'] }).warnings).toEqual([]);
    const found: MarkupWarning[] = [];
    parseMarkup('<p style="body" colour="red">x</p>', found);
    expect(found.map((w) => w.message)).toEqual(['<p> has no attribute ‘colour’; it is ignored (<p> takes style, id, lang)']);
  });
});
