/**
 * Golden fixtures: test/fixtures/<case>/input is rendered to markup, the block
 * tree, the DOCX plan, the PDF definition, the HTML page's <main> and the DOCX's document.xml, each
 * compared with test/fixtures/<case>/expected. Regenerate with UPDATE=1 and
 * review the diff.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { readDocument } from '../../src/read/document.js';
import { validateDocument } from '../../src/validate/index.js';
import { composeDocument } from '../../src/compose/index.js';
import { buildDocxPlan } from '../../src/render/docx/build.js';
import { packDocx } from '../../src/render/docx/pack.js';
import { buildPdfDefinition } from '../../src/render/pdf/build.js';
import { buildHtmlPage } from '../../src/render/html/build.js';
import { mainHtml } from '../../src/render/html/pack.js';
import { repoRoot } from '../helpers/tools.js';

const fixtures = join(repoRoot, 'test', 'fixtures');
const cases = readdirSync(fixtures).filter((d) => existsSync(join(fixtures, d, 'input', 'document.yaml')));

function golden(file: string, actual: string): void {
  if (process.env.UPDATE === '1') {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  expect(existsSync(file), `${file} is missing: run UPDATE=1 npm test and review it`).toBe(true);
  expect(actual).toBe(readFileSync(file, 'utf8'));
}

/** One element per line, so a diff of the golden file reads like a diff of the document. */
function prettyXml(xml: string): string {
  return xml.replace(/></g, '>\n<');
}

describe.each(cases)('golden case %s', (name) => {
  const input = join(fixtures, name, 'input');
  const expected = join(fixtures, name, 'expected');

  it('validates, composes and builds exactly as recorded', () => {
    const read = readDocument(input);
    expect(read.diagnostics.items).toEqual([]);
    expect(validateDocument(read.doc!).items).toEqual([]);
    const { composed, markup } = composeDocument(read.doc!, { lang: 'en', templatesDir: join(repoRoot, 'templates'), localesDir: join(repoRoot, 'locales') });
    golden(join(expected, 'markup.xml'), markup);
    golden(join(expected, 'blocks.json'), `${JSON.stringify(composed, null, 1)}\n`);
    const plan = buildDocxPlan(composed);
    golden(join(expected, 'docx-plan.json'), `${JSON.stringify(plan, null, 1)}\n`);
    golden(join(expected, 'pdf-definition.json'), `${JSON.stringify(buildPdfDefinition(composed), null, 1)}\n`);
    golden(join(expected, 'page.html'), `${prettyXml(mainHtml(buildHtmlPage(composed)))}\n`);
    const bytes = packDocx(plan);
    // Packing again in the same process gives the same bytes (docx keeps counters between documents).
    expect(Buffer.from(packDocx(buildDocxPlan(composed))).equals(Buffer.from(bytes))).toBe(true);
    const parts = unzipSync(bytes);
    golden(join(expected, 'document.xml'), prettyXml(strFromU8(parts['word/document.xml']!)));
    golden(join(expected, 'footnotes.xml'), prettyXml(strFromU8(parts['word/footnotes.xml']!)));
  });
});
