// Bundles the compiled CLI (dist/cli/main.js and everything it imports, npm
// packages included) into one file, dist/standpoint.js, the file the
// `standpoint` command runs. Why: a cold start resolved and loaded some 200
// module files, ~60 ms of every run (all four outputs: 2.97 → 2.86 s).
// pdfmake and its fonts stay outside: the PDF worker (dist/render/pdf/worker.js,
// not bundled) loads them with require. subset-font stays outside too: it
// reads HarfBuzz's wasm file from beside its own module.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/standpoint.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['pdfmake', 'fontkit', 'subset-font'],
  // CommonJS packages (handlebars, ajv's runtime) call require(); an ES module has none.
  banner: { js: "import { createRequire as __standpointRequire } from 'node:module'; const require = __standpointRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
