/**
 * `standpoint preview` as an editor uses it, in Debian's headless Chromium:
 * open the page, edit the YAML and see the text change in place (no reload,
 * the paragraph at the top of the window stays where it was), break the YAML
 * and see the positioned problems over the last good page, fix it, switch
 * languages, see stale and missing translations marked with their ids; and,
 * without the browser, that nothing outside the document's folder is served,
 * however the path is spelled, and that Ctrl-C stops the server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { copyDocument, edit, lineOf } from '../helpers/copy.js';
import { cliPath, dataDoc, repoRoot, runCli, tempDir } from '../helpers/tools.js';
import { launchChromium } from '../helpers/browser.js';

let dir: string;
let child: ChildProcess;
let stdout = '';
let stderr = '';
let base: string;
let port: number;
let browser: Browser;
let page: Page;
let exited: Promise<number | null>;

async function waitForOutput(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
  const start = Date.now();
  for (;;) {
    const m = pattern.exec(stdout);
    if (m) return m;
    if (Date.now() - start > timeoutMs) throw new Error(`preview: no ${pattern} in:\n${stdout}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A raw request: the path goes out exactly as written (no client-side normalisation of "..", "%2e"). */
function rawGet(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string }> {
  return new Promise((res, rej) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (r) => {
      let body = '';
      r.setEncoding('utf8');
      r.on('data', (d: string) => (body += d));
      r.on('end', () => res({ status: r.statusCode ?? 0, body }));
    });
    req.on('error', rej);
    req.end();
  });
}

/** Resolves with the generation of the next version the page swaps in; rejects after 30 s. */
function nextUpdate(): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((res, rej) => {
        window.addEventListener('standpoint:updated', (e) => res((e as CustomEvent<{ generation: number }>).detail.generation), { once: true });
        setTimeout(() => rej(new Error('the page was not updated within 30 s')), 30_000);
      }),
  );
}

beforeAll(async () => {
  dir = copyDocument();
  // A link inside the folder that leads out of it.
  symlinkSync('/etc/passwd', join(dir, 'outside.yaml'));
  child = spawn(process.execPath, [cliPath, 'preview', dir, '--port', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  exited = new Promise((res) => child.on('exit', (code) => res(code)));
  const m = await waitForOutput(/preview at (http:\/\/127\.0\.0\.1:(\d+))\/en\n/);
  base = m[1]!;
  port = Number(m[2]);
  await waitForOutput(/watching /);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
});

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

describe('standpoint preview', () => {
  it('prints its address on 127.0.0.1 and opens nothing', () => {
    expect(stdout).toMatch(/^preview at http:\/\/127\.0\.0\.1:\d+\/en$/m);
    expect(stderr).toBe('');
  });

  it('serves the page: critical observation 11 by its id, footnotes linked both ways, each paragraph linked to its line', async () => {
    await page.goto(`${base}/en`);
    await page.waitForFunction(() => document.getElementById('sp-status')?.textContent === 'up to date');
    const finding = await page.locator('#co-11 p.finding').first().innerText();
    expect(finding).toMatch(/^11\. The majority of members on many election commissions were de facto affiliated/);
    // References are printed unbreakable: no-break spaces.
    expect(finding.replace(/\u00A0/g, ' ')).toContain('(section 1, page 3)');
    const links = await page.evaluate(() =>
      [...document.querySelectorAll('#co-11 a[role="doc-noteref"]')].map((a) => {
        const note = document.getElementById(a.getAttribute('href')!.slice(1));
        return { n: a.textContent, note: note?.textContent?.slice(0, 30), back: note?.querySelector('a[role="doc-backlink"]')?.getAttribute('href'), ref: `#${a.id}` };
      }),
    );
    expect(links.map((l) => l.note)).toEqual(['According to data provided by ', 'OSCE/ODIHR EOM LTOs reported s']);
    for (const l of links) expect(l.back).toBe(l.ref);

    await page.hover('#co-11_s1');
    const source = page.locator('#sp-source');
    await source.waitFor({ state: 'visible' });
    const where = lineOf(dir, 'critical.yaml', '{id: co-11.s1,');
    expect(await source.textContent()).toBe(`co-11.s1 · critical.yaml:${where.line}`);
    expect(await source.getAttribute('href')).toMatch(new RegExp(`^vscode://file${resolve(dir)}/critical\\.yaml:${where.line}:\\d+$`));
  });

  it('shows a saved edit in place, without a reload, keeping the paragraph at the top of the window where it was', async () => {
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean; untouched: Element }).notReloaded = true;
      // A paragraph the edit does not change: the update keeps its node (only what changed is replaced).
      (window as unknown as { untouched: Element }).untouched = document.getElementById('co-12_s1')!;
      document.getElementById('co-11')!.scrollIntoView();
      window.scrollBy(0, -60);
    });
    const before = await page.evaluate(() => ({ y: window.scrollY, top: document.getElementById('co-11')!.getBoundingClientRect().top }));
    expect(before.y).toBeGreaterThan(5000);

    // An edit in the paragraph on screen.
    let updated = nextUpdate();
    edit(dir, 'critical.yaml', 'There are sufficient guarantees for ensuring substantial', 'There are ample guarantees, checked in the preview, for ensuring substantial');
    await updated;
    expect(await page.locator('#co-11_s1').innerText()).toMatch(/^The CEC standpoint\. There are ample guarantees, checked in the preview, for ensuring substantial/);
    const after = await page.evaluate(() => ({
      y: window.scrollY,
      top: document.getElementById('co-11')!.getBoundingClientRect().top,
      same: (window as unknown as { notReloaded?: boolean }).notReloaded,
      kept: (window as unknown as { untouched: Element }).untouched === document.getElementById('co-12_s1'),
    }));
    expect(after.same).toBe(true);
    expect(after.kept).toBe(true);
    expect(Math.abs(after.y - before.y)).toBeLessThanOrEqual(2);

    // An edit far above the window that adds lines: the window follows its paragraph.
    updated = nextUpdate();
    edit(dir, 'critical.yaml', 'The Mission does not specify any shortcomings', `The Mission does not specify any shortcomings${' (a sentence added above the window to push the text down)'.repeat(12)}`);
    await updated;
    const pushed = await page.evaluate(() => ({ y: window.scrollY, top: document.getElementById('co-11')!.getBoundingClientRect().top, same: (window as unknown as { notReloaded?: boolean }).notReloaded }));
    expect(pushed.same).toBe(true);
    expect(pushed.y).toBeGreaterThan(after.y + 100);
    expect(Math.abs(pushed.top - after.top)).toBeLessThanOrEqual(2);
  });

  it('shows the problems of a broken save over the last good page, and clears them when fixed', async () => {
    edit(dir, 'critical.yaml', 'kind: critical', 'kind: critical\n  broken: [');
    const overlay = page.locator('#sp-overlay');
    await overlay.waitFor({ state: 'visible' });
    const text = await overlay.innerText();
    expect(text).toMatch(/critical\.yaml:\d+:\d+ error .*\(yaml-syntax\)/);
    expect(await overlay.locator('a').first().getAttribute('href')).toMatch(/^vscode:\/\/file\/.*critical\.yaml:\d+:\d+$/);
    expect(await page.locator('#co-11_s1').innerText()).toContain('There are ample guarantees, checked in the preview');
    expect(await page.locator('#sp-status').textContent()).toBe('errors in the input');

    const updated = nextUpdate();
    edit(dir, 'critical.yaml', '\n  broken: [', '');
    await updated;
    await overlay.waitFor({ state: 'hidden' });
    expect(await page.locator('#co-11_s1').innerText()).toContain('There are ample guarantees, checked in the preview');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it('switches to the parallel view, where stale and missing translations are marked with their ids', async () => {
    // A new paragraph: no translation yet. co-11.s1 was edited above: its translations are stale.
    const updated = nextUpdate();
    edit(dir, 'critical.yaml', '    verdict: not-accepted\n  - id: co-12\n', '      - {id: co-11.s12, text: "A paragraph added while previewing."}\n    verdict: not-accepted\n  - id: co-12\n');
    await updated;
    expect(await page.locator('#co-11_s12').innerText()).toBe('A paragraph added while previewing.');
    await page.click('.sp-toolbar nav a[href="/kk+ru"]');
    await page.waitForURL(`${base}/kk+ru`);
    await page.waitForFunction(() => document.getElementById('sp-status')?.textContent === 'up to date');
    expect(await page.locator('.sp-toolbar nav a[aria-current="page"]').textContent()).toBe('kk+ru');
    const marks = await page.evaluate(() =>
      [...document.querySelectorAll('mark.draft[data-label]')].map((m) => `${m.closest('[lang].cell')!.getAttribute('lang')} ${m.getAttribute('data-label')} ${m.getAttribute('lang')}`),
    );
    expect(marks).toEqual(expect.arrayContaining(['kk-KZ co-11.s1 · stale en-GB', 'ru-RU co-11.s1 · stale en-GB', 'kk-KZ co-11.s12 · missing en-GB', 'ru-RU co-11.s12 · missing en-GB']));
    expect(await page.locator('#sp-count').textContent()).toMatch(/^\d+ untranslated: \d+ stale, \d+ missing$/);
    const badge = await page.evaluate(() => getComputedStyle(document.querySelector('mark.draft[data-label]')!, '::before').content);
    expect(badge).toMatch(/co-11\.s1 · stale|co-11\.s12 · missing|· (stale|missing)/);
    const row = await page.evaluate(() => {
      const r = document.getElementById('co-11')!;
      return { cells: r.children.length, columns: getComputedStyle(r).gridTemplateColumns.split(' ').length };
    });
    expect(row).toEqual({ cells: 2, columns: 2 });
  });

  it('looks right: screenshots of the en and kk+ru previews', async () => {
    const shots = tempDir('preview-shots-');
    for (const spec of ['en', 'kk+ru']) {
      await page.goto(`${base}/${spec}`);
      await page.waitForFunction(() => document.getElementById('sp-status')?.textContent === 'up to date');
      await page.evaluate(() => document.getElementById('co-11')!.scrollIntoView());
      await page.hover('#co-11 p.finding, #co-11 .cell p');
      const file = join(shots, `preview-${spec}.png`);
      await page.screenshot({ path: file });
      console.log(`screenshot: ${file}`);
    }
  });

  it('serves the files of the document folder and nothing outside it, however the path is spelled', async () => {
    const inside = await rawGet('/source/critical.yaml');
    expect(inside.status).toBe(200);
    expect(inside.body).toContain('id="L1"');
    expect(inside.body).toContain('co-11.s1');
    expect((await rawGet('/source/translations/kk.yaml')).status).toBe(200);
    writeFileSync(join(tempDir('secret-'), 'secret.yaml'), 'secret: true\n');
    const attempts = [
      '/source/../package.json',
      '/source/..%2f..%2fpackage.json',
      '/source/..%2F..%2F..%2F..%2F..%2Fetc%2Fpasswd',
      '/source/%2e%2e/%2e%2e/package.json',
      '/source/%2e%2e%2f%2e%2e%2fpackage.json',
      '/source/%252e%252e%252fpackage.json',
      '/source/..%5c..%5cpackage.json',
      '/source/translations/..%2f..%2f..%2fpackage.json',
      '/source//etc/passwd',
      '/source/%2Fetc%2Fpasswd',
      `/source/${encodeURIComponent(resolve(repoRoot, 'package.json'))}`,
      '/source/outside.yaml',
      '/source/critical.yaml%00.png',
      '/source/%E0%A4%A',
      '/source/',
      '/source/translations',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/../../etc/passwd',
      '/etc/passwd',
      '//etc/passwd',
      `http://127.0.0.1:${port}/source/../../package.json`,
    ];
    for (const path of attempts) {
      const r = await rawGet(path);
      expect(r.status, path).toBe(404);
      expect(r.body, path).not.toMatch(/root:|"name": "standpoint"/);
    }
    expect((await rawGet('/en', { Host: 'attacker.example' })).status).toBe(421);
    expect((await rawGet('/en', {}, 'POST')).status).toBe(405);
  });

  it('stops cleanly on Ctrl-C, closing the open page’s connection', async () => {
    await page.goto(`${base}/en`);
    await page.waitForFunction(() => document.getElementById('sp-status')?.textContent === 'up to date');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/stopped\n$/);
    await expect(rawGet('/en')).rejects.toThrow(/ECONNREFUSED/);
  });
});

describe('standpoint preview refuses', () => {
  it('a language without a locale, a list of languages, a bad port, a port in use (exit 2, nothing served)', async () => {
    const de = runCli(['preview', dataDoc, '--lang', 'de', '--port', '0']);
    expect(de.status).toBe(2);
    expect(de.stderr).toMatch(/^error: unknown language ‘de’ \(known: en, kk, ru; pairs like kk\+ru\)\n/);
    const two = runCli(['preview', dataDoc, '--lang', 'en,ru']);
    expect(two.status).toBe(2);
    expect(two.stderr).toContain('preview opens one language or pair');
    const bad = runCli(['preview', dataDoc, '--port', '80000']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('is not a port number');
    const busy = createServer();
    await new Promise<void>((res) => busy.listen(0, '127.0.0.1', () => res()));
    const taken = (busy.address() as { port: number }).port;
    const inUse = runCli(['preview', dataDoc, '--port', String(taken)]);
    busy.close();
    expect(inUse.status).toBe(2);
    expect(inUse.stderr).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${taken} \\(EADDRINUSE\\) \\(preview-listen\\)\\n  hint: choose another with --port`));
    const missing = runCli(['preview', join(tempDir('none-'), 'nothing'), '--port', '0']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such document');
  });
});
