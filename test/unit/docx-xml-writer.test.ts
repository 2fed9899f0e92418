/**
 * The one-pass XML writer of DOCX parts (src/render/docx/xml-writer.ts)
 * against docx's own serialiser, taken from the docx package as installed
 * (its stringifyXmlable and the helpers before it, which docx does not
 * export): the same text for every object tree fast-check makes — names and
 * nameless elements, attributes inside and beside arrays, text that replaces
 * the item before it, CDATA, numbers, booleans, undefined, characters to
 * escape and control characters to drop. And the way compileDocx hands the
 * written text to docx's serialiser (`written`) comes out of it unchanged,
 * after the declaration it adds.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { writeXmlable } from '../../src/render/docx/xml-writer.js';
import { written } from '../../src/render/docx/engine-patches.js';

type Stringify = (input: unknown, options?: { indent?: string; declaration?: { standalone?: string; encoding?: string } }) => string;

/** docx's serialiser from its ES module file: the section of its source from stringify.ts up to the next function it does not need. */
function docxStringify(): Stringify {
  const file = join(dirname(createRequire(import.meta.url).resolve('docx')), 'index.mjs');
  const source = readFileSync(file, 'utf8');
  const start = source.indexOf('// src/util/xml/stringify.ts');
  const end = source.indexOf('var stringifyAttributes =', start);
  if (start < 0 || end < 0) throw new Error(`${file}: docx's serialiser is not where docx 9.15 has it; re-check xml-writer.ts against this docx`);
  return new Function(`${source.slice(start, end)}\nreturn stringifyXmlable;`)() as Stringify;
}

const stringify = docxStringify();

// Text with what escaping must get right: markup characters, quotes, controls (dropped or kept), letters beyond ASCII.
const text = fc.string({ unit: fc.constantFrom('a', 'Ә', 'ң', ' ', '&', '<', '>', '"', "'", '\t', '\n', '\r', '\x00', '\x01', '\x0b', '\x1f', ']]>', '{x}'), maxLength: 8 });
const scalar = fc.oneof(text, fc.integer({ min: -5, max: 5 }), fc.boolean(), fc.constant(undefined), fc.double({ noNaN: false }));
const name = fc.constantFrom('w:p', 'w:r', 'w:t', 'x', '');
const attrs = fc.dictionary(fc.constantFrom('w:val', 'w:id', 'xml:space', 'r:id', 'a'), scalar, { maxKeys: 3 });

const { tree } = fc.letrec<{ tree: object; value: unknown; item: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ n: name, v: tie('value') }).map(({ n, v }) => ({ [n]: v })),
    fc.constant({}),
  ),
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.constant({}),
    attrs.map((a) => ({ _attr: a })),
    fc.record({ _attr: attrs, _cdata: text }, { requiredKeys: [] }),
    fc.array(tie('item'), { maxLength: 5 }),
  ),
  item: fc.oneof({ depthSize: 'small' }, tie('tree'), attrs.map((a) => ({ _attr: a })), scalar),
}));

describe('the DOCX XML writer', () => {
  it('writes every object tree as docx’s own serialiser does', () => {
    fc.assert(
      fc.property(tree, (t) => {
        expect(writeXmlable(t)).toBe(stringify(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('writes the cases that matter by hand the same way', () => {
    const cases: object[] = [
      { 'w:b': {} },
      { 'w:b': { _attr: { 'w:val': false } } },
      { 'w:t': [{ _attr: { 'xml:space': 'preserve' } }, 'a & <b>'] },
      { 'w:r': [{ 'w:rPr': [{ 'w:i': {} }] }, { 'w:t': ['x'] }] },
      // Text replaces the item before it; an array of attributes only has an open and a close tag.
      { 'w:p': [{ 'w:r': {} }, 'a', 'b'] },
      { 'w:p': [{ _attr: { a: 1 } }] },
      { '': [{ _attr: { a: 1 } }, { x: {} }] },
      { x: { _cdata: 'a]]>b' } },
      { x: undefined },
      { x: 0 },
    ];
    for (const c of cases) expect(writeXmlable(c), JSON.stringify(c)).toBe(stringify(c));
  });

  it('hands docx’s serialiser text it writes unchanged after its declaration', () => {
    const xml = '<w:document a="&amp;">x &lt; y</w:document>';
    expect(stringify({ '': written(xml) }, { declaration: { standalone: 'yes', encoding: 'UTF-8' } })).toBe(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${xml}`);
    expect(stringify({ '': written(xml) }, { declaration: { encoding: 'UTF-8' } })).toBe(`<?xml version="1.0" encoding="UTF-8"?>${xml}`);
  });
});
