/**
 * The shipped templates precompiled by the build (src/compose/templates.ts,
 * scripts/precompile-templates.mjs): they print the same markup as the same
 * templates compiled from their text, for every language of both documents in
 * data/; they are taken only while the folder holds exactly the shipped files
 * (one changed byte, one file more, and the folder is compiled from its
 * text); template errors still name their template line. Needs `npm run
 * build` (the precompiled module is in dist/).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readDocument } from '../../src/read/document.js';
import { HELPER_NAMES, composeDocument } from '../../src/compose/index.js';
import { PRECOMPILED_MODULE, loadTemplates } from '../../src/compose/templates.js';
import { composeLang } from '../../src/render/index.js';
import { UserError } from '../../src/diag/diagnostic.js';
import { SPEED_OFF_VARIABLE } from '../../src/render/techniques.js';
import { composeMarkup, loadDocument } from '../../src/api.js';
import { repoRoot, tempDir } from '../helpers/tools.js';

const shipped = join(repoRoot, 'templates');
const locales = join(repoRoot, 'locales');
const documents = ['kz-2011-presidential', 'kz-2019-presidential'];

function withPrecompiled<T>(on: boolean, f: () => T): T {
  const before = process.env[SPEED_OFF_VARIABLE];
  process.env[SPEED_OFF_VARIABLE] = on ? '' : 'precompiledTemplates';
  try {
    return f();
  } finally {
    if (before === undefined) delete process.env[SPEED_OFF_VARIABLE];
    else process.env[SPEED_OFF_VARIABLE] = before;
  }
}

function copyOfShipped(): string {
  const dir = join(tempDir('tpl-'), 'templates');
  cpSync(shipped, dir, { recursive: true });
  return dir;
}

/** A file's text changed, with a new modification time (as an editor saving it would leave). */
function edit(file: string, change: (text: string) => string, when = Date.now() / 1000 + 5): void {
  writeFileSync(file, change(readFileSync(file, 'utf8')));
  utimesSync(file, when, when);
}

afterEach(() => {
  // Leave no switch behind for the other tests of this worker.
  withPrecompiled(true, () => loadTemplates(shipped, HELPER_NAMES));
});

describe('precompiled templates', () => {
  it('are in the build, and the shipped folder loads from them', () => {
    expect(readFileSync(PRECOMPILED_MODULE, 'utf8')).toContain('"partials/item.hbs"');
    expect(withPrecompiled(true, () => loadTemplates(shipped, HELPER_NAMES)).precompiled).toBe(true);
    expect(withPrecompiled(false, () => loadTemplates(shipped, HELPER_NAMES)).precompiled).toBe(false);
  });

  for (const name of documents) {
    const doc = readDocument(join(repoRoot, 'data', name)).doc!;
    const langs = [doc.lang, ...doc.translations.keys()].sort();
    it(`print the markup of the templates compiled from their text: ${name}, ${langs.join(', ')} and the stats annex`, () => {
      expect(langs).toEqual(['en', 'kk', 'ru']);
      for (const lang of langs) {
        for (const annex of [undefined, ['stats']]) {
          const options = { lang, templatesDir: shipped, localesDir: locales, ...(annex ? { annex } : {}) };
          const precompiled = withPrecompiled(true, () => composeDocument(doc, options));
          const compiled = withPrecompiled(false, () => composeDocument(doc, options));
          expect(precompiled.markup.length).toBeGreaterThan(5_000);
          expect(precompiled.markup).toBe(compiled.markup);
          expect(precompiled.warnings).toEqual(compiled.warnings);
        }
      }
    });

    it(`compose the same parallel kk+ru document: ${name}`, () => {
      const options = { langs: ['kk+ru'], formats: ['docx' as const], outDir: tempDir(), templatesDir: shipped, localesDir: locales };
      const precompiled = withPrecompiled(true, () => composeLang(doc, 'kk+ru', options));
      const compiled = withPrecompiled(false, () => composeLang(doc, 'kk+ru', options));
      expect(JSON.stringify(precompiled)).toBe(JSON.stringify(compiled));
    });
  }

  it('give the library the same markup for a document held in memory', () => {
    const dir = join(repoRoot, 'data', documents[0]!);
    const files: Record<string, string> = {};
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) if (f.endsWith('.yaml')) files[f.split('\\').join('/')] = readFileSync(join(dir, f), 'utf8');
    const doc = loadDocument({ files });
    for (const lang of ['en', 'ru', 'kk']) {
      expect(withPrecompiled(true, () => composeMarkup(doc, lang))).toBe(withPrecompiled(false, () => composeMarkup(doc, lang)));
    }
    expect(loadTemplates(shipped, HELPER_NAMES).precompiled).toBe(true);
  });

  it('are taken for a byte-for-byte copy of the shipped folder, and not once one byte changes, until it is changed back', () => {
    const doc = readDocument(join(repoRoot, 'data', documents[0]!)).doc!;
    const dir = copyOfShipped();
    const compose = () => composeDocument(doc, { lang: 'en', templatesDir: dir, localesDir: locales }).markup;
    expect(loadTemplates(dir, HELPER_NAMES).precompiled).toBe(true);
    const before = compose();
    const item = join(dir, 'partials', 'item.hbs');
    const original = readFileSync(item, 'utf8');
    // One byte: the full stop that ends a verdict.
    expect(original).toContain('{{/if}}.</p>{{/if}}');
    edit(item, (t) => t.replace('{{/if}}.</p>{{/if}}', '{{/if}}!</p>{{/if}}'));
    expect(loadTemplates(dir, HELPER_NAMES).precompiled).toBe(false);
    const after = compose();
    expect(after).toContain('The critical observation is not accepted!</p>');
    expect(after.replaceAll('!</p>', '.</p>')).toBe(before);
    // As a watch sees it: saved back, the folder is the shipped one again.
    edit(item, () => original, Date.now() / 1000 + 10);
    expect(loadTemplates(dir, HELPER_NAMES).precompiled).toBe(true);
    expect(compose()).toBe(before);
  });

  it('are not taken when the folder has a file more or one less', () => {
    const more = copyOfShipped();
    writeFileSync(join(more, 'partials', 'extra.hbs'), '');
    expect(loadTemplates(more, HELPER_NAMES).precompiled).toBe(false);
    const fewer = copyOfShipped();
    rmSync(join(fewer, 'partials', 'signature.hbs'));
    expect(loadTemplates(fewer, HELPER_NAMES).precompiled).toBe(false);
  });

  it('still name the template line of a failure while they run, as the compiled ones do', () => {
    const doc = readDocument(join(repoRoot, 'data', documents[0]!)).doc!;
    const loc = join(tempDir('loc-'), 'locales');
    cpSync(locales, loc, { recursive: true });
    // A locale set without the key the main template asks for in all three languages: only running the templates finds it.
    for (const lang of ['en', 'ru', 'kk']) {
      const file = join(loc, lang, 'standpoint.json');
      const json = JSON.parse(readFileSync(file, 'utf8')) as { closing: Record<string, unknown> };
      delete json.closing.label;
      writeFileSync(file, JSON.stringify(json, null, 2));
    }
    const failure = (on: boolean) =>
      withPrecompiled(on, () => {
        expect(loadTemplates(shipped, HELPER_NAMES).precompiled).toBe(on);
        try {
          composeDocument(doc, { lang: 'en', templatesDir: shipped, localesDir: loc });
        } catch (err) {
          expect(err).toBeInstanceOf(UserError);
          return (err as UserError).diagnostics;
        }
        throw new Error('no failure');
      });
    const precompiled = failure(true);
    expect(precompiled.map((d) => [d.pos?.file, d.pos?.line, d.rule])).toEqual([[join(shipped, 'document.hbs'), 21, 'locale-key-missing']]);
    expect(precompiled).toEqual(failure(false));
  });
});
