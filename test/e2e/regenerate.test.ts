/**
 * Regenerating after edits: reproducible bytes and SOURCE_DATE_EPOCH, watch,
 * killed renders, change reports and verdict statistics.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyDocument, edit } from '../helpers/copy.js';
import { cliPath, dataDoc, pdfToText, repoRoot, runCli, tempDir, unzipText } from '../helpers/tools.js';

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

describe('reproducible output', () => {
  it('a different SOURCE_DATE_EPOCH changes only the date fields', () => {
    const [a, b] = [1300000000, 1400000000].map((epoch) => {
      const out = tempDir('sde-');
      const r = runCli(['render', dataDoc, '--out', out], { env: { SOURCE_DATE_EPOCH: String(epoch) } });
      expect(r.status).toBe(0);
      return out;
    });
    const docx = (dir: string) => unzipText(join(dir!, 'kz-2011-presidential.en.docx'));
    const pa = docx(a!);
    const pb = docx(b!);
    const differing = [...pa.keys()].filter((k) => pa.get(k) !== pb.get(k));
    expect(differing).toEqual(['docProps/core.xml']);
    expect(pa.get('docProps/core.xml')).toContain('2011-03-13T07:06:40Z');
    expect(pb.get('docProps/core.xml')).toContain('2014-05-13T16:53:20Z');
    const mask = (f: string) => readFileSync(f, 'latin1').replace(/\(D:\d{14}Z\)/g, '(D:…)').replace(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/g, '/ID […]');
    expect(mask(join(a!, 'kz-2011-presidential.en.pdf'))).toBe(mask(join(b!, 'kz-2011-presidential.en.pdf')));
    expect(sha(join(a!, 'kz-2011-presidential.en.pdf'))).not.toBe(sha(join(b!, 'kz-2011-presidential.en.pdf')));
  });
});

/** Runs `standpoint watch` and lets a test wait for lines of its output. */
function startWatch(dir: string, out: string, extra: string[] = []) {
  const child = spawn(process.execPath, [cliPath, 'watch', dir, '--out', out, ...extra], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const waitFor = async (pattern: RegExp, from: number, timeoutMs = 60_000): Promise<number> => {
    const start = Date.now();
    for (;;) {
      const m = pattern.exec(stdout.slice(from));
      if (m) return from + m.index + m[0].length;
      if (Date.now() - start > timeoutMs) throw new Error(`watch: no ${pattern} in:\n${stdout}\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
  return { child, waitFor, exited, output: () => ({ stdout, stderr }) };
}

describe('watch', () => {
  it('re-renders on save, keeps the last good outputs on a broken save, renders again when fixed, and stops on Ctrl-C', async () => {
    const dir = copyDocument();
    const out = tempDir('watch-');
    const w = startWatch(dir, out);
    let at = await w.waitFor(/watching /, 0);
    const docx = join(out, 'kz-2011-presidential.en.docx');
    const pdf = join(out, 'kz-2011-presidential.en.pdf');
    const first = [sha(docx), sha(pdf)];

    edit(dir, 'critical.yaml', 'The Mission does not specify any shortcomings', 'The Mission does not name any shortcomings');
    at = await w.waitFor(/rendered en \(docx\+pdf\) in \d+ ms; 2 file\(s\) changed/, at);
    const second = [sha(docx), sha(pdf)];
    expect(second[0]).not.toBe(first[0]);
    expect(second[1]).not.toBe(first[1]);
    expect(pdfToText(pdf)).toContain('The Mission does not name any shortcomings');

    edit(dir, 'critical.yaml', 'kind: critical', 'kind: critical\n  broken: [');
    at = await w.waitFor(/the previous outputs are kept/, at);
    expect(w.output().stderr).toMatch(/critical\.yaml:\d+:\d+ error .*\(yaml-syntax\)/);
    expect([sha(docx), sha(pdf)]).toEqual(second);

    edit(dir, 'critical.yaml', '\n  broken: [', '');
    at = await w.waitFor(/rendered en \(docx\+pdf\) in \d+ ms/, at);
    expect([sha(docx), sha(pdf)]).toEqual(second);

    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
    expect(w.output().stdout).toMatch(/stopped\n$/);
  });
});

describe('watch after its folder is replaced', () => {
  it('notices the document folder renamed away and created again, and renders edits made in the new one', async () => {
    const dir = copyDocument();
    const out = tempDir('watch-mv-');
    const w = startWatch(dir, out, ['--format', 'docx']);
    let at = await w.waitFor(/watching /, 0);
    const docx = join(out, 'kz-2011-presidential.en.docx');
    // As a checkout or a restore from a backup does: the folder goes, a new one with the same name comes.
    renameSync(dir, `${dir}.old`);
    cpSync(`${dir}.old`, dir, { recursive: true });
    at = await w.waitFor(/rendered en \(docx\) in \d+ ms/, at, 20_000);
    edit(dir, 'critical.yaml', 'The Mission does not specify any shortcomings', 'The Mission names no shortcomings at all');
    await w.waitFor(/rendered en \(docx\) in \d+ ms; 1 file\(s\) changed/, at, 20_000);
    expect(unzipText(docx).get('word/document.xml')).toContain('The Mission names no shortcomings at all');
    w.child.kill('SIGINT');
    expect(await w.exited).toBe(0);
  });
});

describe('killed renders', () => {
  it('SIGKILL at any moment leaves each previous output whole', async () => {
    const dir = copyDocument();
    const out = tempDir('kill-');
    expect(runCli(['render', dir, '--lang', 'en,ru', '--out', out]).status).toBe(0);
    const files = ['en.docx', 'en.pdf', 'ru.docx', 'ru.pdf'].map((f) => join(out, `kz-2011-presidential.${f}`));
    const old = files.map(sha);
    edit(dir, 'critical.yaml', 'The Mission does not specify any shortcomings', 'The Mission does not name any shortcomings');
    edit(dir, 'translations/ru.yaml', 'Миссия', 'МИССИЯ');
    const fresh = tempDir('fresh-');
    expect(runCli(['render', dir, '--lang', 'en,ru', '--draft', '--out', fresh]).status).toBe(0);
    const next = files.map((f) => sha(join(fresh, f.split('/').pop()!)));
    for (const delay of [150, 600, 1100, 1600, 2100, 2600]) {
      const child = spawn(process.execPath, [cliPath, 'render', dir, '--lang', 'en,ru', '--draft', '--out', out], { stdio: 'ignore' });
      const exited = new Promise((r) => child.on('exit', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited;
      files.forEach((f, i) => {
        expect(existsSync(f)).toBe(true);
        expect([old[i], next[i]]).toContain(sha(f));
      });
    }
  });
});

describe('change report', () => {
  it('reports exactly one verdict change and one edited paragraph, in text, JSON and DOCX', () => {
    const dir = copyDocument();
    edit(dir, 'critical.yaml', /(id: co-8\b[\s\S]*?)verdict: accepted-in-part/, '$1verdict: not-accepted');
    edit(dir, 'recommendations.yaml', 'Electoral legislation of Kazakhstan in general is in line', 'Electoral legislation of Kazakhstan is fully in line');
    const text = runCli(['diff', dataDoc, dir]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Critical observation 8: verdict accepted-in-part → not-accepted');
    expect(text.stdout).toContain('Recommendation 1, rec-1.s1: edited');
    expect(text.stdout).toContain('Kazakhstan [-in general-] is {+fully+} in line');
    expect(text.stdout).toContain('kk: 1 translation(s) made stale: rec-1.s1');
    expect(text.stdout).toContain('2 change(s)');
    const json = JSON.parse(runCli(['diff', dataDoc, dir, '--json']).stdout) as { changes: number; verdicts: { id: string; from: string; to: string }[]; edited: { id: string }[]; madeStale: { lang: string; ids: string[] }[] };
    expect(json.changes).toBe(2);
    expect(json.verdicts).toEqual([{ id: 'co-8', kind: 'critical', label: '8', from: 'accepted-in-part', to: 'not-accepted' }]);
    expect(json.edited.map((e) => e.id)).toEqual(['rec-1.s1']);
    expect(json.madeStale).toEqual([{ lang: 'kk', ids: ['rec-1.s1'] }, { lang: 'ru', ids: ['rec-1.s1'] }]);
    const file = join(tempDir('chg-'), 'changes.docx');
    expect(runCli(['diff', dataDoc, dir, '--format', 'docx', '-o', file]).status).toBe(0);
    const xml = unzipText(file).get('word/document.xml')!;
    expect(xml).toMatch(/<w:del [^>]*w:author="standpoint"[^>]*>[\s\S]*?<w:delText[^>]*>in general <\/w:delText>/);
    expect(xml).toMatch(/<w:ins [^>]*w:author="standpoint"[^>]*>[\s\S]*?<w:t[^>]*>fully <\/w:t>/);
  });

  it('compares with a git revision', () => {
    const r = runCli(['diff', 'HEAD:data/kz-2011-presidential', 'data/kz-2011-presidential', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).changes).toBeGreaterThanOrEqual(0);
    const bad = runCli(['diff', 'no-such-rev:data/kz-2011-presidential', 'data/kz-2011-presidential']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('(git)');
  });
});

describe('verdict statistics', () => {
  it('count the 2011 response as the seed does', () => {
    const r = runCli(['stats', dataDoc, '--json']);
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout) as { total: { positive: number; observations: { total: number; counts: { verdict: string; count: number }[] }; recommendations: { total: number; counts: { verdict: string; count: number }[] } } };
    const count = (g: { counts: { verdict: string; count: number }[] }) => Object.fromEntries(g.counts.map((c) => [c.verdict, c.count]));
    expect(s.total.positive).toBe(10);
    expect(s.total.observations.total).toBe(24);
    expect(count(s.total.observations)).toEqual({ accepted: 0, 'accepted-in-part': 6, 'not-accepted': 18 });
    expect(s.total.recommendations.total).toBe(32);
    expect(count(s.total.recommendations)).toEqual({ implemented: 11, 'being-implemented': 2, 'accepted-in-part': 1, 'requires-further-study': 7, 'cannot-be-accepted': 11 });
    // Totals over two documents: a second response (here a copy under another id) adds its counts.
    const other = copyDocument();
    edit(other, 'document.yaml', /^id: .*$/m, 'id: kz-2011-presidential-copy');
    const text = runCli(['stats', dataDoc, other]).stdout;
    expect(text).toContain('18 of 24 critical observations not accepted (75 per cent)');
    expect(text).toContain('total: 20 positive assessments, 48 critical observations, 64 recommendations');
    // The same response twice would be counted twice: refused.
    const twice = runCli(['stats', dataDoc, dataDoc]);
    expect(twice.status).toBe(1);
    expect(twice.stderr).toContain('(duplicate-document-id)');
  });

  it('render as an annex table in every language', () => {
    const out = tempDir('annex-');
    expect(runCli(['render', dataDoc, '--lang', 'en,kk', '--annex', 'stats', '--format', 'pdf', '--out', out]).status).toBe(0);
    const en = pdfToText(join(out, 'kz-2011-presidential.en.pdf')).replace(/\s+/g, ' ');
    expect(en).toMatch(/Annex\. Statistics of the standpoints Critical observations Number Share The critical observation is accepted 0 0% The critical observation is accepted in part 6 25% The critical observation is not accepted 18 75%/);
    const kk = pdfToText(join(out, 'kz-2011-presidential.kk.pdf')).replace(/\s+/g, ' ');
    expect(kk).toContain('Қосымша. Ұстанымдар статистикасы');
    expect(kk).toMatch(/Ұсыным орындалды 11 34\s?%/);
  });
});
