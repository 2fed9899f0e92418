/**
 * The patches of pdfmake and pdfkit (src/render/pdf/engine-patches.ts).
 * The speed patches must not change a byte: a process with only the output
 * patches and a process with all of them render the same PDFs. The patched
 * process renders several documents in a row, because some patches share
 * caches between documents (a first version of that lost "P" from the
 * ToUnicode map of a parallel document rendered after a Cyrillic one).
 * Drawing a line's words as one text object changes the bytes but must leave
 * every line's text and every line's extent on the page where pdfmake's
 * word-by-word drawing put them (pdftotext -bbox). The typesetting patches
 * (lines, page breaks, the footnote area) check that the pdfmake functions
 * they replace exist, apply once however often they are asked to, and the
 * footnote area splits a note too long for its page as Word does. Words
 * drawn one by one without pdfkit's text function (drawWordsDirectly) are
 * pdfkit's bytes also for what the 2011 response does not hold (colours,
 * opacity, subscripts, marks, links), and leave pdfkit only the headings.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OUTPUT_PATCHES, PDF_ENGINE_PATCHES, TYPESETTING_PATCHES } from '../../src/render/pdf/engine-patches.js';
import { trackLayoutRuns } from '../../src/render/pdf/layout-run.js';
import { ptSerifFaces } from '../../src/paths.js';
import { pdfWords } from '../helpers/typeset.js';

const root = join(import.meta.dirname, '..', '..');
const data = join(root, 'data', 'kz-2011-presidential');

/** Renders the specs in order in one fresh process (from dist/); returns the PDF files in order. */
function renderInProcess(specs: string[], only?: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'standpoint-patches-'));
  const script = `
    import { loadValidDocument, composeLang } from ${JSON.stringify(join(root, 'dist', 'render', 'index.js'))};
    import { buildPdfDefinition } from ${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'build.js'))};
    import { packPdf, limitPdfEnginePatches } from ${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'pack.js'))};
    import { writeFileSync } from 'node:fs';
    const only = ${JSON.stringify(only ?? null)};
    if (only) limitPdfEnginePatches(only);
    const { doc } = loadValidDocument(${JSON.stringify(data)}, ['en', 'ru', 'kk']);
    for (const [i, spec] of ${JSON.stringify(specs)}.entries()) {
      const composed = composeLang(doc, spec, { langs: [spec], formats: ['pdf'], outDir: '.' });
      writeFileSync(${JSON.stringify(dir)} + '/' + i + '.pdf', await packPdf(buildPdfDefinition(composed)));
    }
  `;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return specs.map((_, i) => join(dir, `${i}.pdf`));
}

/** Renders a hand-made pdfmake definition in a fresh process (from dist/), with some patches only, applied `times` times; returns the file or the error. */
function renderDefinition(definition: unknown, only?: readonly string[], times = 1): { file?: string; error?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'standpoint-patches-'));
  const script = `
    import { createRequire } from 'node:module';
    import { packPdf, limitPdfEnginePatches, preloadPdfEngine } from ${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'pack.js'))};
    import { patchPdfEngine } from ${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'engine-patches.js'))};
    import { writeFileSync } from 'node:fs';
    const only = ${JSON.stringify(only ?? null)};
    if (only) limitPdfEnginePatches(only);
    preloadPdfEngine();
    const require = createRequire(${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'pack.js'))});
    for (let i = 1; i < ${times}; i++) patchPdfEngine(require, only ?? undefined);
    const definition = ${JSON.stringify(definition)};
    // Dates travel as text: pdfkit wants them as dates.
    for (const k of ['creationDate', 'modDate']) if (definition.info?.[k]) definition.info[k] = new Date(definition.info[k]);
    try {
      writeFileSync(${JSON.stringify(join(dir, 'out.pdf'))}, await packPdf(definition));
    } catch (err) {
      writeFileSync(${JSON.stringify(join(dir, 'error.txt'))}, String(err.message));
    }
  `;
  execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  try {
    return { error: readFileSync(join(dir, 'error.txt'), 'utf8') };
  } catch {
    return { file: join(dir, 'out.pdf') };
  }
}

const AREA = { lanes: [{ x: 0, width: 467.28 }], rule: { length: 120, thickness: 0.5, above: 8, below: 3 }, gap: 1.5 };
const filler = (i: number) => ({ text: `Paragraph ${i} of plain text that fills the page line after line, long enough to take three lines of the page at this size and measure, so that the page fills up before the note comes.`, margin: [0, 0, 0, 5] });

/** A page of text, then a line whose note (numbered words w1 … w600) is far longer than what is left of the page. */
function longNoteDefinition(): Record<string, unknown> {
  const words = Array.from({ length: 600 }, (_, i) => `w${i + 1}`).join(' ');
  return {
    pageSize: { width: 595.28, height: 841.89 },
    pageMargins: [85, 57, 43, 57],
    defaultStyle: { font: 'PT Serif', fontSize: 11, lineHeight: 1.12, alignment: 'justify' },
    fontFiles: { 'PT Serif': ptSerifFaces() },
    pageFootNotes: true,
    // Pinned dates: pdfkit stamps the clock otherwise.
    info: { creationDate: new Date('2020-01-01T00:00:00Z'), modDate: new Date('2020-01-01T00:00:00Z') },
    content: [
      ...Array.from({ length: 14 }, (_, i) => filler(i + 1)),
      { text: ['The mark stands here', { text: '1', sup: true, footnote: { content: { text: [{ text: '1 ', sup: true }, { text: words }], fontSize: 8.5, lineHeight: 1 }, lane: 0, area: AREA } }, ' and the text goes on after it for a while.'] },
      ...Array.from({ length: 20 }, (_, i) => filler(i + 20)),
    ],
  };
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

interface Line {
  text: string;
  top: number;
  left: number;
  right: number;
}

/** Lines of each page as pdftotext finds them: words grouped by their bottom edge. */
function pageLines(pdf: string): Line[][] {
  const xml = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return xml
    .split('<page ')
    .slice(1)
    .map((page) => {
      const lines = new Map<number, Line>();
      for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)) {
        const bottom = Math.round(Number(m[4]) * 10) / 10;
        const line = lines.get(bottom) ?? { text: '', top: Number(m[2]), left: Infinity, right: -Infinity };
        line.text += m[5];
        line.left = Math.min(line.left, Number(m[1]));
        line.right = Math.max(line.right, Number(m[3]));
        lines.set(bottom, line);
      }
      return [...lines.values()];
    });
}

describe('PDF engine patches', () => {
  it('the speed patches give the same bytes, also across documents in one process', () => {
    const [plainEn] = renderInProcess(['en'], OUTPUT_PATCHES);
    const [plainPair] = renderInProcess(['kk+ru'], OUTPUT_PATCHES);
    const patched = renderInProcess(['ru', 'kk+ru', 'en', 'en']);
    expect(sha(patched[1]!)).toBe(sha(plainPair!));
    expect(sha(patched[2]!)).toBe(sha(plainEn!));
    expect(sha(patched[3]!)).toBe(sha(plainEn!));
    expect(sha(plainEn!)).not.toBe(sha(plainPair!));
  }, 400_000);

  it('drawing a line as one text object leaves every line where word-by-word drawing put it', () => {
    for (const spec of ['en', 'kk+ru']) {
      const [wordByWord] = renderInProcess([spec], TYPESETTING_PATCHES);
      const [together] = renderInProcess([spec]);
      const a = pageLines(wordByWord!);
      const b = pageLines(together!);
      expect(b.length, spec).toBe(a.length);
      let lines = 0;
      for (let p = 0; p < a.length; p++) {
        expect(b[p]!.map((l) => l.text), `${spec} page ${p + 1}`).toEqual(a[p]!.map((l) => l.text));
        for (let i = 0; i < a[p]!.length; i++) {
          lines++;
          const [x, y] = [a[p]![i]!, b[p]![i]!];
          expect(Math.abs(x.left - y.left) + Math.abs(x.right - y.right) + Math.abs(x.top - y.top), `${spec} page ${p + 1}: ${x.text}`).toBeLessThan(0.01);
        }
      }
      expect(lines).toBeGreaterThan(1000);
      expect(readFileSync(together!).length).toBeLessThan(readFileSync(wordByWord!).length);
    }
  }, 400_000);

  it('words drawn one by one without pdfkit’s text function are pdfkit’s bytes: destinations, colours, opacity, raised and lowered text, kerning, marks, links', () => {
    // What the 2011 response does not hold, beside what it does; the speed patches' bytes must equal pdfmake's own drawing.
    const definition = {
      pageSize: { width: 595.28, height: 841.89 },
      pageMargins: [85, 57, 43, 57],
      defaultStyle: { font: 'PT Serif', fontSize: 11, lineHeight: 1.12, alignment: 'justify' },
      fontFiles: { 'PT Serif': ptSerifFaces() },
      info: { creationDate: new Date('2020-01-01T00:00:00Z'), modDate: new Date('2020-01-01T00:00:00Z') },
      content: [
        { id: 'first', text: [{ text: '' }, 'AVAWAY Ty. Yo. To. — a line with a destination, whose first word is empty.'] },
        { id: 'second', text: ['Colours: ', { text: 'red', color: 'red' }, ' ', { text: 'short hex', color: '#c00' }, ' ', { text: 'long hex', color: '#336699' }, ' ', { text: 'no colour', color: 'notacolour' }, ' ', { text: 'an array', color: [10, 20, 30] }, ' ', { text: 'half', opacity: 0.5 }, ' and back.'] },
        { text: ['Raised', { text: '12', sup: true }, ' and lowered', { text: '2', sub: true }, ' text; ', { text: 'bold', bold: true }, ' ', { text: 'italic', italics: true }, ', Ё ә ғ қ ң ө ұ ү һ і.'] },
        { id: 'marks', text: 'Combining marks: e\u0301 a\u0300 o\u0308 и\u0306, and after them plain words again.' },
        { text: ['A ', { text: 'link', link: 'https://example.org' }, ', a ', { text: 'jump', linkToDestination: 'first' }, ', ', { text: 'underlined', decoration: 'underline' }, ' and ', { text: 'spaced', characterSpacing: 1 }, ' word.'] },
        { text: 'One line\nand the next, in one text.', alignment: 'left' },
      ],
    };
    const plain = renderDefinition(definition, OUTPUT_PATCHES);
    const patched = renderDefinition(definition);
    const withoutDirect = renderDefinition(definition, Object.keys(PDF_ENGINE_PATCHES).filter((p) => p !== 'drawWordsDirectly' && p !== 'encodeOncePerDocument'));
    expect(plain.error ?? patched.error ?? withoutDirect.error).toBeUndefined();
    expect(sha(patched.file!)).toBe(sha(plain.file!));
    expect(sha(withoutDirect.file!)).toBe(sha(plain.file!));
    const text = execFileSync('pdftotext', [patched.file!, '-'], { encoding: 'utf8' });
    for (const w of ['AVAWAY', 'short hex', 'Raised12', 'lowered2', 'ә ғ қ ң ө ұ ү һ і', 'underlined', 'and the next']) expect(text).toContain(w);
  }, 60_000);

  it('of the 2011 response, pdfkit’s own text drawing is left only the headings (outline entries)', () => {
    const count = (only: readonly string[] | null): number => {
      const script = `
        import { createRequire } from 'node:module';
        import { loadValidDocument, composeLang } from ${JSON.stringify(join(root, 'dist', 'render', 'index.js'))};
        import { buildPdfDefinition } from ${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'build.js'))};
        import { packPdf, limitPdfEnginePatches } from ${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'pack.js'))};
        const only = ${JSON.stringify(only)};
        if (only) limitPdfEnginePatches(only);
        const require = createRequire(${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'pack.js'))});
        const proto = require('pdfkit').prototype;
        const fragment = proto._fragment;
        let n = 0;
        proto._fragment = function (...a) { n++; return fragment.apply(this, a); };
        const { doc } = loadValidDocument(${JSON.stringify(data)}, ['en']);
        await packPdf(buildPdfDefinition(composeLang(doc, 'en', { langs: ['en'], formats: ['pdf'], outDir: '.' })));
        process.stdout.write(String(n));
      `;
      return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
    };
    const all = count(null);
    const withoutDirect = count(Object.keys(PDF_ENGINE_PATCHES).filter((p) => p !== 'drawWordsDirectly'));
    // Without it, the first lines of paragraphs with an id (about 300) and the lines with a note's mark go word by word through pdfkit.
    expect(withoutDirect).toBeGreaterThan(2000);
    // With it, the dozen headings' words (outline entries), and nothing else.
    expect(all).toBeGreaterThan(0);
    expect(all).toBeLessThan(150);
  }, 120_000);

  it('every typesetting patch checks the pdfmake functions it replaces', () => {
    // A pdfmake whose modules lack what the patches replace: each patch refuses it by name instead of breaking layouts.
    const empty = (() => ({ default: function Empty() {} })) as unknown as NodeRequire;
    for (const name of TYPESETTING_PATCHES) {
      expect(() => PDF_ENGINE_PATCHES[name](empty), name).toThrow(/pdfmake: .* is missing/);
    }
    expect(() => trackLayoutRuns(empty)).toThrow(/pdfmake: LayoutBuilder.tryLayoutDocument is missing/);
  });

  it('the footnote area applies once however often it is asked, and notes at the page foot are refused without it', () => {
    const once = renderDefinition(longNoteDefinition());
    const thrice = renderDefinition(longNoteDefinition(), undefined, 3);
    expect(once.error).toBeUndefined();
    expect(sha(thrice.file!)).toBe(sha(once.file!));
    const without = renderDefinition(longNoteDefinition(), OUTPUT_PATCHES.filter((p) => p !== 'footnoteArea'));
    expect(without.error).toMatch(/footnoteArea/);
  }, 60_000);

  it('splits a note too long for its page onto the next page’s foot, as Word does, and loses none of it', () => {
    const { file } = renderDefinition(longNoteDefinition());
    const pages = pdfWords(file!);
    const noteWords = (p: number) => pages[p]!.words.filter((w) => /^w\d+$/.test(w.text)).map((w) => Number(w.text.slice(1)));
    // Body words: not the note's words, not raised numbers (the mark, the note's number), not the page number.
    const bodyBottom = (p: number) => Math.max(...pages[p]!.words.filter((w) => !/^w\d+$/.test(w.text) && w.y1 - w.y0 > 9 && w.y1 < 784).map((w) => w.y1));
    const markPage = pages.findIndex((p) => p.words.some((w) => w.text === 'stands'));
    const here = noteWords(markPage);
    const next = noteWords(markPage + 1);
    // The note opens under its mark, at least two lines of it, and goes on at the top of the next page's area.
    expect(here[0]).toBe(1);
    expect(here.length).toBeGreaterThan(20);
    expect(next[0]).toBe(here.at(-1)! + 1);
    const all = pages.flatMap((_, p) => noteWords(p));
    expect(all).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
    for (const p of [markPage, markPage + 1]) {
      const notesTop = Math.min(...pages[p]!.words.filter((w) => /^w\d+$/.test(w.text)).map((w) => w.y0));
      expect(notesTop, `page ${p + 1}`).toBeGreaterThan(bodyBottom(p));
    }
  }, 60_000);
});

describe('PDF engine patches: what a process reuses from its earlier PDFs', () => {
  /** Renders `versions` of the 2011 response's en PDF in order in one fresh process, each an edit of critical.yaml (0: as shipped); returns the files and what was reused. */
  function renderVersions(versions: number[]): { files: string[]; reused: { streams: number; subsets: number; streamsKept: number } } {
    const dir = mkdtempSync(join(tmpdir(), 'standpoint-reuse-'));
    const copy = join(dir, 'doc');
    const script = `
      import { loadValidDocument, composeLang } from ${JSON.stringify(join(root, 'dist', 'render', 'index.js'))};
      import { buildPdfDefinition } from ${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'build.js'))};
      import { packPdf } from ${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'pack.js'))};
      import { reusedAcrossRenders } from ${JSON.stringify(join(root, 'dist', 'render', 'pdf', 'computed-once.js'))};
      import { cpSync, readFileSync, writeFileSync } from 'node:fs';
      cpSync(${JSON.stringify(data)}, ${JSON.stringify(copy)}, { recursive: true });
      const file = ${JSON.stringify(join(copy, 'critical.yaml'))};
      const original = readFileSync(file, 'utf8');
      for (const [i, v] of ${JSON.stringify(versions)}.entries()) {
        // An edit that adds letters no other text has (new glyphs in the subset), and one that only adds words.
        const text = v === 0 ? original : original.replace('The Mission does not specify', v === 1 ? 'The Mission (Žő, an edit) does not specify' : 'The Mission does not, in this edit, specify');
        if (text === original && v !== 0) throw new Error('the edit did not apply');
        writeFileSync(file, text);
        const { doc } = loadValidDocument(${JSON.stringify(copy)});
        const composed = composeLang(doc, 'en', { langs: ['en'], formats: ['pdf'], outDir: '.' });
        writeFileSync(${JSON.stringify(dir)} + '/' + i + '.pdf', await packPdf(buildPdfDefinition(composed)));
      }
      writeFileSync(${JSON.stringify(join(dir, 'reused.json'))}, JSON.stringify(reusedAcrossRenders()));
    `;
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    return { files: versions.map((_, i) => join(dir, `${i}.pdf`)), reused: JSON.parse(readFileSync(join(dir, 'reused.json'), 'utf8')) };
  }

  it('a PDF rendered after edits in the same process is byte for byte the PDF a fresh process renders', () => {
    const together = renderVersions([0, 1, 2, 0, 1]);
    const fresh = [0, 1, 2].map((v) => renderVersions([v]));
    // Each fresh process renders one PDF: it reuses nothing, so its bytes are computed in full.
    for (const f of fresh) expect(f.reused.streams + f.reused.subsets).toBe(0);
    const [f0, f1, f2] = fresh.map((f) => sha(f.files[0]!));
    expect(new Set([f0, f1, f2]).size).toBe(3);
    expect(together.files.map(sha)).toEqual([f0, f1, f2, f0, f1]);
    // And the process that rendered five did reuse: most pages and the font subsets of the renders before.
    expect(together.reused.streams).toBeGreaterThan(60);
    expect(together.reused.subsets).toBeGreaterThan(3);
  }, 300_000);
});
