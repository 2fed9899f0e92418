/**
 * The `standpoint` command (bundled to dist/standpoint.js by scripts/bundle.mjs):
 * turns Node's compile cache on (Node 22 and later; compile-cache.ts) before
 * the CLI bundle is loaded, so that the bundle's compiled code is kept too,
 * then runs the CLI (dist/standpoint-cli.js). Owns nothing else; `--no-cache`
 * is looked for here because the CLI's own parsing comes after the load.
 */
import { enableCompileCache } from './compile-cache.js';

if (!process.argv.includes('--no-cache')) enableCompileCache();
// Not resolved at build time: the CLI is its own bundle beside this one.
const cli = './standpoint-cli.js';
await import(cli);
