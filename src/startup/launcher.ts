/**
 * The `standpoint` command (bundled to dist/standpoint.cjs by scripts/bundle.mjs):
 * turns Node's compile cache on (Node 22 and later; compile-cache.ts) for the
 * modules the CLI requires later (the PDF engine), loads the CLI bundle
 * (dist/standpoint-cli.cjs) through V8's code cache (code-cache.ts), runs it,
 * then lets the code cache learn from the run. Owns nothing else; `--no-cache`
 * is looked for here because the CLI's own parsing comes after the load.
 */
import { fileURLToPath } from 'node:url';
import { enableCompileCache } from './compile-cache.js';
import { loadCli } from './code-cache.js';

if (!process.argv.includes('--no-cache')) enableCompileCache();
const { cli, afterRun } = loadCli(fileURLToPath(new URL('./standpoint-cli.cjs', import.meta.url)), process.argv);
// A promise's callback, not a top-level await: the launcher is a CommonJS script (see scripts/bundle.mjs).
void cli.main(process.argv).then((exitCode) => {
  process.exitCode = exitCode;
  afterRun(exitCode);
});
