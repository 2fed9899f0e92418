/**
 * The PDF engine's patches (engine-patches.ts and the typesetting patches
 * beside it) replace internals of one pdfmake and one pdfkit version: the
 * exact versions package.json pins. An installed package can still meet others
 * (a user's override, or npm nesting a second pdfkit that pdfmake resolves
 * instead of ours). Checked once, on the main thread, before the first PDF:
 * another version is an environment error (exit 2) that says how to fix it,
 * never a PDF laid out by patches made for other code.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../../diag/diagnostic.js';
import { packageRoot } from '../../paths.js';

export interface EngineFound {
  pdfmake?: string;
  pdfkit?: string;
  /** The pdfkit pdfmake loads is the one the patches are applied to. */
  samePdfkit: boolean;
}

/** What is wrong with the engine found, against the pinned versions; undefined when it is the one the patches were made for. */
export function pdfEngineProblem(found: EngineFound, pinned: { pdfmake: string; pdfkit: string }): string | undefined {
  if (found.pdfmake !== pinned.pdfmake || found.pdfkit !== pinned.pdfkit) {
    return `the PDF engine installed is pdfmake ${found.pdfmake ?? 'missing'} with pdfkit ${found.pdfkit ?? 'missing'}; standpoint's layout patches are made for pdfmake ${pinned.pdfmake} with pdfkit ${pinned.pdfkit}`;
  }
  if (!found.samePdfkit) return `pdfmake ${pinned.pdfmake} loads another copy of pdfkit than the one standpoint patches`;
  return undefined;
}

function versionAt(packageJson: string): string | undefined {
  try {
    return String((JSON.parse(readFileSync(packageJson, 'utf8')) as { version?: unknown }).version);
  } catch {
    return undefined;
  }
}

let checked = false;

/** Throws a usage/environment error (exit 2) unless the installed pdfmake and pdfkit are the pinned ones. */
export function checkPdfEngine(): void {
  if (checked) return;
  const pins = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> }).dependencies ?? {};
  const pinned = { pdfmake: pins.pdfmake ?? '?', pdfkit: pins.pdfkit ?? '?' };
  // Resolved as pack.ts resolves them: from this package's own folder.
  const ours = createRequire(join(packageRoot, 'package.json'));
  const found: EngineFound = { samePdfkit: false };
  try {
    const pdfmakeMain = ours.resolve('pdfmake');
    const pdfmakeRoot = packageFolder(pdfmakeMain, 'pdfmake');
    found.pdfmake = versionAt(join(pdfmakeRoot, 'package.json'));
    const theirs = createRequire(pdfmakeMain).resolve('pdfkit');
    const mine = ours.resolve('pdfkit');
    found.pdfkit = versionAt(join(packageFolder(theirs, 'pdfkit'), 'package.json'));
    found.samePdfkit = theirs === mine;
  } catch {
    /* missing: reported below */
  }
  const problem = pdfEngineProblem(found, pinned);
  if (problem) {
    throw UserError.usage(problem, `install the versions standpoint pins (npm install pdfmake@${pinned.pdfmake} pdfkit@${pinned.pdfkit}, or reinstall standpoint without overrides), or render --format docx,html`, 'pdf-engine');
  }
  checked = true;
}

/** The folder of the package `name` that holds `file` (node_modules/<name>/…). */
function packageFolder(file: string, name: string): string {
  let dir = dirname(file);
  for (;;) {
    if (dir.endsWith(`${'/'}${name}`) || dir.endsWith(`\\${name}`)) return dir;
    const up = dirname(dir);
    if (up === dir) return dirname(file);
    dir = up;
  }
}
