/**
 * V8's code cache of the CLI bundle (dist/standpoint-cli.cjs), kept between
 * runs in the typesetting cache's folder (compile/cli-<node>-<arch>.bin), on
 * every Node version. Owns loading the bundle through vm.Script, reading and
 * writing that one file; knows nothing of what the CLI does.
 *
 * Why: parsing and compiling the 1.9 MB bundle, then compiling each function
 * the first time it runs, cost a cold en DOCX on Node 20 some 60 ms of its
 * 670 (609 against 671 ms with the compileCache technique on and off, 15
 * alternating rounds). Node 22's own compile cache (compile-cache.ts) keeps
 * the code compiled while a module loads, not the functions compiled later
 * while it runs; a cache made with vm.Script's createCachedData after the
 * command has run holds both (on Node 24, 533 against 563 ms beside Node's
 * compile cache of the ES module bundle, 15 rounds).
 *
 * Safety: V8 checks only the source's length, its own version and its flags
 * before using a cache, so a cache must never meet another bundle. Its key
 * names the bundle exactly: the SHA-256 the build computed (written into the
 * launcher), the bundle's size and modification time (an edited bundle has
 * another), Node's version and the architecture. The file is used only when it
 * is exactly what this module writes: the magic, the format, that key, the
 * length and a CRC-32 of V8's data (V8 does not check its data's integrity
 * in a release build). Anything else — corrupt, truncated, another bundle's,
 * too large, being replaced — is ignored and the next run replaces it;
 * writes go to a temporary file renamed over the old one. The cache changes
 * no output (test/e2e/speed-techniques.test.ts), only how soon the code runs.
 *
 * When it is written: after a command, when no cache was used, when V8
 * refused the one there was, or when the command was not yet one of those
 * the cache was made after (a cache made after `--version` holds little of
 * what `render` runs). At most one file per Node version and architecture,
 * at most MAX_FILES in all (the oldest go first).
 */
import { isAscii } from 'node:buffer';
import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { crc32 } from 'node:zlib';
import { typesetCacheFolder } from '../render/cache/location.js';
import { writeCacheFileAtomically } from '../render/cache/atomic-file.js';
import { techniqueOn } from '../render/techniques.js';

/** Set by the build (scripts/bundle.mjs) to the bundle's SHA-256; absent when this module runs unbundled (tests). */
declare const STANDPOINT_CLI_SHA256: string | undefined;

const MAGIC = 'SPCC';
const FORMAT = 1;
/** V8's data for the whole bundle is 1–4 MB; a file claiming more is not ours. */
const MAX_DATA_BYTES = 64 * 1024 * 1024;
/** Files kept for Node versions and architectures; the oldest beyond this go. */
const MAX_FILES = 4;
const FILE_PATTERN = /^cli-v\d+\.\d+\.\d+-[a-z0-9]+\.bin$/;

export interface CliModule {
  main(argv: string[]): Promise<number>;
}

interface CacheState {
  file: string;
  key: string;
  script: vm.Script;
  /** Whether V8 took a cache file's code. */
  used: boolean;
  /** The commands the cache used was made after (none when no cache was used). */
  commands: string[];
}

/** Header: magic, u16 format, u16 0, u32 data length, u32 CRC-32 of the data, u16 key length, u16 commands length; then key, commands, data. */
const HEADER = 20;

/** A cache file: V8's `data` for the bundle named by `key`, made after `commands`. */
export function encodeCodeCacheFile(key: string, commands: string[], data: Uint8Array): Buffer {
  const keyBytes = Buffer.from(key, 'utf8');
  const commandBytes = Buffer.from(commands.join(','), 'utf8');
  const head = Buffer.alloc(HEADER);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt16LE(FORMAT, 4);
  head.writeUInt32LE(data.length, 8);
  head.writeUInt32LE(crc32(data), 12);
  head.writeUInt16LE(keyBytes.length, 16);
  head.writeUInt16LE(commandBytes.length, 18);
  return Buffer.concat([head, keyBytes, commandBytes, data]);
}

/** A whole cache file's parts, or undefined when `bytes` is not one (magic, format, lengths, CRC-32). */
export function parseCodeCacheFile(bytes: Buffer): { key: string; commands: string[]; data: Buffer } | undefined {
  if (bytes.length < HEADER || bytes.toString('latin1', 0, 4) !== MAGIC || bytes.readUInt16LE(4) !== FORMAT || bytes.readUInt16LE(6) !== 0) return undefined;
  const dataLength = bytes.readUInt32LE(8);
  const keyLength = bytes.readUInt16LE(16);
  const commandsLength = bytes.readUInt16LE(18);
  const start = HEADER + keyLength + commandsLength;
  if (dataLength > MAX_DATA_BYTES || bytes.length !== start + dataLength) return undefined;
  const data = bytes.subarray(start);
  if (crc32(data) !== bytes.readUInt32LE(12)) return undefined;
  const commands = bytes.toString('utf8', HEADER + keyLength, start);
  return { key: bytes.toString('utf8', HEADER, HEADER + keyLength), commands: commands ? commands.split(',') : [], data };
}

/** The code cache's file for this Node version and architecture in the cache folder `folder`. */
export function codeCacheFile(folder: string): string {
  return join(folder, 'compile', `cli-${process.version}-${process.arch}.bin`);
}

/** The command a run is for: the first argument that is not an option (`render`), or '' (`--version`, `--help`). */
export function commandOf(argv: string[]): string {
  return argv.slice(2).find((a) => !a.startsWith('-')) ?? '';
}

/** The key that names `bundle` exactly for this Node (see the module's comment). */
export function codeCacheKey(bundle: string, source: Buffer): string {
  const st = statSync(bundle);
  const hash = typeof STANDPOINT_CLI_SHA256 === 'string' ? STANDPOINT_CLI_SHA256 : `crc32:${crc32(source).toString(16)}`;
  return `${hash} ${st.size} ${st.mtimeMs} ${process.version} ${process.arch}`;
}

function readCache(file: string, key: string): { data: Buffer; commands: string[] } | undefined {
  try {
    const st = statSync(file);
    if (!st.isFile() || st.size > MAX_DATA_BYTES + 64 * 1024) return undefined;
    const parsed = parseCodeCacheFile(readFileSync(file));
    return parsed?.key === key ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Loads the CLI bundle at `bundle` (a CommonJS file) and returns its exports,
 * compiled from the code cache when there is a good one. With the cache off
 * (`--no-cache`, STANDPOINT_NO_CACHE, the compileCache technique off) it is
 * required as any module is.
 */
export function loadCli(bundle: string, argv: string[]): { cli: CliModule; afterRun: (exitCode: number) => void } {
  const folder = argv.includes('--no-cache') || !techniqueOn('compileCache') ? undefined : typesetCacheFolder();
  if (!folder) return { cli: createRequire(bundle)(bundle) as CliModule, afterRun: () => undefined };
  const sourceBytes = readFileSync(bundle);
  const file = codeCacheFile(folder);
  const key = codeCacheKey(bundle, sourceBytes);
  const cached = readCache(file, key);
  // The build writes the bundle in ASCII (scripts/bundle.mjs): read as Latin-1 it is a one-byte string at once, without UTF-8's decoding.
  const source = isAscii(sourceBytes) ? sourceBytes.toString('latin1') : sourceBytes.toString('utf8');
  // The function CommonJS wraps a module's text in (as Node's own loader does), written out here, not taken from Node's undocumented Module.wrap.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n});`, {
    filename: bundle,
    ...(cached ? { cachedData: cached.data } : {}),
    // A dynamic import() in the bundle resolves as it would in a module file (the bundle has none today).
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  const used = Boolean(cached) && !script.cachedDataRejected;
  const state: CacheState = { file, key, script, used, commands: used ? cached!.commands : [] };
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  const module = { exports: {} as unknown };
  wrapper.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
  return { cli: module.exports as CliModule, afterRun: (exitCode) => saveAfterRun(state, commandOf(argv), exitCode) };
}

/**
 * Writes the cache when this run has something to add (see the module's
 * comment); never fails the command. A command counts only when it
 * succeeded: a mistyped one would otherwise be a new command at every typo.
 */
function saveAfterRun(state: CacheState, command: string, exitCode: number): void {
  if (state.used && (exitCode !== 0 || state.commands.includes(command))) return;
  try {
    const data = state.script.createCachedData();
    const commands = [...new Set([...state.commands, ...(exitCode === 0 ? [command] : [])])].sort();
    writeCacheFileAtomically(state.file, encodeCodeCacheFile(state.key, commands, data), (name) => FILE_PATTERN.test(name));
    pruneOtherFiles(dirname(state.file), state.file);
  } catch {
    /* a cache that cannot be written is a cache missed next time */
  }
}

/** Keeps at most MAX_FILES code caches (one per Node version and architecture), dropping the least recently written. */
function pruneOtherFiles(folder: string, keep: string): void {
  const files = readdirSync(folder)
    .filter((f) => FILE_PATTERN.test(f))
    .map((f) => join(folder, f))
    .filter((f) => f !== keep)
    .map((f) => ({ f, at: statSync(f).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of files.slice(MAX_FILES - 1)) unlinkSync(f);
}
