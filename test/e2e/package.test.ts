/**
 * The package as its users get it: `npm pack`, installed into a new project
 * in a temporary folder outside this repository (from the npm registry, with
 * npm's cache), then the docs/api.md example compiled with tsc and run, the
 * same in plain JavaScript, and `standpoint init`, `validate`, `render`,
 * `import` and `i18n import` run there. Every YAML file those wrote names a
 * schema that exists; the install prints no engine warning on this Node; the
 * PDF engine check refuses a pdfkit other than the pinned one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { pdfToText, repoRoot, requireTool, tempDir, unzipText } from '../helpers/tools.js';

const INSTALL_TIMEOUT = 900_000;
let project = '';
let tarball = '';
let packed: string[] = [];

function run(command: string, args: string[], cwd = project, env: Record<string, string | undefined> = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, ...env }, maxBuffer: 64 << 20, timeout: INSTALL_TIMEOUT });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The installed command, as `npx standpoint` runs it: the link npm made in node_modules/.bin. */
function standpoint(args: string[], env: Record<string, string | undefined> = {}) {
  return run(process.execPath, [join(project, 'node_modules', '.bin', 'standpoint'), ...args], project, env);
}

/** The code block of docs/api.md in a language (the first one). */
function example(lang: 'ts' | 'js'): string {
  const md = readFileSync(join(repoRoot, 'docs', 'api.md'), 'utf8');
  const m = new RegExp('```' + lang + '\\n([\\s\\S]*?)\\n```').exec(md);
  if (!m) throw new Error(`docs/api.md has no ${lang} example`);
  return `${m[1]}\n`;
}

/** Every `# yaml-language-server: $schema=` line of the YAML files under `dir`, with where it leads. */
function schemaLines(dir: string): { file: string; schema: string; target: string }[] {
  const found: { file: string; schema: string; target: string }[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e)) {
        const m = /^# yaml-language-server: \$schema=(\S+)/.exec(readFileSync(p, 'utf8'));
        expect(m, `${p} names its schema on the first line`).not.toBeNull();
        const schema = m![1]!;
        found.push({ file: p, schema, target: isAbsolute(schema) ? schema : resolve(dirname(p), schema) });
      }
    }
  };
  walk(dir);
  return found;
}

beforeAll(() => {
  requireTool('npm');
  const work = tempDir('standpoint-package-');
  // The tarball of what `npm test` just built (prepare would build again).
  const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], repoRoot);
  expect(pack.status, pack.stderr).toBe(0);
  const info = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
  tarball = join(work, info[0]!.filename);
  packed = info[0]!.files.map((f) => f.path);
  project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-standpoint', version: '1.0.0', private: true, type: 'module' }, null, 2));
}, INSTALL_TIMEOUT);

afterAll(() => {
  if (project) rmSync(dirname(project), { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the library, the command, its types, docs, LICENSE and schemas, and no build or bench scripts', () => {
    for (const f of ['dist/index.js', 'dist/api.d.ts', 'dist/standpoint.cjs', 'dist/render/pdf/worker.js', 'docs/api.md', 'docs/data-format.md', 'docs/templates.md', 'LICENSE', 'README.md', 'schema/document.schema.json', 'schema/translation.schema.json', 'templates/document.hbs', 'locales/kk/standpoint.json']) {
      expect(packed, f).toContain(f);
    }
    for (const f of packed) expect(f, 'not shipped').not.toMatch(/^(scripts|test|data|src|bench)\/|^dist\/bench\//);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { exports: Record<string, unknown>; keywords: string[]; dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.exports['.']).toEqual({ types: './dist/api.d.ts', default: './dist/index.js' });
    expect(pkg.keywords.length).toBeGreaterThan(3);
    // Patched libraries at exact versions; docx (whose nanoid refuses Node 20) bundled, not installed.
    expect(pkg.dependencies.pdfmake).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies.pdfkit).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies.docx).toBeUndefined();
    expect(pkg.devDependencies.docx).toBeDefined();
  });

  it('installs into a new project on this Node without engine warnings', () => {
    const r = run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'warn']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toMatch(/EBADENGINE|Unsupported engine/);
    expect(existsSync(join(project, 'node_modules', 'nanoid')), 'nanoid (docx’s, Node 22 only) is not installed').toBe(false);
    expect(existsSync(join(project, 'node_modules', '.bin', 'standpoint'))).toBe(true);
  }, INSTALL_TIMEOUT);

  it('standpoint init, validate and render there; every YAML written names a schema that exists', () => {
    const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    const npx = run('npx', ['--no-install', 'standpoint', '--version']);
    expect(npx.stdout).toBe(`${version}\n`);
    for (const [dir, lang] of [['my-response', 'en'], ['kk-response', 'kk']] as const) {
      const init = standpoint(['init', dir, '--lang', lang, '--title', `A response (${lang})`]);
      expect(init.status, init.stderr).toBe(0);
      expect(init.stdout).toContain(`wrote ${join(dir, 'document.yaml')}`);
      const v = standpoint(['validate', dir]);
      expect(v.status, v.stderr).toBe(0);
      expect(v.stderr).toBe('');
      const r = standpoint(['render', dir, '-o', 'out']);
      expect(r.status, r.stderr).toBe(0);
      expect(readdirSync(join(project, 'out'))).toEqual(expect.arrayContaining([`${dir}.${lang}.docx`, `${dir}.${lang}.pdf`]));
    }
    expect(pdfToText(join(project, 'out', 'kk-response.kk.pdf'))).toContain('Сайлау техникалық тұрғыдан жақсы ұйымдастырылды');
    // A response imported from text, and a translation brought back: more files standpoint writes.
    writeFileSync(join(project, 'old.txt'), 'The Commission thanks the Mission.\n1. The law has gaps (section 1, page 1).\nThe CEC standpoint: The law has no gaps.\nThe critical observation is not accepted.\n');
    expect(standpoint(['import', 'old.txt', '-o', 'imported']).status).toBe(0);
    expect(standpoint(['i18n', 'export', 'my-response', '--lang', 'kk', '--format', 'po', '-o', 'kk.po']).status).toBe(0);
    const po = readFileSync(join(project, 'kk.po'), 'utf8').replace('msgctxt "meta.issuer-short"\nmsgid "CEC"\nmsgstr ""', 'msgctxt "meta.issuer-short"\nmsgid "CEC"\nmsgstr "ОСК"');
    writeFileSync(join(project, 'kk.po'), po);
    const imp = standpoint(['i18n', 'import', 'my-response', 'kk.po']);
    expect(imp.status, imp.stderr).toBe(0);
    const lines = [...schemaLines(join(project, 'my-response')), ...schemaLines(join(project, 'kk-response')), ...schemaLines(join(project, 'imported'))];
    expect(lines.map((l) => relative(project, l.file)).sort()).toEqual(expect.arrayContaining(['my-response/document.yaml', 'my-response/translations/kk.yaml', 'imported/document.yaml']));
    for (const l of lines) {
      expect(existsSync(l.target), `${l.file}: ${l.schema}`).toBe(true);
      // The installed package's schema, reached from where the file is.
      expect(relative(project, l.target), l.file).toMatch(/^node_modules\/standpoint\/schema\/(document|section|translation)\.schema\.json$/);
      expect(isAbsolute(l.schema), l.file).toBe(false);
    }
  }, INSTALL_TIMEOUT);

  it('runs the docs/api.md example: TypeScript through tsc, and plain JavaScript', () => {
    // A fresh document for each run: the example edits translations/.
    rmSync(join(project, 'my-response'), { recursive: true, force: true });
    rmSync(join(project, 'out'), { recursive: true, force: true });
    expect(standpoint(['init', 'my-response']).status).toBe(0);
    writeFileSync(join(project, 'example.ts'), example('ts'));
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noUncheckedIndexedAccess: true,
          skipLibCheck: false,
          outDir: 'build',
          // Node's types from this repository's node_modules: the project installs nothing but standpoint.
          typeRoots: [join(repoRoot, 'node_modules', '@types')],
          types: ['node'],
        },
        files: ['example.ts'],
      }),
    );
    const tsc = run(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json']);
    expect(tsc.status, tsc.stdout + tsc.stderr).toBe(0);
    const ts = run(process.execPath, ['build/example.js']);
    expect(ts.status, ts.stderr).toBe(0);
    checkExampleOutput(ts.stdout);

    rmSync(join(project, 'my-response'), { recursive: true, force: true });
    rmSync(join(project, 'out'), { recursive: true, force: true });
    expect(standpoint(['init', 'my-response']).status).toBe(0);
    writeFileSync(join(project, 'example.mjs'), example('js'));
    const js = run(process.execPath, ['example.mjs']);
    expect(js.status, js.stderr).toBe(0);
    checkExampleOutput(js.stdout);
    // What the example wrote opens as what it says.
    expect(pdfToText(join(project, 'out', 'my-response.en.pdf'))).toContain('The election was technically well administered');
    requireTool('qpdf');
    execFileSync('qpdf', ['--check', join(project, 'out', 'my-response.en.pdf')], { stdio: 'pipe' });
    expect(unzipText(join(project, 'out', 'my-response.ru.docx')).get('word/document.xml')).toContain('ЦИК');
    const line = schemaLines(join(project, 'my-response', 'translations'))[0]!;
    expect(existsSync(line.target), line.schema).toBe(true);
  }, INSTALL_TIMEOUT);

  it('refuses, with a usage error, a pdfkit other than the one the PDF patches were made for', () => {
    const pkgFile = join(project, 'node_modules', 'pdfkit', 'package.json');
    const original = readFileSync(pkgFile, 'utf8');
    const pkg = JSON.parse(original) as { version: string };
    try {
      writeFileSync(pkgFile, JSON.stringify({ ...pkg, version: `${pkg.version}-other` }));
      const r = standpoint(['render', 'kk-response', '-o', 'out-other', '--format', 'pdf']);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^error: the PDF engine installed is pdfmake \\S+ with pdfkit ${pkg.version.replace(/\./g, '\\.')}-other; standpoint's layout patches are made for`));
      expect(existsSync(join(project, 'out-other'))).toBe(false);
      // DOCX needs no PDF engine.
      expect(standpoint(['render', 'kk-response', '-o', 'out-other', '--format', 'docx']).status).toBe(0);
    } finally {
      writeFileSync(pkgFile, original);
    }
  });
});

function checkExampleOutput(stdout: string): void {
  expect(stdout).toMatch(/^standpoint \d+\.\d+\.\d+\n/);
  expect(stdout).toContain('my-response: written in en; languages en\n');
  expect(stdout).toContain('outputs: my-response.en.docx, my-response.en.pdf\n');
  expect(stdout).toMatch(/rendered my-response\.en\.pdf: \d+ bytes/);
  expect(stdout).toContain('1 change(s)\n');
  expect(stdout).toMatch(/Critical observation 1: verdict not-accepted → accepted-in-part/);
  expect(stdout).toMatch(/critical\.yaml:\d+:\d+ unknown verdict code ‘acepted-in-part’ — did you mean ‘accepted-in-part’\?/);
  expect(stdout).toContain('critical observations: 1; recommendations: 1\n');
  expect(stdout).toContain('ru: added meta.issuer-short\n');
  expect(stdout).toContain('rendered my-response.ru.docx as a draft\n');
  for (const f of ['my-response.en.docx', 'my-response.en.pdf', 'my-response.ru.docx']) expect(existsSync(join(project, 'out', f)), f).toBe(true);
}
