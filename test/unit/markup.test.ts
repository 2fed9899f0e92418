import { describe, expect, it } from 'vitest';
import { MarkupError, decodeEntities, parseMarkup } from '../../src/compose/markup.js';

describe('markup -> block tree', () => {
  it('resolves italics, upright references, bold lead-ins and footnotes', () => {
    const nodes = parseMarkup(`
      <item id="co-1">
      <p style="finding" id="co-1.q1"><num>1.</num> <q>Needed <i>reforms</i></q> <ref>(section 1, page 1).</ref></p>
      <p style="standpoint" id="co-1.s1"><lead>The CEC standpoint.</lead> Text<fn id="n1">A note</fn> &amp; more.</p>
      </item>`);
    expect(nodes).toEqual([
      {
        kind: 'item',
        id: 'co-1',
        children: [
          {
            kind: 'paragraph',
            style: 'finding',
            id: 'co-1.q1',
            runs: [
              { kind: 'text', text: '1.', italic: false, bold: false, style: 'number' },
              { kind: 'text', text: ' ', italic: false, bold: false },
              { kind: 'text', text: 'Needed ', italic: true, bold: false, style: 'quote' },
              { kind: 'text', text: 'reforms', italic: false, bold: false, style: 'emphasis', inQuote: true },
              { kind: 'text', text: ' ', italic: false, bold: false },
              { kind: 'text', text: '(section 1, page 1).', italic: false, bold: false, style: 'ref' },
            ],
          },
          {
            kind: 'paragraph',
            style: 'standpoint',
            id: 'co-1.s1',
            runs: [
              { kind: 'text', text: 'The CEC standpoint.', italic: false, bold: true, style: 'lead' },
              { kind: 'text', text: ' Text', italic: false, bold: false },
              { kind: 'footnote', id: 'n1', runs: [{ kind: 'text', text: 'A note', italic: false, bold: false }] },
              { kind: 'text', text: ' & more.', italic: false, bold: false },
            ],
          },
        ],
      },
    ]);
  });

  it('never sets a space before a comma, stop or closing parenthesis, also where two units meet', () => {
    const [p] = parseMarkup('<p style="commitment" id="x">the Document (hereinafter – Copenhagen Document) <span id="x.purpose">, concerning it</span> .</p>');
    const text = (p as { runs: { text: string }[] }).runs.map((r) => r.text).join('');
    expect(text).toBe('the Document (hereinafter – Copenhagen Document), concerning it.');
    // Only markup spaces go: a no-break space stays where the typography put it.
    const [q] = parseMarkup('<p style="body" id="y">a , b ; c ) d\u00A0, e</p>');
    expect((q as { runs: { text: string }[] }).runs.map((r) => r.text).join('')).toBe('a, b; c) d\u00A0, e');
  });

  it('keeps the unit, state and source language of draft text on its runs', () => {
    const [p] = parseMarkup('<p id="a"><draft unit="co-1.s1" state="stale" lang="en">Old <b>text</b></draft> new<fn id="n"><draft unit="n" state="missing" lang="en">note</draft></fn></p>');
    expect(p).toMatchObject({
      runs: [
        { text: 'Old ', draft: true, draftUnit: { id: 'co-1.s1', state: 'stale', lang: 'en' } },
        { text: 'text', bold: true, draft: true, draftUnit: { id: 'co-1.s1', state: 'stale', lang: 'en' } },
        { text: ' new' },
        { kind: 'footnote', runs: [{ text: 'note', draft: true, draftUnit: { id: 'n', state: 'missing' } }] },
      ],
    });
    expect((p as { runs: { draft?: boolean }[] }).runs[2]!.draft).toBeUndefined();
  });

  it('decodes exactly the escapes Handlebars writes', () => {
    expect(decodeEntities('&amp;&lt;&gt;&quot;&#x27;&#x60;&#x3D;&#1179;')).toBe('&<>"\'`=қ');
  });

  it('builds tables with a header row and lists with their marker', () => {
    const [table, list] = parseMarkup('<table widths="1,3"><tr header="true"><td>No.</td><td>Party</td></tr><tr><td>1</td><td>Nur Otan</td></tr></table><list marker="a)"><li id="x">one</li></list>');
    expect(table).toMatchObject({ kind: 'table', widths: [1, 3], header: [{ runs: [{ text: 'No.' }] }, { runs: [{ text: 'Party' }] }], rows: [[{ runs: [{ text: '1' }] }, { runs: [{ text: 'Nur Otan' }] }]] });
    expect(list).toMatchObject({ kind: 'list', marker: 'a)', items: [{ id: 'x', runs: [{ text: 'one' }] }] });
  });

  it('reports template mistakes with the output line', () => {
    expect(() => parseMarkup('<p>\n<p>x</p>')).toThrow(MarkupError);
    expect(() => parseMarkup('<p>a</q>')).toThrow(/closes <p>/);
    expect(() => parseMarkup('<p style="fancy">a</p>')).toThrow(/unknown paragraph style/);
    expect(() => parseMarkup('<blink>a</blink>')).toThrow(/not a block element/);
    expect(() => parseMarkup('<p>a < b</p>')).toThrow(/starts no markup element/);
  });
});
