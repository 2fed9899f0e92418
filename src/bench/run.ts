/**
 * `npm run bench`: how fast standpoint renders the 2011 response, cold (a CLI
 * process per run) and warm (in one process, as watch renders), how the cost
 * grows with the document, and how that compares with what a commission would
 * use instead (pandoc for DOCX, LibreOffice for PDF), when they are installed.
 * Prints a table of medians over --runs runs (default 5); --json FILE keeps them.
 * With --against DIR (a built checkout of an earlier version) or --against-rev
 * REV (built here from git), it first runs this build and that one side by
 * side, with each speed technique off in turn (side-by-side.ts); with
 * --side-by-side-only, nothing else.
 * A script, not a test: timings depend on the machine.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import { LAYOUT_PATTERNS, writePatternDocument, writeSyntheticDocument, type LayoutPattern } from './synthetic.js';
import { loadValidDocument, renderDocumentBytes } from '../render/index.js';
import { startPdfWorker, stopPdfWorker } from '../render/pdf/pool.js';
import { buildPdfDefinition } from '../render/pdf/build.js';
import { packPdf } from '../render/pdf/pack.js';
import { composeLang } from '../render/index.js';
import { buildHtmlPage } from '../render/html/build.js';
import { packHtml } from '../render/html/pack.js';
import { previewPage } from '../preview/page.js';
import { startPreview } from '../preview/server.js';
import { request } from 'node:http';
import { buildRevision, commandEntry, readUsage, runSideBySide, timedCommand, runWarmSideBySide, sideBySideTable, sideBySideWork, type SideBySideResult } from './side-by-side.js';

interface PatternRow {
  pattern: LayoutPattern;
  sizes: number[];
  ms: number[];
}

interface Row {
  name: string;
  medianMs: number;
  minMs: number;
  peakRssMb?: number;
  note?: string;
}

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 0) || 5;
const jsonOut = args.includes('--json') ? args[args.indexOf('--json') + 1] : undefined;
const cli = commandEntry(packageRoot);
const data = join(packageRoot, 'data', 'kz-2011-presidential');
const seed = join(packageRoot, 'test', 'fixtures', 'kz-2011-seed.txt');
const work = mkdtempSync(join(tmpdir(), 'standpoint-bench-'));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

function timeCommand(name: string, cmd: string, cmdArgs: string[], note?: string, ourCli = false): Row {
  const times: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const rssFile = join(work, `rss-${i}`);
    const [program, argv] = timedCommand(ourCli ? [process.execPath, cli, ...cmdArgs] : [cmd, ...cmdArgs], rssFile, ourCli);
    const start = performance.now();
    const r = spawnSync(program, argv, { env: { ...process.env, STANDPOINT_BENCH_RSS: rssFile }, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    times.push(performance.now() - start);
    if (r.status !== 0) throw new Error(`${name}: ${cmd} ${cmdArgs.join(' ')} failed: ${r.stderr}`);
    const { maxRssKb } = readUsage(rssFile);
    if (!Number.isNaN(maxRssKb)) rss.push(maxRssKb / 1024);
  }
  return { name, medianMs: median(times), minMs: Math.min(...times), ...(rss.length ? { peakRssMb: Math.max(...rss) } : {}), ...(note ? { note } : {}) };
}

async function timeWarm(name: string, fn: () => Promise<unknown>, note?: string): Promise<Row> {
  await fn();
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return { name, medianMs: median(times), minMs: Math.min(...times), peakRssMb: process.resourceUsage().maxRSS / 1024, ...(note ? { note } : {}) };
}

/** The seed as Markdown a user might give pandoc: paragraphs separated by blank lines. */
function seedAsMarkdown(): string {
  const lines = readFileSync(seed, 'utf8').split('\n').filter((l) => !/^\s*\d+\s*$/.test(l));
  let md = '';
  for (const l of lines) md += /[.:;]$/.test(l.trim()) && l.trim().length < 80 ? `${l.trim()}\n\n` : `${l.trim()} `;
  return md;
}

/** Edits a paragraph in `file`, `runs` times, calling `wait` after each write; milliseconds from the write to `wait` resolving. */
async function timeSaves(file: string, original: string, wait: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const seen = wait();
    // fs.watch reports a save within a few ms; give the previous one time to settle.
    await new Promise((r) => setTimeout(r, 150));
    const start = performance.now();
    writeFileSync(file, original.replace('The Mission does not specify', `The Mission (preview edit ${i}) does not specify`));
    await seen;
    // The first two saves warm the process up, as a user's first saves do.
    if (i >= 2) times.push(performance.now() - start);
  }
  return times;
}

/**
 * The preview's save-to-update latency as the server delivers it: from the
 * write of the YAML file to the page's new version arriving on an open
 * event stream (the file watch, its debounce, reading, composing, HTML).
 */
async function previewLatency(document: string, file: string, original: string): Promise<Row> {
  const preview = await startPreview({ document, lang: 'en', host: '127.0.0.1', port: 0 }, () => undefined, () => undefined);
  await new Promise((r) => setTimeout(r, 1000));
  let listener: (() => void) | undefined;
  const stream = await new Promise<import('node:http').IncomingMessage>((res, rej) => {
    request(`${preview.url.replace(/\/en$/, '')}/_/events/en?since=1000000`, res).on('error', rej).end();
  });
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    if (chunk.startsWith('event: page')) listener?.();
  });
  const times = await timeSaves(file, original, () => new Promise<void>((res) => (listener = res)));
  stream.destroy();
  preview.stop();
  await preview.done;
  return { name: 'preview: save → new page on the event stream', medianMs: median(times), minMs: Math.min(...times) };
}

/** The same, to the new text shown in Debian's Chromium (when it and playwright-core are installed). */
async function previewLatencyInBrowser(document: string, file: string, original: string): Promise<Row | undefined> {
  if (!has('chromium')) {
    process.stdout.write('chromium is not installed: no in-browser preview latency (apt-get install chromium)\n');
    return undefined;
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    process.stdout.write('playwright-core is not installed (a development dependency): no in-browser preview latency\n');
    return undefined;
  }
  const executablePath = spawnSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).stdout.trim();
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  const preview = await startPreview({ document, lang: 'en', host: '127.0.0.1', port: 0 }, () => undefined, () => undefined);
  try {
    const page = await browser.newPage();
    await page.goto(preview.url);
    // Browser code as strings: this module is compiled without the DOM's types.
    await page.waitForFunction("document.getElementById('sp-status')?.textContent === 'up to date'");
    const times = await timeSaves(file, original, () => page.evaluate("new Promise((res) => window.addEventListener('standpoint:updated', res, { once: true }))"));
    return { name: 'preview: save → new text shown in Chromium', medianMs: median(times), minMs: Math.min(...times) };
  } finally {
    await browser.close();
    preview.stop();
    await preview.done;
  }
}

/** The previous build to compare with: a built folder (--against) or a git revision to build (--against-rev). */
function previousBuildArgs(): { dirArg?: string; revArg?: string } {
  const after = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
  return { dirArg: after('--against'), revArg: after('--against-rev') };
}

/** Rounds of the side-by-side runs: --rounds, else --runs, at least 5. */
function roundsArg(): number {
  return args.includes('--rounds') ? Number(args[args.indexOf('--rounds') + 1]) || 5 : Math.max(runs, 5);
}

/** The side-by-side section (side-by-side.ts) with its checks; undefined without --against or --against-rev. */
function sideBySide(): SideBySideResult | undefined {
  const { dirArg, revArg } = previousBuildArgs();
  if (!dirArg && !revArg) return undefined;
  const sideWork = sideBySideWork();
  const previous = dirArg ?? buildRevision(revArg!, sideWork);
  if (!existsSync(commandEntry(previous))) throw new Error(`${previous} holds no built standpoint (${commandEntry(previous)})`);
  let markdown: string | undefined;
  if (has('pandoc')) {
    markdown = join(sideWork, 'seed.md');
    writeFileSync(markdown, seedAsMarkdown());
  } else process.stdout.write('pandoc is not installed: no comparison with it (apt-get install pandoc)\n');
  const rounds = roundsArg();
  process.stderr.write(`side by side with ${previous}: ${rounds} rounds, load average ${loadavg().map((l) => l.toFixed(2)).join(', ')}\n`);
  const result = runSideBySide(previous, rounds, sideWork, markdown, (line) => process.stderr.write(`  ${line}\n`));
  process.stdout.write(`Side by side with the previous build (${rounds} rounds in turn, Node ${result.node}; load average ${result.loadBefore.map((l) => l.toFixed(1)).join(', ')} before, ${result.loadAfter.map((l) => l.toFixed(1)).join(', ')} after):\n\n${sideBySideTable(result)}\n\n`);
  const row = (scenario: string, variant = 'this build') => result.rows.find((r) => r.scenario === scenario && r.variant === variant)!;
  const check = (label: string, ok: boolean, detail: string) => process.stdout.write(`${ok ? 'met    ' : 'NOT met'}  ${label}: ${detail}\n`);
  const en = row('cold CLI: en DOCX+PDF');
  check('cold en DOCX+PDF ≤ 0.8× the previous build', en.ratio! <= 0.8, `×${en.ratio!.toFixed(2)} (${Math.round(en.medianMs)} ms)`);
  const all = row('cold CLI: en, ru, kk, kk+ru × DOCX+PDF');
  check('cold all four × DOCX+PDF ≤ 0.85× the previous build', all.ratio! <= 0.85, `×${all.ratio!.toFixed(2)} (${Math.round(all.medianMs)} ms)`);
  const docx = row('cold CLI: en DOCX');
  if (docx.vsPandoc !== undefined) check('cold en DOCX ≤ 1.5× pandoc seed → DOCX (same rounds)', docx.vsPandoc <= 1.5, `×${docx.vsPandoc.toFixed(2)} (${Math.round(docx.medianMs)} ms vs ${Math.round(row('cold CLI: en DOCX', 'pandoc: seed Markdown → DOCX').medianMs)} ms)`);
  process.stdout.write('\n');
  // The previous build is still needed here: its folder goes after.
  warmSideBySide(previous, rounds);
  rmSync(sideWork, { recursive: true, force: true });
  return result;
}

/** The warm edit of this build against the previous one (side-by-side.ts), with its check. */
function warmSideBySide(previous: string, rounds: number): void {
  const saves = 7;
  const w = runWarmSideBySide(previous, rounds, saves, (line) => process.stderr.write(`  ${line}\n`));
  if (!w) {
    process.stdout.write(`No warm side by side: ${previous} has no dist/render/index.js and dist/render/pdf/pool.js to load\n\n`);
    return;
  }
  process.stdout.write(`Warm one-paragraph edit, en DOCX+PDF as watch renders it (${w.rounds} rounds in turn, a process per build and round, median of ${w.saves} saves after warming up): this build ${Math.round(w.thisMs)} ms, previous build ${Math.round(w.previousMs)} ms, ratio ×${w.ratio.toFixed(2)}; CPU (all threads) ${Math.round(w.thisCpuMs)} against ${Math.round(w.previousCpuMs)} ms, ratio ×${w.cpuRatio.toFixed(2)}\n`);
  process.stdout.write(`${w.thisMs < 300 ? 'met    ' : 'NOT met'}  warm one-paragraph re-render DOCX+PDF < 300 ms (side by side): ${Math.round(w.thisMs)} ms\n\n`);
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const out = join(work, 'out');
  // The benchmark's own typesetting cache: filled by the first run of each row, as a user's is by their first render.
  process.env.STANDPOINT_CACHE_DIR = join(work, 'typeset-cache');
  const render = (n: string, langs: string, formats: string, doc = data, note?: string) => rows.push(timeCommand(n, 'standpoint', ['render', doc, '--lang', langs, '--format', formats, '--out', out], note, true));
  process.stderr.write(`benchmark: ${runs} runs each, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(2)).join(', ')}\n`);
  if (args.includes('--warm-only')) {
    // Only the warm edit, side by side with a previous build.
    const { dirArg, revArg } = previousBuildArgs();
    if (!dirArg && !revArg) throw new Error('--warm-only compares with a previous build: give --against DIR or --against-rev REV');
    const sideWork = sideBySideWork();
    try {
      warmSideBySide(dirArg ?? buildRevision(revArg!, sideWork), roundsArg());
    } finally {
      rmSync(sideWork, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    }
    return;
  }
  const side = sideBySide();
  if (args.includes('--side-by-side-only')) {
    if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify({ node: process.version, cores: cpus().length, runs, sideBySide: side }, null, 2)}\n`);
    rmSync(work, { recursive: true, force: true });
    return;
  }

  render('cold CLI: en DOCX', 'en', 'docx');
  render('cold CLI: en PDF', 'en', 'pdf');
  render('cold CLI: en DOCX+PDF', 'en', 'docx,pdf');
  render('cold CLI: en HTML', 'en', 'html');
  render('cold CLI: en, ru, kk, kk+ru × HTML', 'en,ru,kk,kk+ru', 'html');
  render('cold CLI: en, ru, kk, kk+ru × DOCX+PDF', 'en,ru,kk,kk+ru', 'docx,pdf');
  const x10 = writeSyntheticDocument(data, join(work, 'x10'), 10);
  const x20 = writeSyntheticDocument(data, join(work, 'x20'), 20);
  render('cold CLI: 10× document, en DOCX+PDF', 'en', 'docx,pdf', x10);
  render('cold CLI: 20× document, en DOCX+PDF', 'en', 'docx,pdf', x20);

  // Warm: one process, as watch renders.
  startPdfWorker();
  const options = { langs: ['en'], formats: ['docx', 'pdf'] as ('docx' | 'pdf')[], outDir: out };
  rows.push(await timeWarm('warm: en DOCX+PDF (library call)', async () => renderDocumentBytes(loadValidDocument(data).doc, options)));
  rows.push(await timeWarm('warm: en DOCX (library call)', async () => renderDocumentBytes(loadValidDocument(data).doc, { ...options, formats: ['docx'] })));
  const copy = join(work, 'edit');
  cpSync(data, copy, { recursive: true });
  const file = join(copy, 'critical.yaml');
  const original = readFileSync(file, 'utf8');
  let n = 0;
  const edit = () => writeFileSync(file, original.replace('The Mission does not specify', `The Mission (edit ${++n}) does not specify`));
  rows.push(await timeWarm('warm: one-paragraph edit, en DOCX+PDF (as watch)', async () => (edit(), renderDocumentBytes(loadValidDocument(copy).doc, options))));
  rows.push(await timeWarm('warm: one-paragraph edit, en DOCX (as watch)', async () => (edit(), renderDocumentBytes(loadValidDocument(copy).doc, { ...options, formats: ['docx'] }))));
  rows.push(await timeWarm('warm: en HTML, fonts subset (library call)', async () => packHtml(buildHtmlPage(composeLang(loadValidDocument(data).doc, 'en', options)))));
  rows.push(await timeWarm('warm: one-paragraph edit, en preview page', async () => (edit(), previewPage(composeLang(loadValidDocument(copy).doc, 'en', { ...options, draft: true }), loadValidDocument(copy).doc, 'en', n))));
  await stopPdfWorker();
  rows.push(await previewLatency(copy, file, original));
  const browserRow = await previewLatencyInBrowser(copy, file, original);
  if (browserRow) rows.push(browserRow);

  // Node patterns pdfmake is known to lay out in more than linear time: each
  // PDF alone, on this thread, warm; the time per doubling of n is ×2 when
  // linear and ×4 when quadratic.
  const patterns: PatternRow[] = [];
  const golden = join(packageRoot, 'test', 'fixtures', 'mini', 'input');
  const sizesOf: Record<LayoutPattern, number[]> = { table: [250, 500, 1000], paragraph: [2000, 4000, 8000], list: [250, 500, 1000], footnotes: [50, 100, 200] };
  for (const pattern of LAYOUT_PATTERNS) {
    const ms: number[] = [];
    for (const n of sizesOf[pattern]) {
      const { doc } = loadValidDocument(writePatternDocument(golden, join(work, `${pattern}-${n}`), pattern, n));
      const composed = composeLang(doc, 'en', options);
      const once = () => packPdf(buildPdfDefinition(composed));
      ms.push((await timeWarm(pattern, once)).medianMs);
    }
    patterns.push({ pattern, sizes: sizesOf[pattern], ms });
  }

  // What a commission would use instead.
  let pandocRow: Row | undefined;
  let sofficeRow: Row | undefined;
  if (has('pandoc')) {
    const md = join(work, 'seed.md');
    writeFileSync(md, seedAsMarkdown());
    pandocRow = timeCommand('pandoc: seed Markdown → DOCX', 'pandoc', [md, '-o', join(work, 'seed.docx')]);
    rows.push(pandocRow);
    if (has('soffice')) {
      const profile = `file://${join(work, 'lo-profile')}`;
      sofficeRow = timeCommand('LibreOffice: that DOCX → PDF', 'soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', work, join(work, 'seed.docx')]);
      rows.push(sofficeRow);
    }
  }

  const get = (name: string) => rows.find((r) => r.name === name)!;
  const ours = get('cold CLI: en DOCX+PDF');
  const sizes = [1, 10, 20];
  const times = [ours, get('cold CLI: 10× document, en DOCX+PDF'), get('cold CLI: 20× document, en DOCX+PDF')].map((r) => r.medianMs);
  const lx = sizes.map(Math.log);
  const ly = times.map(Math.log);
  const mx = lx.reduce((a, b) => a + b) / 3;
  const my = ly.reduce((a, b) => a + b) / 3;
  const exponent = lx.reduce((a, x, i) => a + (x - mx) * (ly[i]! - my), 0) / lx.reduce((a, x) => a + (x - mx) ** 2, 0);

  const pad = (s: string, n: number) => s.padEnd(n);
  const lines = [`| ${pad('what', 52)} | median ms | min ms | peak RSS MB |`, `|${'-'.repeat(54)}|-----------|--------|-------------|`];
  for (const r of rows) lines.push(`| ${pad(r.name, 52)} | ${String(Math.round(r.medianMs)).padStart(9)} | ${String(Math.round(r.minMs)).padStart(6)} | ${r.peakRssMb ? r.peakRssMb.toFixed(0).padStart(11) : '          –'} |`);
  process.stdout.write(`${lines.join('\n')}\n\n`);
  process.stdout.write(`growth: time ∝ size^${exponent.toFixed(2)} (1×, 10×, 20×: ${times.map((t) => Math.round(t)).join(', ')} ms)\n`);
  // The exponent includes the fixed start-up; the cost of each added copy tells whether the rest is linear.
  process.stdout.write(`each added copy of the response: ${Math.round((times[1]! - times[0]!) / 9)} ms (1× → 10×), ${Math.round((times[2]! - times[1]!) / 10)} ms (10× → 20×)\n`);
  for (const p of patterns) {
    const ratios = p.ms.slice(1).map((m, i) => (m / p.ms[i]!).toFixed(2));
    const what = { table: 'a table of n rows', paragraph: 'a paragraph of n words', list: 'a list of n items', footnotes: 'n footnotes in one item' }[p.pattern];
    process.stdout.write(`PDF of ${what}, n = ${p.sizes.join(', ')}: ${p.ms.map((m) => Math.round(m)).join(', ')} ms (×${ratios.join(', ×')} per doubling; 2 is linear, 4 quadratic)\n`);
  }
  const check = (label: string, ok: boolean, detail: string) => process.stdout.write(`${ok ? 'met    ' : 'NOT met'}  ${label}: ${detail}\n`);
  check('cold en DOCX+PDF < 1000 ms', ours.medianMs < 1000, `${Math.round(ours.medianMs)} ms`);
  const all = get('cold CLI: en, ru, kk, kk+ru × DOCX+PDF');
  check('cold all four × DOCX+PDF < 3000 ms', all.medianMs < 3000, `${Math.round(all.medianMs)} ms`);
  const warm = get('warm: one-paragraph edit, en DOCX+PDF (as watch)');
  check('warm one-paragraph re-render DOCX+PDF < 300 ms', warm.medianMs < 300, `${Math.round(warm.medianMs)} ms`);
  const live = rows.find((r) => r.name === 'preview: save → new text shown in Chromium') ?? get('preview: save → new page on the event stream');
  check('preview: a one-paragraph save shown within 300 ms', live.medianMs < 300, `${Math.round(live.medianMs)} ms (${live.name.replace('preview: save → ', '')})`);
  const x20row = get('cold CLI: 20× document, en DOCX+PDF');
  check('20× document < 20 s and < 1.5 GB', x20row.medianMs < 20000 && (x20row.peakRssMb ?? 0) < 1536, `${(x20row.medianMs / 1000).toFixed(1)} s, ${x20row.peakRssMb?.toFixed(0)} MB`);
  if (pandocRow) {
    const docx = get('cold CLI: en DOCX');
    check('DOCX no slower than 1.5× pandoc', docx.medianMs <= 1.5 * pandocRow.medianMs, `${Math.round(docx.medianMs)} ms vs pandoc ${Math.round(pandocRow.medianMs)} ms (ratio ${(docx.medianMs / pandocRow.medianMs).toFixed(2)})`);
    if (sofficeRow) {
      const theirs = pandocRow.medianMs + sofficeRow.medianMs;
      check('DOCX+PDF at least 2× faster than pandoc + LibreOffice', theirs >= 2 * ours.medianMs, `${Math.round(ours.medianMs)} ms vs ${Math.round(theirs)} ms (×${(theirs / ours.medianMs).toFixed(2)})`);
    }
  } else process.stdout.write('pandoc is not installed: no comparison (apt-get install pandoc)\n');
  if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify({ node: process.version, cores: cpus().length, runs, rows, exponent, patterns, sideBySide: side }, null, 2)}\n`);
  rmSync(work, { recursive: true, force: true });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
