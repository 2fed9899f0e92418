/**
 * Runs the bad-input corpus (cases.yaml): every case gives its exit code and
 * messages, never a stack trace, and a failing command writes no output.
 */
import { describe, expect, it } from 'vitest';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { docxText, pdfToText, repoRoot, runCli, tempDir } from '../helpers/tools.js';

interface Edit {
  file: string;
  find: string;
  replace: string;
}
interface Case {
  name: string;
  base?: 'mini' | 'kz';
  edit?: Edit;
  write?: Record<string, string>;
  generate?: { file: string; kind: string };
  symlink?: { link: string; target: string };
  templateEdit?: Edit;
  localeEdit?: Edit;
  readonlyOut?: boolean;
  /** Preload a fault: 'enospc' makes every file write fail as on a full disk. */
  fault?: 'enospc';
  /** Render once before the case, so the case must leave those outputs intact. */
  previous?: boolean;
  args?: string[];
  exit: number;
  messages: string[];
  outputs?: string[];
}

const cases = parse(readFileSync(join(import.meta.dirname, 'cases.yaml'), 'utf8')) as Case[];

function applyEdit(dir: string, e: Edit): void {
  const file = join(dir, e.file);
  const text = readFileSync(file, 'utf8');
  const i = text.indexOf(e.find);
  if (i < 0) throw new Error(`corpus: ${JSON.stringify(e.find)} not in ${e.file}`);
  writeFileSync(file, text.slice(0, i) + e.replace + text.slice(i + e.find.length));
}

function generate(dir: string, g: { file: string; kind: string }): void {
  const file = join(dir, g.file);
  const text = readFileSync(file, 'utf8');
  switch (g.kind) {
    case 'nul':
      writeFileSync(file, Buffer.concat([Buffer.from(text.slice(0, 40)), Buffer.from([0, 1, 2, 0xff, 0, 0x7f]), Buffer.from(text.slice(40))]));
      break;
    case 'invalid-utf8': {
      const at = text.indexOf('Test Commission');
      writeFileSync(file, Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from(text.slice(at))]));
      break;
    }
    case 'bom-crlf':
      writeFileSync(file, `\uFEFF${text.replace(/\n/g, '\r\n')}`);
      break;
    case 'long-line':
      writeFileSync(file, text.replace('Prepared with the help of the ministries.', `${'A long sentence of a response. '.repeat(2800)}End.`));
      break;
    case 'huge-paragraph':
      writeFileSync(file, text.replace('Prepared with the help of the ministries.', 'x'.repeat(10 * 1024 * 1024)));
      break;
    case 'deep-nesting':
      writeFileSync(file, `${text}\nextra: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
      break;
    default:
      throw new Error(`corpus: unknown generator ${g.kind}`);
  }
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true }).map(String);
  } catch {
    return [];
  }
}

describe('the bad-input corpus', () => {
  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const root = tempDir('bad-');
    const doc = join(root, 'doc');
    cpSync(c.base === 'kz' ? join(repoRoot, 'data', 'kz-2011-presidential') : join(repoRoot, 'test', 'fixtures', 'mini', 'input'), doc, { recursive: true });
    const templates = join(root, 'templates');
    const locales = join(root, 'locales');
    cpSync(join(repoRoot, 'templates'), templates, { recursive: true });
    cpSync(join(repoRoot, 'locales'), locales, { recursive: true });
    const out = join(root, 'out');
    if (c.edit) applyEdit(doc, c.edit);
    for (const [file, text] of Object.entries(c.write ?? {})) writeFileSync(join(doc, file), text);
    if (c.generate) generate(doc, c.generate);
    if (c.symlink) symlinkSync(c.symlink.target, join(doc, c.symlink.link));
    if (c.templateEdit) applyEdit(templates, c.templateEdit);
    if (c.localeEdit) applyEdit(locales, c.localeEdit);
    if (c.readonlyOut) {
      mkdirSync(out);
      chmodSync(out, 0o555);
    }
    const args = (c.args ?? ['validate', '{doc}']).map((a) => a.replace('{doc}', doc).replace('{out}', out).replace('{templates}', templates).replace('{locales}', locales));
    let before: Map<string, Buffer> | undefined;
    if (c.previous) {
      expect(runCli(['render', doc, '--out', out, '--format', 'docx,pdf']).status).toBe(0);
      before = new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));
    }
    const nodeArgs = c.fault === 'enospc' ? ['--import', join(repoRoot, 'test', 'helpers', 'enospc.mjs')] : [];
    const r = runCli(args, { env: { SOURCE_DATE_EPOCH: '' }, nodeArgs });
    if (c.readonlyOut) chmodSync(out, 0o755);
    expect(r.stderr, 'no stack trace').not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(r.stderr).not.toContain('internal error');
    for (const m of c.messages) expect(r.stderr).toMatch(new RegExp(m));
    expect(r.status, r.stderr).toBe(c.exit);
    if (before) {
      // The previous outputs are intact and no temporary file is left behind.
      expect(readdirSync(out).sort()).toEqual([...before.keys()].sort());
      for (const [f, bytes] of before) expect(readFileSync(join(out, f)).equals(bytes), f).toBe(true);
    } else if (c.exit !== 0) expect(listFiles(out).filter((f) => !f.startsWith('.'))).toEqual([]);
    if (c.outputs) {
      const name = readdirSync(out).find((f) => f.endsWith('.docx'))!;
      const texts = [docxText(join(out, name)), pdfToText(join(out, name.replace(/\.docx$/, '.pdf')))].map((t) => t.replace(/\s+/g, ' '));
      for (const o of c.outputs) for (const t of texts) expect(t).toContain(o);
    }
  });

  it('no prototype was polluted by the data', async () => {
    const { readDocument } = await import('../../src/read/document.js');
    const root = tempDir('proto-');
    cpSync(join(repoRoot, 'test', 'fixtures', 'mini', 'input'), root, { recursive: true });
    applyEdit(root, { file: 'document.yaml', find: 'id: mini\n', replace: 'id: mini\n__proto__: {polluted: yes}\nconstructor: {prototype: {polluted2: yes}}\n' });
    const r = readDocument(root);
    expect(r.diagnostics.hasErrors).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted2).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
