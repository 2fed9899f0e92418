// Bundles the compiled CLI (dist/cli/program.js and everything it imports, npm
// packages included) into one CommonJS file, dist/standpoint-cli.cjs, and the
// command's launcher (dist/startup/launcher.js) into dist/standpoint.cjs, the
// file the `standpoint` command runs: it turns Node's compile cache on for the
// modules loaded later (src/startup/compile-cache.ts), then compiles the CLI
// bundle through V8's code cache (src/startup/code-cache.ts). Why a bundle: a
// cold start resolved and loaded some 200 module files, ~60 ms of every run
// (all four outputs: 2.97 → 2.86 s). Why CommonJS: vm.Script, which takes and
// makes V8's code cache on every Node version, compiles scripts, not modules;
// import.meta.url becomes the file's URL made from __filename.
// pdfmake and its fonts stay outside: the PDF engine (dist/render/pdf/pack.js,
// on the main thread or in the worker, dist/render/pdf/worker.js, not bundled)
// loads them with require. subset-font stays outside too: it reads HarfBuzz's
// wasm file from beside its own module.
//
// The launcher is given the bundle's SHA-256, the code cache's key: V8 checks
// only a source's length before using a cache made for it.
//
// The library (dist/api.js, the package's "exports") is bundled into
// dist/index.js the same way but keeps the package's dependencies outside, to
// share them with the user's project; only docx, a devDependency, goes in:
// docx 9.15 requires nanoid 6, which refuses Node 20, and an `overrides` entry
// does not reach the users of a package.
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { build } from 'esbuild';

// CommonJS packages (handlebars, ajv's runtime) call require(); an ES module has none.
const banner = { js: "import { createRequire as __standpointRequire } from 'node:module'; const require = __standpointRequire(import.meta.url);" };

// In the two CommonJS bundles (the CLI and its launcher), import.meta.url is the file's URL made from __filename.
const commonJsModuleUrl = {
  define: { 'import.meta.url': '__standpointModuleUrl' },
  banner: "const __standpointModuleUrl = require('node:url').pathToFileURL(__filename).href;",
};

// The ES module bundle of earlier builds, if this folder has one: nothing loads it any more.
rmSync('dist/standpoint-cli.js', { force: true });
const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8'));
// iconv-lite too: loaded when an import meets a text in another encoding (src/io/text-encoding.ts).
const cliExternal = ['pdfmake', 'fontkit', 'subset-font', 'iconv-lite'];
// The versions of the packages the CLI bundle holds (src/render/cache/package-version.ts names cache sections after them).
const bundledVersions = Object.fromEntries(
  Object.keys(dependencies)
    .filter((name) => !cliExternal.includes(name))
    .map((name) => [name, JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version]),
);
await build({
  entryPoints: ['dist/cli/program.js'],
  outfile: 'dist/standpoint-cli.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { ...commonJsModuleUrl.define, STANDPOINT_BUNDLED_VERSIONS: JSON.stringify(bundledVersions) },
  external: cliExternal,
  // Whitespace only (names and code kept as written): Node reads the bundle as text and V8 parses it at every
  // start, 2.7 MB before, 1.9 MB now (issue 19). A stack trace (--verbose) still names every function.
  minifyWhitespace: true,
  banner: { js: commonJsModuleUrl.banner },
  legalComments: 'none',
  logLevel: 'warning',
});
asciiOnly('dist/standpoint-cli.cjs');
const cliSha256 = createHash('sha256').update(readFileSync('dist/standpoint-cli.cjs')).digest('hex');

/**
 * esbuild escapes every character beyond ASCII in strings, templates and
 * names, but leaves them in regular expression literals (the typography's
 * Russian and Kazakh words, quotation marks). One such character makes the
 * whole 1.9 MB bundle a two-byte string in V8 and its decoding a slow path:
 * decoding and parsing took twice as long. Each is written as a \uXXXX escape,
 * which means the same character in a regular expression (with or without
 * the u flag, in a class or not, a surrogate pair included); one that follows
 * a backslash (an identity escape) would not, and stops the build.
 */
function asciiOnly(file) {
  const text = readFileSync(file, 'utf8');
  const escaped = text.replace(/[^\x00-\x7f]/g, (ch, at) => {
    let backslashes = 0;
    while (text[at - 1 - backslashes] === '\\') backslashes++;
    if (backslashes % 2) throw new Error(`${file}: a backslash before the character ${JSON.stringify(ch)} at ${at}: escaping it would change its meaning`);
    return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  writeFileSync(file, escaped);
}

await build({
  entryPoints: ['dist/api.js'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: Object.keys(dependencies),
  banner,
  legalComments: 'none',
  logLevel: 'warning',
});

// The launcher is CommonJS too: run as an ES module, the same file cost a cold run some 20 ms more in
// Node's module loader (each builtin it imports gets an ES module facade, node:fs's touching every export).
rmSync('dist/standpoint.js', { force: true });
await build({
  entryPoints: ['dist/startup/launcher.js'],
  outfile: 'dist/standpoint.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  define: { ...commonJsModuleUrl.define, STANDPOINT_CLI_SHA256: JSON.stringify(cliSha256) },
  banner: { js: `#!/usr/bin/env node\n${commonJsModuleUrl.banner}` },
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync('dist/standpoint.cjs', 0o755);
