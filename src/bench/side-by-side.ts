/**
 * The benchmark's side-by-side section (`npm run bench -- --against DIR` or
 * `--against-rev REV`): cold CLI runs of this build against a previous build
 * of standpoint, in turn (previous, this, previous, this …, in alternating
 * order), and, in the same rounds, this build with each speed technique off,
 * with its typesetting cache empty and with --no-cache, and pandoc beside the
 * DOCX runs. Timings on a shared machine drift; runs taken in turn see the
 * same load, so the ratio of each pair says more than either time. Reported
 * per variant: the median wall time, the median CPU time (user + system, all
 * threads) and the median over rounds of the ratio to the previous build.
 * Every output of every run is compared with the previous build's: one byte
 * of difference stops the benchmark. Owns these runs and the previous build
 * made from a git revision; the rest of the benchmark is run.ts.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../paths.js';
import { SPEED_TECHNIQUES, type SpeedTechnique } from '../render/techniques.js';
import { writeSyntheticDocument } from './synthetic.js';

export interface SideBySideRow {
  scenario: string;
  variant: string;
  medianMs: number;
  cpuMs: number;
  /** Median over rounds of this variant's time over the previous build's (or over pandoc's, for `vsPandoc`). */
  ratio?: number;
  cpuRatio?: number;
  vsPandoc?: number;
  runs: { ms: number; cpuMs: number }[];
}

export interface SideBySideResult {
  rounds: number;
  node: string;
  loadBefore: number[];
  loadAfter: number[];
  rows: SideBySideRow[];
}

interface Variant {
  name: string;
  /** The package folder whose `standpoint` command (commandEntry) runs; undefined for pandoc. */
  root?: string;
  env?: Record<string, string>;
  args?: string[];
  /** A new, empty typesetting cache folder for every run. */
  emptyCache?: boolean;
  pandoc?: boolean;
}

interface Scenario {
  name: string;
  langs: string;
  formats: string;
  document: string;
  variants: Variant[];
}

const reporter = join(packageRoot, 'dist', 'bench', 'rss-reporter.js');
/** GNU time, which times a command's CPU (its threads included) and peak memory from outside it. */
const gnuTime = existsSync('/usr/bin/time');

/**
 * The program and arguments that run `command` (its program first) timed,
 * the figures going to the file `usage`: under GNU time when the machine has
 * it, pandoc and standpoint alike (preloading the reporter into standpoint
 * instead cost it some 10 ms that pandoc's runs did not pay); without it,
 * standpoint (`ours`) with the reporter preloaded (it reads the file's name
 * from STANDPOINT_BENCH_RSS) and another program as it is, with no figures.
 */
export function timedCommand(command: string[], usage: string, ours: boolean): [string, string[]] {
  const [program, ...args] = command as [string, ...string[]];
  if (gnuTime) return ['/usr/bin/time', ['-f', '%U %S %M', '-o', usage, program, ...args]];
  return ours ? [program, ['--import', reporter, ...args]] : [program, args];
}

/** The CPU time (ms, all threads) and peak memory (KiB) a run timed by timedCommand wrote to `usage`; NaN each when it wrote nothing. */
export function readUsage(usage: string): { cpuMs: number; maxRssKb: number } {
  let text: string;
  try {
    // GNU time writes "Command exited with non-zero status" before its figures when the command fails.
    text = readFileSync(usage, 'utf8').trim().split('\n').pop()!;
  } catch {
    return { cpuMs: NaN, maxRssKb: NaN };
  }
  if (!gnuTime) return JSON.parse(text) as { cpuMs: number; maxRssKb: number };
  const [user, system, maxRssKb] = text.split(' ').map(Number) as [number, number, number];
  return { cpuMs: (user + system) * 1000, maxRssKb };
}

/**
 * The file the `standpoint` command runs in the package folder `root`, as its
 * package.json names it (`bin`): dist/standpoint.cjs since the launcher became
 * CommonJS, dist/standpoint.js in the builds before.
 */
export function commandEntry(root: string): string {
  const { bin } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const entry = typeof bin === 'string' ? bin : bin?.standpoint;
  if (!entry) throw new Error(`${root}/package.json names no standpoint command (bin)`);
  return join(root, entry);
}

/** One run; wall and CPU milliseconds, and the output folder's files by name with their hashes. */
function runOnce(v: Variant, s: Scenario, work: string, cache: string, markdown: string): { ms: number; cpuMs: number; files: Map<string, string> } {
  const out = mkdtempSync(join(work, 'out-'));
  const usage = join(work, `usage-${process.hrtime.bigint()}`);
  const env: NodeJS.ProcessEnv = { ...process.env, STANDPOINT_BENCH_RSS: usage, STANDPOINT_SPEED_OFF: '', STANDPOINT_NO_CACHE: '', STANDPOINT_CACHE_DIR: v.emptyCache ? mkdtempSync(join(work, 'cache-')) : cache, ...v.env };
  const command = v.pandoc
    ? ['pandoc', markdown, '-o', join(out, 'seed.docx')]
    : [process.execPath, commandEntry(v.root!), 'render', s.document, '--lang', s.langs, '--format', s.formats, '--out', out, ...(v.args ?? [])];
  const [program, args] = timedCommand(command, usage, !v.pandoc);
  const start = performance.now();
  const r = spawnSync(program, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${s.name}, ${v.name}: exit ${r.status}: ${r.stderr}`);
  const { cpuMs } = readUsage(usage);
  const files = new Map(readdirSync(out).sort().map((f) => [f, createHash('sha256').update(readFileSync(join(out, f))).digest('hex')]));
  rmSync(out, { recursive: true, force: true });
  return { ms, cpuMs, files };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Builds the package as it was at git revision `rev` in a new folder (node_modules linked when the lockfile is the same). */
export function buildRevision(rev: string, work: string): string {
  const dir = join(work, `previous-${rev.replace(/[^\w.-]/g, '_')}`);
  mkdirSync(dir, { recursive: true });
  const sh = (command: string, cwd: string) => {
    const r = spawnSync('sh', ['-c', command], { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${command}: ${r.stderr}`);
  };
  sh(`git archive ${JSON.stringify(rev)} | tar -x -C ${JSON.stringify(dir)}`, packageRoot);
  const sameLock = readFileSync(join(dir, 'package-lock.json'), 'utf8') === readFileSync(join(packageRoot, 'package-lock.json'), 'utf8');
  if (sameLock && existsSync(join(packageRoot, 'node_modules'))) {
    symlinkSync(join(packageRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
    sh('npm run build', dir);
  } else sh('npm ci --no-audit --no-fund', dir);
  return dir;
}

/**
 * Runs every scenario's variants in turn for `rounds` rounds (after one
 * unmeasured round that fills this build's typesetting cache and warms the
 * file system), checking every output against the previous build's.
 */
export function runSideBySide(previous: string, rounds: number, work: string, markdown: string | undefined, log: (line: string) => void): SideBySideResult {
  const current = packageRoot;
  const data = join(current, 'data', 'kz-2011-presidential');
  const x10 = writeSyntheticDocument(data, join(work, 'side-x10'), 10);
  const off = (t: SpeedTechnique): Variant => ({ name: `this build without ${t}`, root: current, env: { STANDPOINT_SPEED_OFF: t } });
  const base: Variant[] = [
    { name: 'previous build', root: previous },
    { name: 'this build', root: current },
    { name: 'this build, typesetting cache empty', root: current, emptyCache: true },
    { name: 'this build, --no-cache', root: current, args: ['--no-cache'] },
  ];
  // The cold runs are one-shot commands: a technique only for processes that render again and again does nothing in them.
  const techniques = (Object.keys(SPEED_TECHNIQUES) as SpeedTechnique[]).filter((t) => t !== 'pdfWorkerYoungGeneration');
  const pandoc: Variant[] = markdown ? [{ name: 'pandoc: seed Markdown → DOCX', pandoc: true }] : [];
  const scenarios: Scenario[] = [
    { name: 'cold CLI: en DOCX', langs: 'en', formats: 'docx', document: data, variants: [...base.slice(0, 2), ...base.slice(3), off('compileCache'), off('precompiledTemplates'), off('deflatedFontCache'), off('docxPreparation'), off('docxWriter'), ...pandoc] },
    { name: 'cold CLI: en DOCX+PDF', langs: 'en', formats: 'docx,pdf', document: data, variants: [...base, ...techniques.map(off)] },
    { name: 'cold CLI: en, ru, kk, kk+ru × DOCX+PDF', langs: 'en,ru,kk,kk+ru', formats: 'docx,pdf', document: data, variants: [...base, ...techniques.filter((t) => t !== 'pdfOnMainThread').map(off)] },
    { name: 'cold CLI: 10× document, en DOCX+PDF', langs: 'en', formats: 'docx,pdf', document: x10, variants: base.slice(0, 2) },
  ];
  const cache = mkdtempSync(join(work, 'cache-'));
  const result: SideBySideResult = { rounds, node: process.version, loadBefore: loadavg(), loadAfter: [], rows: [] };
  for (const s of scenarios) {
    const runs = new Map<string, { ms: number; cpuMs: number }[]>(s.variants.map((v) => [v.name, []]));
    let reference: Map<string, string> | undefined;
    for (let round = 0; round <= rounds; round++) {
      // Round 0 fills this build's cache and is not counted; the order alternates so neither build always runs first.
      const order = round % 2 ? [...s.variants].reverse() : s.variants;
      for (const v of order) {
        const r = runOnce(v, s, work, cache, markdown ?? '');
        if (!v.pandoc) {
          reference ??= v.root === previous ? r.files : undefined;
          if (reference) {
            const same = r.files.size === reference.size && [...reference].every(([f, h]) => r.files.get(f) === h);
            if (!same) throw new Error(`${s.name}, ${v.name}: the outputs differ from the previous build's`);
          }
        }
        if (round > 0) runs.get(v.name)!.push({ ms: r.ms, cpuMs: r.cpuMs });
      }
    }
    const prev = runs.get('previous build')!;
    const pandocRuns = markdown ? runs.get('pandoc: seed Markdown → DOCX') : undefined;
    for (const v of s.variants) {
      const rs = runs.get(v.name)!;
      const row: SideBySideRow = { scenario: s.name, variant: v.name, medianMs: median(rs.map((r) => r.ms)), cpuMs: median(rs.map((r) => r.cpuMs)), runs: rs };
      if (!v.pandoc) {
        row.ratio = median(rs.map((r, i) => r.ms / prev[i]!.ms));
        row.cpuRatio = median(rs.map((r, i) => r.cpuMs / prev[i]!.cpuMs));
        if (pandocRuns) row.vsPandoc = median(rs.map((r, i) => r.ms / pandocRuns[i]!.ms));
      }
      result.rows.push(row);
    }
    log(`${s.name}: ${rounds} rounds of ${s.variants.length}, outputs byte-identical to the previous build's`);
  }
  result.loadAfter = loadavg();
  return result;
}

/** Saves before the measured ones in each process: the first renders of a process compile and fill its caches, as a user's first saves do. */
const WARM_UP_SAVES = 3;

export interface WarmSideBySide {
  rounds: number;
  saves: number;
  previousMs: number;
  thisMs: number;
  /** Median over rounds of this build's median over the previous build's. */
  ratio: number;
  /** The same for CPU time (all threads of the process). */
  previousCpuMs: number;
  thisCpuMs: number;
  cpuRatio: number;
}

/**
 * The warm re-render after a one-paragraph edit (what watch does on a save),
 * this build against the previous one in turn: each round starts one process
 * per build (alternating which goes first) that renders WARM_UP_SAVES + `saves`
 * edits (warm-edit.ts); a round's figure is the median of its measured
 * renders. Every edit's outputs must be the same bytes in both builds.
 * Undefined when the previous build has no library to load (builds before
 * the CLI was bundled from separate modules are not comparable this way).
 */
export function runWarmSideBySide(previous: string, rounds: number, saves: number, log: (line: string) => void): WarmSideBySide | undefined {
  const script = join(packageRoot, 'dist', 'bench', 'warm-edit.js');
  const library = ['index.js', join('pdf', 'pool.js')].map((f) => join(previous, 'dist', 'render', f));
  if (!library.every((f) => existsSync(f))) {
    log(`warm one-paragraph edits: the previous build has no library modules to load (${library.join(', ')}); not compared`);
    return undefined;
  }
  const one = (root: string) => {
    const r = spawnSync(process.execPath, [script, root, String(WARM_UP_SAVES + saves)], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: { ...process.env, STANDPOINT_SPEED_OFF: '' } });
    if (r.status !== 0) throw new Error(`warm edits with ${root}: exit ${r.status}: ${r.stderr}`);
    return JSON.parse(r.stdout) as { ms: number[]; cpuMs: number[]; outputs: string[] };
  };
  const prev: number[] = [];
  const ours: number[] = [];
  const prevCpu: number[] = [];
  const oursCpu: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 ? [packageRoot, previous] : [previous, packageRoot];
    const got = new Map(order.map((root) => [root, one(root)]));
    const a = got.get(previous)!;
    const b = got.get(packageRoot)!;
    if (a.outputs.join() !== b.outputs.join()) throw new Error('warm edits: the outputs differ from the previous build\'s');
    prev.push(median(a.ms.slice(WARM_UP_SAVES)));
    ours.push(median(b.ms.slice(WARM_UP_SAVES)));
    prevCpu.push(median(a.cpuMs.slice(WARM_UP_SAVES)));
    oursCpu.push(median(b.cpuMs.slice(WARM_UP_SAVES)));
  }
  log(`warm one-paragraph edits: ${rounds} rounds of ${saves} saves per build, outputs byte-identical to the previous build's`);
  return {
    rounds,
    saves,
    previousMs: median(prev),
    thisMs: median(ours),
    ratio: median(ours.map((m, i) => m / prev[i]!)),
    previousCpuMs: median(prevCpu),
    thisCpuMs: median(oursCpu),
    cpuRatio: median(oursCpu.map((m, i) => m / prevCpu[i]!)),
  };
}

/** The section's table, as README shows it. */
export function sideBySideTable(r: SideBySideResult): string {
  const lines = [
    `| what                                     | variant                                     | median ms | ratio to previous | CPU ms | CPU ratio |`,
    `|------------------------------------------|---------------------------------------------|-----------|-------------------|--------|-----------|`,
  ];
  let last = '';
  for (const row of r.rows) {
    const fmt = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '' : `×${x.toFixed(2)}`);
    lines.push(
      `| ${(row.scenario === last ? '' : row.scenario).padEnd(40)} | ${row.variant.padEnd(43)} | ${String(Math.round(row.medianMs)).padStart(9)} | ${fmt(row.ratio).padStart(17)} | ${(Number.isNaN(row.cpuMs) ? '' : String(Math.round(row.cpuMs))).padStart(6)} | ${fmt(row.cpuRatio).padStart(9)} |`,
    );
    last = row.scenario;
  }
  return lines.join('\n');
}

export function sideBySideWork(): string {
  return mkdtempSync(join(tmpdir(), 'standpoint-side-by-side-'));
}
