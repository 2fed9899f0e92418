/**
 * The schema lines standpoint writes work in an editor, wherever the document
 * lives: yaml-language-server (what VS Code's YAML extension runs) loads the
 * schema each file names and completes verdict codes and keys, for a document
 * made by `init` in a folder outside this repository and for a translation
 * written by `i18n import`. A line as main used to write (`../../schema/…`)
 * does not load there: the control that the check can fail.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../helpers/tools.js';
import { yamlEditor } from '../helpers/yaml-lsp.js';

const VERDICTS = ['accepted', 'accepted-in-part', 'not-accepted', 'implemented', 'being-implemented', 'requires-further-study', 'cannot-be-accepted'];

/** The file with one line replaced; the (0-based) line and the column after its text. */
function withLine(file: string, match: RegExp, line: string): { line: number; character: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => match.test(l));
  if (i < 0) throw new Error(`no line ${String(match)} in ${file}`);
  lines[i] = line;
  writeFileSync(file, lines.join('\n'));
  return { line: i, character: line.length };
}

/** A new document made by init in a temporary folder (outside this repository). */
function newDocument(): { root: string; doc: string } {
  const root = tempDir('editor-');
  const doc = join(root, 'response');
  expect(runCli(['init', doc, '-q']).status).toBe(0);
  return { root, doc };
}

describe('schemas in the editor', () => {
  it('a section written by init: verdict codes completed, a wrong kind marked', async () => {
    const { doc } = newDocument();
    const file = join(doc, 'critical.yaml');
    const at = withLine(file, /^ {4}verdict: /, '    verdict: ');
    withLine(file, /^kind: critical$/, 'kind: criticall');
    const seen = await yamlEditor(file, at);
    expect(seen.completion).toEqual(expect.arrayContaining(VERDICTS));
    expect(seen.diagnostics.join('\n')).toMatch(/Value is not accepted\. Valid values: "positive", "critical", "recommendations"/);
    expect(seen.diagnostics.join('\n')).not.toMatch(/Unable to load schema/);
  }, 120_000);

  it('document.yaml written by init: the keys of meta completed', async () => {
    const { doc } = newDocument();
    const file = join(doc, 'document.yaml');
    const at = withLine(file, /^ {2}# electionDate:/, '  ');
    const seen = await yamlEditor(file, at);
    expect(seen.completion).toEqual(expect.arrayContaining(['electionDate']));
    expect(seen.diagnostics.join('\n')).not.toMatch(/Unable to load schema/);
  }, 120_000);

  it('a translation written by i18n import: a key the format lacks is marked', async () => {
    const { root, doc } = newDocument();
    const po = join(root, 'kk.po');
    expect(runCli(['i18n', 'export', doc, '--lang', 'kk', '--format', 'po', '-o', po]).status).toBe(0);
    writeFileSync(po, readFileSync(po, 'utf8').replace('msgctxt "meta.issuer-short"\nmsgid "CEC"\nmsgstr ""', 'msgctxt "meta.issuer-short"\nmsgid "CEC"\nmsgstr "ОСК"'));
    const r = runCli(['i18n', 'import', doc, po]);
    expect(r.status, r.stderr).toBe(0);
    const file = join(doc, 'translations', 'kk.yaml');
    withLine(file, /^lang: kk$/, 'lang: kk\nlanguage: kk');
    const seen = await yamlEditor(file, { line: 0, character: 0 });
    expect(seen.diagnostics.join('\n')).toMatch(/Property language is not allowed/);
  }, 120_000);

  it('control: the line main wrote (../../schema/…) does not load outside the repository', async () => {
    const { doc } = newDocument();
    const file = join(doc, 'critical.yaml');
    withLine(file, /^# yaml-language-server: /, '# yaml-language-server: $schema=../../schema/section.schema.json');
    const seen = await yamlEditor(file, { line: 0, character: 0 });
    expect(seen.diagnostics.join('\n')).toMatch(/Unable to load schema/);
  }, 120_000);
});
