/**
 * A user who copies templates/ and edits it gets the change in both formats;
 * a broken template is reported with its file and line; equal input gives
 * byte-identical files.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { docxText, pdfToText, repoRoot, runCli, tempDir } from '../helpers/tools.js';

const fixture = join(repoRoot, 'test', 'fixtures', 'mini', 'input');

function copyTemplates(): string {
  const dir = join(tempDir('tpl-'), 'templates');
  cpSync(join(repoRoot, 'templates'), dir, { recursive: true });
  return dir;
}

describe('custom templates', () => {
  it('putting the verdict before the standpoint changes both DOCX and PDF', () => {
    const tpl = copyTemplates();
    const item = join(tpl, 'partials', 'item.hbs');
    const lines = readFileSync(item, 'utf8').split('\n');
    const verdict = lines.findIndex((l) => l.startsWith('{{#if verdict}}'));
    const standpoint = lines.findIndex((l) => l.startsWith('{{#each standpoint}}'));
    expect(verdict).toBeGreaterThan(standpoint);
    const [v] = lines.splice(verdict, 1);
    lines.splice(standpoint, 0, v!);
    writeFileSync(item, lines.join('\n'));
    const out = tempDir('out-');
    const r = runCli(['render', fixture, '--templates', tpl, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    for (const text of [docxText(join(out, 'mini.en.docx')), pdfToText(join(out, 'mini.en.pdf'))]) {
      const flat = text.replace(/\s+/g, ' ');
      const verdictAt = flat.indexOf('The critical observation is accepted in part.');
      const standpointAt = flat.indexOf('The TC standpoint.');
      expect(verdictAt).toBeGreaterThan(0);
      expect(verdictAt).toBeLessThan(standpointAt);
    }
  });

  it('a template syntax error names the template file and line; nothing is written', () => {
    const tpl = copyTemplates();
    const item = join(tpl, 'partials', 'item.hbs');
    writeFileSync(item, readFileSync(item, 'utf8').replace('{{#if verdict}}', '{{#if verdict}'));
    const out = tempDir('out-');
    const r = runCli(['render', fixture, '--templates', tpl, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`${item.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ error template syntax error.*\\(template-syntax\\)`));
    expect(r.stdout).toBe('');
  });

  it('a template calling an unknown helper is refused with its position', () => {
    const tpl = copyTemplates();
    const item = join(tpl, 'partials', 'item.hbs');
    writeFileSync(item, readFileSync(item, 'utf8').replace('{{verdictPhrase kind verdict}}', '{{verdictFrase kind verdict}}'));
    const r = runCli(['render', fixture, '--templates', tpl, '--out', tempDir('out-')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/item\.hbs:\d+:\d+ error the template calls an unknown helper ‘verdictFrase’ \(template-helper\)/);
  });
});

describe('reproducible output', () => {
  it('two renders of the same input give byte-identical DOCX and PDF', () => {
    const sums = [tempDir('a-'), tempDir('b-')].map((out) => {
      const r = runCli(['render', join(repoRoot, 'data', 'kz-2011-presidential'), '--out', out]);
      expect(r.status).toBe(0);
      return ['docx', 'pdf'].map((ext) => createHash('sha256').update(readFileSync(join(out, `kz-2011-presidential.en.${ext}`))).digest('hex'));
    });
    expect(sums[0]).toEqual(sums[1]);
  });
});
