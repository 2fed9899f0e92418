/**
 * Loads and compiles the Handlebars templates of a templates folder
 * (document.hbs and partials/*.hbs), once per process and again only when a
 * file changes. Owns template errors: they are reported with the template's
 * file and line — also errors that show only when the templates run or in
 * the markup they print (locateOutput). Never compiles text that came from
 * the data.
 *
 * Also owns the shipped templates precompiled at build time
 * (scripts/precompile-templates.mjs writes them with precompiledModule): a
 * folder whose files are, name for name and text for text, the ones the build
 * precompiled is loaded from those specs instead of being compiled again —
 * compiling them took some 75 ms of every cold run. Any other folder (a
 * user's --templates copy, an edited installed template) is compiled from its
 * text.
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import { UserError } from '../diag/diagnostic.js';
import { packageRoot } from '../paths.js';
import { techniqueOn } from '../render/techniques.js';
import { readResourceText } from './i18n.js';

export const MAIN_TEMPLATE = 'document.hbs';
export const PARTIALS_DIR = 'partials';

export interface TemplateSet {
  dir: string;
  main: HandlebarsTemplateDelegate;
  partials: Record<string, HandlebarsTemplateDelegate>;
  /** Helper names each file calls, to report unknown helpers before rendering. */
  files: string[];
  /** Each file's text, for rendering again with location markers (locateOutput). */
  sources: Map<string, string>;
  /** Whether the templates came precompiled from the build rather than compiled from their text. */
  precompiled: boolean;
}

/** The options of every compile of a template, at run time and at build time alike. */
export const COMPILE_OPTIONS: Readonly<CompileOptions> = Object.freeze({ strict: false, noEscape: false, knownHelpersOnly: false });

const cache = new Map<string, { stamp: string; set: TemplateSet }>();

function templateFiles(dir: string): string[] {
  const files = [join(dir, MAIN_TEMPLATE)];
  try {
    for (const f of readdirSync(join(dir, PARTIALS_DIR)).sort()) if (f.endsWith('.hbs')) files.push(join(dir, PARTIALS_DIR, f));
  } catch {
    /* a template set may have no partials */
  }
  return files;
}

/** A template file's text, parsed and its helper calls checked: what both compiling and precompiling start from. */
function parseChecked(env: typeof Handlebars, file: string, source: string, knownHelpers: Set<string>): hbs.AST.Program {
  let ast: hbs.AST.Program;
  try {
    ast = env.parse(source);
  } catch (err) {
    const msg = (err as Error).message;
    const m = /line (\d+)/.exec(msg);
    const col = (err as { column?: number }).column;
    throw UserError.single(
      { file, line: m ? Number(m[1]) : 1, column: typeof col === 'number' ? col + 1 : 1 },
      'template-syntax',
      `template syntax error: ${msg.split('\n').pop()?.trim() ?? msg}`,
      undefined,
      2,
    );
  }
  checkHelpers(ast, file, knownHelpers);
  return ast;
}

/** Reports a call of a helper that does not exist, with the template's position. */
function checkHelpers(ast: hbs.AST.Program, file: string, known: Set<string>): void {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; path?: { original?: string; type?: string }; params?: unknown[]; hash?: unknown; loc?: { start: { line: number; column: number } } };
    const called =
      (n.type === 'SubExpression' || ((n.type === 'MustacheStatement' || n.type === 'BlockStatement') && ((n.params?.length ?? 0) > 0 || n.hash))) &&
      n.path?.type === 'PathExpression';
    if (called) {
      const name = n.path!.original!;
      if (!known.has(name)) {
        const loc = n.loc?.start;
        throw UserError.single(
          { file, line: loc?.line ?? 1, column: (loc?.column ?? 0) + 1 },
          'template-helper',
          `the template calls an unknown helper ‘${name}’`,
          `known helpers: ${[...known].sort().join(', ')}`,
          2,
        );
      }
    }
    for (const v of Object.values(node)) {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') visit(v);
    }
  };
  visit(ast);
}

export const BUILTIN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log'];

export function loadTemplates(dir: string, helperNames: string[]): TemplateSet {
  const files = templateFiles(dir);
  let stamp: string;
  try {
    stamp = files.map((f) => `${f}:${statSync(f).mtimeMs}`).join('|');
  } catch {
    throw UserError.single({ file: join(dir, MAIN_TEMPLATE), line: 1, column: 1 }, 'template-missing', `no ${MAIN_TEMPLATE} in the templates folder ${dir}`, undefined, 2);
  }
  const precompiledOn = techniqueOn('precompiledTemplates');
  // Turning the precompiled templates off (for the tests and the benchmark) compiles again.
  stamp += `|${precompiledOn}`;
  const hit = cache.get(dir);
  if (hit && hit.stamp === stamp) return hit.set;
  const env = Handlebars.create();
  const known = new Set([...BUILTIN_HELPERS, ...helperNames]);
  // A regular file of bounded size, strict UTF-8: a Latin-1 template would print U+FFFD into the document.
  // Partials first, then the main template: the order they were always read and checked in.
  const sources = new Map([...files.slice(1), files[0]!].map((f) => [f, readResourceText(f)]));
  const specs = precompiledOn ? shippedSpecs(dir, files, sources, known) : undefined;
  const make = (f: string, i: number): HandlebarsTemplateDelegate =>
    specs
      ? env.template(specs[i]!)
      : // Compile from the checked AST: the same text, parsed once.
        env.compile(parseChecked(env, f, sources.get(f)!, known), COMPILE_OPTIONS);
  const partials: Record<string, HandlebarsTemplateDelegate> = {};
  files.forEach((f, i) => {
    if (i > 0) partials[partialName(dir, f)] = make(f, i);
  });
  // The main template after the partials: a problem in a partial is still the one reported first.
  const set: TemplateSet = { dir, main: make(files[0]!, 0), partials, files, sources, precompiled: specs !== undefined };
  cache.set(dir, { stamp, set });
  return set;
}

/**
 * What scripts/precompile-templates.mjs writes into dist/ (PRECOMPILED_MODULE):
 * each shipped template file's precompiled spec, with the hash of its text and
 * everything else its compile depended on.
 */
interface PrecompiledTemplates {
  handlebars: string;
  options: CompileOptions;
  /** The helpers the templates were checked against: each must still be known. */
  helpers: string[];
  files: { name: string; sha256: string; spec: TemplateSpecification }[];
}

/** Beside the bundles (dist/), where the build writes it and the package ships it. */
export const PRECOMPILED_MODULE = join(packageRoot, 'dist', 'compose', 'shipped-templates.cjs');

let precompiledLoaded: PrecompiledTemplates | null | undefined;

function precompiledTemplates(): PrecompiledTemplates | undefined {
  if (precompiledLoaded === undefined) {
    try {
      precompiledLoaded = createRequire(import.meta.url)(PRECOMPILED_MODULE) as PrecompiledTemplates;
    } catch {
      // Not built (tests from the sources before a build): the templates are compiled, as before the build made them.
      precompiledLoaded = null;
    }
  }
  return precompiledLoaded ?? undefined;
}

function textHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A template file's name in the folder, the same on every system: 'document.hbs', 'partials/item.hbs'. */
function fileName(dir: string, file: string): string {
  return relative(dir, file).split(sep).join('/');
}

/**
 * The precompiled specs of `files`, in their order, when they are exactly the
 * files the build precompiled (same names, same texts) and were compiled as
 * they would be now (same Handlebars, same options, helpers all still known);
 * otherwise undefined, and the templates are compiled from their text.
 */
function shippedSpecs(dir: string, files: string[], sources: Map<string, string>, known: Set<string>): TemplateSpecification[] | undefined {
  const shipped = precompiledTemplates();
  if (!shipped || shipped.handlebars !== Handlebars.VERSION || JSON.stringify(shipped.options) !== JSON.stringify(COMPILE_OPTIONS)) return undefined;
  if (!shipped.helpers.every((h) => known.has(h)) || shipped.files.length !== files.length) return undefined;
  const same = files.every((f, i) => shipped.files[i]!.name === fileName(dir, f) && shipped.files[i]!.sha256 === textHash(sources.get(f)!));
  return same ? shipped.files.map((f) => f.spec) : undefined;
}

/**
 * The source of the module PRECOMPILED_MODULE for the templates folder `dir`
 * (the build's, scripts/precompile-templates.mjs): each file read, parsed and
 * checked as loadTemplates does — a broken shipped template fails the build —
 * then precompiled with the same options.
 */
export function precompiledModule(dir: string, helperNames: string[]): string {
  const env = Handlebars.create();
  const known = new Set([...BUILTIN_HELPERS, ...helperNames]);
  const entries = templateFiles(dir).map((f) => {
    const source = readResourceText(f);
    // A copy: precompile, unlike compile, writes its defaults into the options it is given.
    const spec = env.precompile(parseChecked(env, f, source, known), { ...COMPILE_OPTIONS });
    return `    { name: ${JSON.stringify(fileName(dir, f))}, sha256: ${JSON.stringify(textHash(source))}, spec: ${spec} },`;
  });
  return [
    '// Generated by scripts/precompile-templates.mjs from templates/. Do not edit: loaded only while every file matches its hash.',
    "'use strict';",
    'module.exports = {',
    `  handlebars: ${JSON.stringify(Handlebars.VERSION)},`,
    `  options: ${JSON.stringify(COMPILE_OPTIONS)},`,
    `  helpers: ${JSON.stringify([...known].sort())},`,
    '  files: [',
    ...entries,
    '  ],',
    '};',
    '',
  ].join('\n');
}

function partialName(dir: string, file: string): string {
  return file.slice(join(dir, PARTIALS_DIR).length + 1).replace(/\.hbs$/, '');
}

export interface TemplatePosition {
  file: string;
  line: number;
  column: number;
}

/** Private-use characters around a location number: no template or data prints them (the markup parser never sees them). */
const MARK_OPEN = '\uE000';
const MARK_CLOSE = '\uE001';
const LOCATION_HELPER = '__standpointAt';

/**
 * A template's text with `{{{__standpointAt N}}}` before every mustache and at
 * the start of every line of text, N indexing `positions`. Comments and the
 * insides of mustaches are left alone; a file with raw blocks is left whole.
 */
export function withLocationMarkers(source: string, file: string, positions: TemplatePosition[]): string {
  if (source.includes('{{{{')) return source;
  let out = '';
  let line = 1;
  let lineStart = 0;
  const mark = (at: number) => {
    positions.push({ file, line, column: at - lineStart + 1 });
    out += `{{{${LOCATION_HELPER} ${positions.length - 1}}}}`;
  };
  let i = 0;
  mark(0);
  while (i < source.length) {
    if (source.startsWith('{{', i)) {
      mark(i);
      // The mustache (or comment) whole, with any newlines inside it.
      const body = source[i + 2] === '~' ? i + 3 : i + 2;
      let end: number;
      if (source.startsWith('!--', body)) {
        const close = source.indexOf('--', body + 3);
        end = close === -1 ? source.length : source.indexOf('}}', close);
      } else if (source[body] === '!') {
        end = source.indexOf('}}', body);
      } else {
        // Quote-aware: {{t "a}}b"}} is one mustache.
        let quote = '';
        for (end = body; end < source.length; end++) {
          const c = source[end]!;
          if (quote) {
            if (c === quote) quote = '';
          } else if (c === '"' || c === "'") quote = c;
          else if (source.startsWith('}}', end)) break;
        }
      }
      end = end === -1 ? source.length : Math.min(source.length, end + 2);
      while (source[end] === '}') end++;
      const whole = source.slice(i, end);
      out += whole;
      for (let k = whole.indexOf('\n'); k !== -1; k = whole.indexOf('\n', k + 1)) {
        line++;
        lineStart = i + k + 1;
      }
      i = end;
      continue;
    }
    const c = source[i]!;
    out += c;
    i++;
    if (c === '\n') {
      line++;
      lineStart = i;
      if (i < source.length) mark(i);
    }
  }
  return out;
}

export interface LocatedRun {
  /** The output with the markers removed: the markup the templates printed. */
  markup?: string;
  /** The error the instrumented run threw, if it threw. */
  error?: unknown;
  /** The template position that printed the output at a markup offset (or, after an error, the last one reached). */
  at(offset?: number): TemplatePosition | undefined;
}

/**
 * Runs the templates again with location markers, to name the template line
 * behind a problem found in their output or thrown while they ran. Only on
 * the way to an error or warning message: a normal render never pays for it.
 */
export function locateOutput(set: TemplateSet, run: (main: HandlebarsTemplateDelegate, partials: Record<string, HandlebarsTemplateDelegate>, extraHelpers: Record<string, (...args: unknown[]) => unknown>) => string): LocatedRun {
  const positions: TemplatePosition[] = [];
  const env = Handlebars.create();
  const compile = (file: string) => env.compile(withLocationMarkers(set.sources.get(file) ?? '', file, positions), COMPILE_OPTIONS);
  let main: HandlebarsTemplateDelegate;
  const partials: Record<string, HandlebarsTemplateDelegate> = {};
  try {
    for (const f of set.files.slice(1)) partials[partialName(set.dir, f)] = compile(f);
    main = compile(set.files[0]!);
  } catch {
    return { at: () => undefined };
  }
  let last: number | undefined;
  const at = (n: unknown) => {
    last = Number(n);
    return `${MARK_OPEN}${last}${MARK_CLOSE}`;
  };
  let raw: string;
  try {
    raw = run(main, partials, { [LOCATION_HELPER]: at });
  } catch (error) {
    return { error, at: () => (last === undefined ? undefined : positions[last]) };
  }
  // The markers out, remembering which was in force at each offset of what remains.
  const starts: number[] = [];
  const marks: number[] = [];
  let markup = '';
  const re = new RegExp(`${MARK_OPEN}(\\d+)${MARK_CLOSE}`, 'g');
  let from = 0;
  for (const m of raw.matchAll(re)) {
    markup += raw.slice(from, m.index);
    starts.push(markup.length);
    marks.push(Number(m[1]));
    from = m.index! + m[0].length;
  }
  markup += raw.slice(from);
  return {
    markup,
    at: (offset) => {
      if (offset === undefined) return undefined;
      // The last marker at or before the offset: the template text that was printing there.
      let lo = 0;
      let hi = starts.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (starts[mid]! <= offset) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found < 0 ? undefined : positions[marks[found]!];
    },
  };
}
