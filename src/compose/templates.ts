/**
 * Loads and compiles the Handlebars templates of a templates folder
 * (document.hbs and partials/*.hbs), once per process and again only when a
 * file changes. Owns template errors: they are reported with the template's
 * file and line. Never compiles text that came from the data.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { UserError } from '../diag/diagnostic.js';
import { readResourceText } from './i18n.js';

export const MAIN_TEMPLATE = 'document.hbs';
export const PARTIALS_DIR = 'partials';

export interface TemplateSet {
  dir: string;
  main: HandlebarsTemplateDelegate;
  partials: Record<string, HandlebarsTemplateDelegate>;
  /** Helper names each file calls, to report unknown helpers before rendering. */
  files: string[];
}

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

function compileFile(env: typeof Handlebars, file: string, knownHelpers: Set<string>): HandlebarsTemplateDelegate {
  // A regular file of bounded size, strict UTF-8: a Latin-1 template would print U+FFFD into the document.
  const source = readResourceText(file);
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
  // Compile from the checked AST: the same text, parsed once.
  return env.compile(ast, { strict: false, noEscape: false, knownHelpersOnly: false });
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
  const hit = cache.get(dir);
  if (hit && hit.stamp === stamp) return hit.set;
  const env = Handlebars.create();
  const known = new Set([...BUILTIN_HELPERS, ...helperNames]);
  const partials: Record<string, HandlebarsTemplateDelegate> = {};
  for (const f of files.slice(1)) {
    const name = f.slice(join(dir, PARTIALS_DIR).length + 1).replace(/\.hbs$/, '');
    partials[name] = compileFile(env, f, known);
  }
  const set: TemplateSet = { dir, main: compileFile(env, files[0]!, known), partials, files };
  cache.set(dir, { stamp, set });
  return set;
}
