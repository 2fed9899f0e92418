/**
 * Golden fixtures: test/fixtures/<case>/input is rendered to markup, the block
 * tree, the DOCX plan, the PDF definition, the HTML page's <main> and the DOCX's document.xml,
 * footnotes.xml and styles.xml, each
 * compared with test/fixtures/<case>/expected. Regenerate with UPDATE=1 and
 * review the diff.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
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

/**
 * JSON as recorded: paths inside the repository (font files) from its root, so the files read the same in every
 * checkout; image bytes and data: URLs by their size and digest, not their bytes.
 */
function portableJson(value: unknown): string {
  const digest = (b: Uint8Array) => `<${b.length} bytes, sha256 ${createHash('sha256').update(b).digest('hex').slice(0, 16)}>`;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (v instanceof Uint8Array) return digest(v);
      if (typeof v === 'string' && v.startsWith('data:image/')) return `data:image/…;${digest(Buffer.from(v.slice(v.indexOf(',') + 1), 'base64'))}`;
      return v;
    },
    1,
  );
  return `${text.split(repoRoot).join('<repo>')}\n`;
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
    golden(join(expected, 'blocks.json'), portableJson(composed));
    const plan = buildDocxPlan(composed);
    golden(join(expected, 'docx-plan.json'), portableJson(plan));
    golden(join(expected, 'pdf-definition.json'), portableJson(buildPdfDefinition(composed)));
    const dataUrls = (html: string) => html.replace(/data:image\/[a-z]+;base64,([A-Za-z0-9+/=]+)/g, (_m, b64: string) => JSON.parse(portableJson(`data:image/x,${b64}`)) as string);
    golden(join(expected, 'page.html'), `${dataUrls(prettyXml(mainHtml(buildHtmlPage(composed))))}\n`);
    const bytes = packDocx(plan);
    // Packing again in the same process gives the same bytes (docx keeps counters between documents).
    expect(Buffer.from(packDocx(buildDocxPlan(composed))).equals(Buffer.from(bytes))).toBe(true);
    const parts = unzipSync(bytes);
    golden(join(expected, 'document.xml'), prettyXml(strFromU8(parts['word/document.xml']!)));
    golden(join(expected, 'footnotes.xml'), prettyXml(strFromU8(parts['word/footnotes.xml']!)));
    // The Word styles the house style makes (fonts, sizes, spacing, colours).
    golden(join(expected, 'styles.xml'), prettyXml(strFromU8(parts['word/styles.xml']!)));
  });
});
