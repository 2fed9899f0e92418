/**
 * V8's code cache of the CLI bundle (src/startup/code-cache.ts), through the
 * command as users run it: written after a command, keyed by the bundle's
 * SHA-256 (from the build), used by the next; a file that is not exactly a
 * cache for this bundle — damaged, another bundle's, data V8 refuses, too
 * large, a folder — is ignored without changing an output or saying a word,
 * and replaced by a good one; a bundle edited in place does not run with the
 * code of the one before; renders at once leave one whole file; the files
 * are bounded; --no-cache, STANDPOINT_NO_CACHE and the technique's switch
 * neither read nor write it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, damagedCopies, repoRoot, runCli, tempDir } from '../helpers/tools.js';
import { codeCacheFile, encodeCodeCacheFile, parseCodeCacheFile } from '../../src/startup/code-cache.js';

const mini = join(repoRoot, 'test', 'fixtures', 'mini', 'input');
const bundle = join(repoRoot, 'dist', 'standpoint-cli.cjs');
const bundleSha256 = () => createHash('sha256').update(readFileSync(bundle)).digest('hex');

/** Renders the small document's en DOCX with the cache in `dir`; the output's SHA-256. */
function render(dir: string, env: NodeJS.ProcessEnv = {}, args: string[] = []): string {
  const out = tempDir('standpoint-code-cache-out-');
  const r = runCli(['render', mini, '--lang', 'en', '--format', 'docx', '--out', out, ...args], { env: { STANDPOINT_CACHE_DIR: dir, STANDPOINT_NO_CACHE: '', STANDPOINT_SPEED_OFF: '', ...env } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return createHash('sha256').update(readFileSync(join(out, 'mini.en.docx'))).digest('hex');
}

const fileIn = (dir: string) => codeCacheFile(dir);
const parsedIn = (dir: string) => parseCodeCacheFile(readFileSync(fileIn(dir)));
const LONG_AGO = new Date('2001-01-01T00:00:00Z');

describe('the code cache of the CLI bundle', () => {
  let reference: string;
  let good: Buffer;
  let goodKey: string;
  beforeAll(() => {
    reference = render(tempDir('standpoint-code-cache-'), { STANDPOINT_NO_CACHE: '1' });
    const dir = tempDir('standpoint-code-cache-');
    expect(render(dir)).toBe(reference);
    good = readFileSync(fileIn(dir));
    goodKey = parseCodeCacheFile(good)!.key;
  });

  it('is written after a command, for this bundle and this Node, and used by the next', () => {
    const dir = tempDir('standpoint-code-cache-');
    expect(existsSync(fileIn(dir))).toBe(false);
    expect(render(dir)).toBe(reference);
    const made = parsedIn(dir)!;
    expect(made.key.split(' ')).toEqual([bundleSha256(), String(statSync(bundle).size), String(statSync(bundle).mtimeMs), process.version, process.arch]);
    expect(made.commands).toEqual(['render']);
    expect(made.data.length).toBeGreaterThan(100_000);
    // Used and not rewritten: a cache V8 refused, or a run of a command it was not made after, would write the file again.
    utimesSync(fileIn(dir), LONG_AGO, LONG_AGO);
    expect(render(dir)).toBe(reference);
    expect(statSync(fileIn(dir)).mtime).toEqual(LONG_AGO);
    // A command it was not made after adds to it.
    const r = runCli(['--version'], { env: { STANDPOINT_CACHE_DIR: dir, STANDPOINT_NO_CACHE: '', STANDPOINT_SPEED_OFF: '' } });
    expect(r.status).toBe(0);
    expect(parsedIn(dir)!.commands).toEqual(['', 'render']);
    // A command that fails (here a mistyped one) neither counts nor rewrites the file.
    utimesSync(fileIn(dir), LONG_AGO, LONG_AGO);
    const typo = runCli(['rendr', mini], { env: { STANDPOINT_CACHE_DIR: dir, STANDPOINT_NO_CACHE: '', STANDPOINT_SPEED_OFF: '' } });
    expect(typo.status).toBe(2);
    expect(statSync(fileIn(dir)).mtime).toEqual(LONG_AGO);
    expect(parsedIn(dir)!.commands).toEqual(['', 'render']);
  });

  const withData = (data: Buffer, key = goodKey) => encodeCodeCacheFile(key, ['render'], data);
  const damaged: Record<string, () => Buffer> = {
    ...damagedCopies(() => good, 20),
    "one byte of V8's data changed (its checksum no longer matches)": () => {
      const b = Buffer.from(good);
      b[b.length - (b.length >> 2)] ^= 0x01;
      return b;
    },
    "another bundle's cache (another SHA-256, a whole file)": () => withData(parseCodeCacheFile(good)!.data, goodKey.replace(/^[0-9a-f]{8}/, '00000000')),
    'a whole file whose data V8 refuses': () => withData(Buffer.alloc(200_000, 0x5a)),
    'larger than the bound': () => Buffer.concat([good, Buffer.alloc(70 * 1024 * 1024)]),
  };

  for (const [what, make] of Object.entries(damaged)) {
    it(`is ignored and replaced when ${what}`, () => {
      const dir = tempDir('standpoint-code-cache-');
      mkdirSync(join(dir, 'compile'), { recursive: true });
      writeFileSync(fileIn(dir), make());
      expect(render(dir)).toBe(reference);
      const made = parsedIn(dir)!;
      expect(made.key).toBe(goodKey);
      expect(made.commands).toEqual(['render']);
      expect(made.data.length).toBeGreaterThan(100_000);
    });
  }

  it('is ignored when its place is taken by a folder', () => {
    const dir = tempDir('standpoint-code-cache-');
    mkdirSync(fileIn(dir), { recursive: true });
    expect(render(dir)).toBe(reference);
    expect(statSync(fileIn(dir)).isDirectory()).toBe(true);
  });

  it('does not run a bundle edited in place with the code of the bundle before', () => {
    // A copy of the package whose bundle is then edited (same length): V8 itself checks only the length.
    const pkg = tempDir('standpoint-code-cache-pkg-');
    for (const part of ['dist', 'templates', 'locales', 'schema', 'styles', 'package.json']) cpSync(join(repoRoot, part), join(pkg, part), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(pkg, 'node_modules'));
    const dir = tempDir('standpoint-code-cache-');
    const help = () => {
      const r = runCli(['--help'], { env: { STANDPOINT_CACHE_DIR: dir, STANDPOINT_NO_CACHE: '', STANDPOINT_SPEED_OFF: '' }, cliPath: join(pkg, 'dist', 'standpoint.cjs') });
      expect(r.status).toBe(0);
      return r.stdout;
    };
    expect(help()).toContain('print the version');
    help();
    const copied = join(pkg, 'dist', 'standpoint-cli.cjs');
    const source = readFileSync(copied, 'utf8');
    expect(source).toContain('"print the version"');
    writeFileSync(copied, source.replace('"print the version"', '"PRINT THE VERSION"'));
    expect(help()).toContain('PRINT THE VERSION');
  });

  it('is one whole file after renders at once, with no writer’s temporary file left', async () => {
    const dir = tempDir('standpoint-code-cache-');
    const run = () =>
      new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [cliPath, 'render', mini, '--lang', 'en', '--format', 'docx', '--out', tempDir('standpoint-code-cache-out-')], {
          env: { ...process.env, STANDPOINT_CACHE_DIR: dir, STANDPOINT_NO_CACHE: '', STANDPOINT_SPEED_OFF: '' },
          stdio: 'ignore',
        });
        child.on('exit', (code) => resolve(code ?? -1));
      });
    expect(await Promise.all([run(), run(), run()])).toEqual([0, 0, 0]);
    expect(parsedIn(dir)!.key).toBe(goodKey);
    expect(readdirSync(join(dir, 'compile')).filter((f) => f.startsWith('cli-'))).toEqual([`cli-${process.version}-${process.arch}.bin`]);
  });

  it('keeps at most four files (one per Node version and architecture) and removes writers’ temporary files left long ago', () => {
    const dir = tempDir('standpoint-code-cache-');
    const compile = join(dir, 'compile');
    mkdirSync(compile, { recursive: true });
    const others = ['v18.0.0-x64', 'v19.0.0-x64', 'v21.0.0-arm64', 'v23.0.0-x64', 'v25.0.0-x64'].map((v, i) => {
      const f = join(compile, `cli-${v}.bin`);
      writeFileSync(f, good);
      const at = new Date(Date.UTC(2020, 0, 1 + i));
      utimesSync(f, at, at);
      return f;
    });
    const staleTemporary = join(compile, `cli-v20.0.0-x64.bin.123.abcd0123.tmp`);
    writeFileSync(staleTemporary, 'x');
    utimesSync(staleTemporary, LONG_AGO, LONG_AGO);
    expect(render(dir)).toBe(reference);
    const left = readdirSync(compile).filter((f) => f.startsWith('cli-')).sort();
    // This Node's and the three most recent of the others.
    expect(left).toEqual([`cli-${process.version}-${process.arch}.bin`, ...others.slice(2).map((f) => f.slice(compile.length + 1))].sort());
  });

  it('is neither read nor written with --no-cache, STANDPOINT_NO_CACHE or the technique turned off', () => {
    for (const [env, args] of [
      [{}, ['--no-cache']],
      [{ STANDPOINT_NO_CACHE: '1' }, []],
      [{ STANDPOINT_SPEED_OFF: 'compileCache' }, []],
    ] as [NodeJS.ProcessEnv, string[]][]) {
      const dir = tempDir('standpoint-code-cache-');
      expect(render(dir, env, args)).toBe(reference);
      expect(existsSync(fileIn(dir))).toBe(false);
      // A damaged file there is not read either (were it read, nothing would show; it is not replaced).
      mkdirSync(join(dir, 'compile'), { recursive: true });
      writeFileSync(fileIn(dir), 'not a cache');
      expect(render(dir, env, args)).toBe(reference);
      expect(readFileSync(fileIn(dir), 'utf8')).toBe('not a cache');
    }
  });
});
