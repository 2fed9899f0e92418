/**
 * `standpoint validate` and `render` on broken copies of the 2011 data: every
 * problem is named with file, line, column and rule, with a hint where one
 * fits; the exit code is 1; render writes nothing and keeps previous outputs.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyDocument, edit, lineOf } from '../helpers/copy.js';
import { runCli, tempDir } from '../helpers/tools.js';

describe('validate and render on broken input', () => {
  it('the bundled document validates cleanly', () => {
    const r = runCli(['validate', 'data/kz-2011-presidential']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('an unknown verdict code is named with its position and the nearest valid code', () => {
    const dir = copyDocument();
    edit(dir, 'critical.yaml', 'verdict: accepted-in-part', 'verdict: acepted-in-part');
    const at = lineOf(dir, 'critical.yaml', 'acepted-in-part');
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'critical.yaml')}:${at.line}:${at.column} error unknown verdict code ‘acepted-in-part’ (unknown-verdict)`);
    expect(r.stderr).toContain('hint: did you mean ‘accepted-in-part’?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a verdict of the wrong kind for its section is refused with the nearest fitting code', () => {
    const dir = copyDocument();
    edit(dir, 'critical.yaml', 'verdict: not-accepted', 'verdict: cannot-be-accepted');
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/critical\.yaml:\d+:\d+ error verdict ‘cannot-be-accepted’ does not apply to a critical observation \(verdict-kind\)/);
  });

  it('a duplicate id names both places', () => {
    const dir = copyDocument();
    edit(dir, 'critical.yaml', 'id: co-2.s1', 'id: co-1.s1');
    const second = lineOf(dir, 'critical.yaml', 'id: co-2.q1');
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/critical\.yaml:\d+:\d+ error id ‘co-1\.s1’ is used twice \(duplicate-id\)\n\s+hint: first used at .*critical\.yaml:\d+:\d+/);
    expect(second.line).toBeGreaterThan(0);
  });

  it('a YAML syntax error is reported at its line', () => {
    const dir = copyDocument();
    edit(dir, 'positive.yaml', 'kind: positive', 'kind: positive\n  bad: [unclosed');
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/positive\.yaml:\d+:\d+ error .+ \((yaml-syntax|duplicate-key)\)/);
  });

  it('a missing required field and an unknown key are reported, the key with a did-you-mean', () => {
    const dir = copyDocument();
    edit(dir, 'document.yaml', /  issuerShort: .*\n/, '');
    edit(dir, 'critical.yaml', '    standpoint:', '    standpiont:');
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/document\.yaml:\d+:\d+ error ‘meta’ has no ‘issuerShort’ \(missing-field\)/);
    const at = lineOf(dir, 'critical.yaml', 'standpiont:');
    expect(r.stderr).toContain(`critical.yaml:${at.line}:${at.column} error unknown key ‘standpiont’`);
    expect(r.stderr).toContain('did you mean ‘standpoint’?');
  });

  it('a dangling footnote reference is reported with the nearest footnote id', () => {
    const dir = copyDocument();
    edit(dir, 'critical.yaml', '[^co-4.fn2]', '[^co-4.fn3]');
    const r = runCli(['validate', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/footnote reference \[\^co-4\.fn3\] has no footnote \(dangling-footnote\)/);
    expect(r.stderr).toMatch(/footnote co-4\.fn2 is never referenced \(unused-footnote\)/);
  });

  it('render refuses broken input, writes nothing, and keeps the previous outputs', () => {
    const dir = copyDocument();
    const out = tempDir('out-');
    const ok = runCli(['render', dir, '--out', out, '--format', 'docx']);
    expect(ok.status).toBe(0);
    const file = join(out, 'kz-2011-presidential.en.docx');
    const before = readFileSync(file);
    edit(dir, 'critical.yaml', 'verdict: not-accepted', 'verdict: nope');
    const bad = runCli(['render', dir, '--out', out, '--format', 'docx,pdf']);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toBe('');
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(join(out, 'kz-2011-presidential.en.pdf'))).toBe(false);
  });

  it('usage errors exit 2 with a hint', () => {
    const r = runCli(['render', 'data/kz-2011-presidential', '--format', 'docs']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown format ‘docs’');
    expect(r.stderr).toContain('did you mean ‘docx’?');
    const missing = runCli(['validate', 'data/kz-2011-presidentail']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('did you mean ‘kz-2011-presidential’?');
  });

  it('validate --json prints machine-readable messages', () => {
    const dir = copyDocument();
    edit(dir, 'critical.yaml', 'verdict: accepted-in-part', 'verdict: acepted-in-part');
    const r = runCli(['validate', '--json', dir]);
    expect(r.status).toBe(1);
    const messages = JSON.parse(r.stdout) as { rule: string; line: number; file: string }[];
    expect(messages.some((m) => m.rule === 'unknown-verdict' && m.line > 0 && m.file.endsWith('critical.yaml'))).toBe(true);
  });

  it('a UTF-8 BOM and CRLF line ends are accepted', () => {
    const dir = copyDocument();
    const file = join(dir, 'positive.yaml');
    writeFileSync(file, `\uFEFF${readFileSync(file, 'utf8').replace(/\n/g, '\r\n')}`);
    const r = runCli(['validate', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
