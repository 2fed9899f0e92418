/**
 * The 2011 response typeset for publication, checked on the real outputs with
 * pdftotext (-bbox per page) and LibreOffice: footnotes at the foot of the
 * page that cites them, no page ending with a heading, a lead-in or an item's
 * opening line, no single-line widow or orphan, justified lines without wide
 * gaps, references never broken, hyphenated words that copy back whole, and a
 * parallel DOCX that LibreOffice paginates like the PDF.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { dataDoc, docxFootnotes, pdfToText, runCli, sofficeConvert, tempDir, unzipText } from '../helpers/tools.js';
import { bodyLines, footnotePages, justifiedGaps, pdfWords, placeLines, sourceBlocks, squeeze, type PageWords, type PlacedLine, type SourceBlock } from '../helpers/typeset.js';
import { composeLang, loadValidDocument } from '../../src/render/index.js';

const SPECS = ['en', 'ru', 'kk', 'kk+ru'] as const;
type Spec = (typeof SPECS)[number];
let out: string;
const pdf = (spec: Spec) => join(out, `kz-2011-presidential.${spec}.pdf`);
const docx = (spec: Spec) => join(out, `kz-2011-presidential.${spec}.docx`);
const pages = new Map<Spec, PageWords[]>();
const blocks = new Map<Spec, SourceBlock[][]>();
const columnsOf = (spec: Spec) => (spec.includes('+') ? 2 : 1);

beforeAll(() => {
  out = tempDir('typeset-');
  const r = runCli(['render', dataDoc, '--lang', SPECS.join(','), '--format', 'pdf,docx', '--out', out]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const { doc } = loadValidDocument(dataDoc, ['en', 'ru', 'kk']);
  for (const spec of SPECS) {
    pages.set(spec, pdfWords(pdf(spec)));
    blocks.set(spec, sourceBlocks(composeLang(doc, spec, { langs: [spec], formats: ['pdf'], outDir: out })));
  }
}, 300_000);

/** Body lines of each column, pages in order, each assigned to its source block. */
function placed(spec: Spec): PlacedLine[][] {
  const ps = pages.get(spec)!;
  const cols = columnsOf(spec);
  return blocks.get(spec)!.map((source, c) => {
    const lines = ps.flatMap((page, p) => bodyLines(page, cols as 1 | 2)[c]!.map((line) => ({ page: p, line })));
    return placeLines(lines, source);
  });
}

describe.each(SPECS)('%s PDF', (spec) => {
  it('prints every footnote at the foot of its mark’s page, below all body text, numbered as the DOCX', () => {
    const notesPages = footnotePages(pages.get(spec)!);
    const docxNotes = [...docxFootnotes(unzipText(docx(spec))).entries()].filter(([id]) => Number(id) > 0).map(([, t]) => t);
    const expected = spec.includes('+') ? 36 : 18;
    expect(docxNotes.length).toBe(expected);
    const markPage = new Map<number, { page: number; x: number }>();
    const notePage = new Map<number, { page: number; x: number; firstWords: string }>();
    notesPages.forEach((np, page) => {
      for (const m of np.marks) if (!markPage.has(m.n)) markPage.set(m.n, { page, x: m.x });
      for (const n of np.notes) if (!notePage.has(n.n)) notePage.set(n.n, { page, x: n.x, firstWords: n.firstWords });
      if (np.notesTop !== undefined && np.bodyBottom !== undefined) expect(np.notesTop, `page ${page + 1}: notes below the body`).toBeGreaterThan(np.bodyBottom);
    });
    const misplaced: string[] = [];
    for (let n = 1; n <= expected; n++) {
      const mark = markPage.get(n);
      const note = notePage.get(n);
      if (!mark || !note) misplaced.push(`${n}: mark ${mark ? `p${mark.page + 1}` : 'missing'}, note ${note ? `p${note.page + 1}` : 'missing'}`);
      else if (mark.page !== note.page) misplaced.push(`${n}: mark on page ${mark.page + 1}, note on page ${note.page + 1}`);
      // In a parallel text each note stands under the column of its mark.
      else if (spec.includes('+') && mark.x < 318 !== note.x < 318) misplaced.push(`${n}: note under the other column`);
      else {
        const first = squeeze(note.firstWords).replace(/-$/, '');
        if (!squeeze(docxNotes[n - 1]!).startsWith(first)) misplaced.push(`${n}: PDF note “${note.firstWords}”, DOCX note ${n} “${docxNotes[n - 1]!.slice(0, 40)}”`);
      }
    }
    console.log(`${spec}: ${expected - misplaced.length} of ${expected} notes on their mark’s page`);
    expect(misplaced).toEqual([]);
  });

  it('ends no page with a heading, a lead-in or an item’s opening line, and leaves no single line of a paragraph on either side of a break', () => {
    const source = blocks.get(spec)!;
    const faults: string[] = [];
    let breaks = 0;
    let matched = 0;
    let total = 0;
    placed(spec).forEach((lines, c) => {
      total += lines.length;
      matched += lines.filter((l) => l.block >= 0).length;
      const last = pages.get(spec)!.length - 1;
      for (let i = 0; i + 1 < lines.length; i++) {
        const a = lines[i]!;
        const b = lines[i + 1]!;
        if (a.page === b.page || a.block < 0) continue;
        breaks++;
        const kind = source[c]![a.block]!.kind;
        const on = (page: number, block: number) => lines.filter((l) => l.page === page && l.block === block).length;
        if (a.last && kind !== 'text' && a.page < last) faults.push(`page ${a.page + 1}${c ? ' (right)' : ''} ends with a ${kind}: “${a.line.text}”`);
        if (!a.last && b.block === a.block) {
          if (on(a.page, a.block) < 2) faults.push(`page ${a.page + 1}${c ? ' (right)' : ''}: an orphan, “${a.line.text}”`);
          if (on(b.page, b.block) < 2) faults.push(`page ${b.page + 1}${c ? ' (right)' : ''}: a widow, “${b.line.text}”`);
        }
      }
    });
    console.log(`${spec}: ${breaks} page breaks checked, ${matched} of ${total} body lines traced to their paragraph`);
    // The check sees the text: nearly every line is traced back to the paragraph it belongs to.
    expect(matched / total).toBeGreaterThan(0.95);
    expect(faults).toEqual([]);
  });

  it('keeps word gaps of justified lines at most 0.55 of the line height (95th percentile), with few lines left ragged', () => {
    const g = justifiedGaps(pdf(spec));
    console.log(`${spec}: gap/line height p50 ${g.p50.toFixed(3)}, p95 ${g.p95.toFixed(3)} over ${g.justified} justified lines; ${g.ragged} of ${g.inner} lines inside paragraphs left ragged`);
    expect(g.p95).toBeLessThanOrEqual(0.55);
    // Narrow parallel columns leave some lines slightly ragged rather than gapped; full-width text almost none.
    expect(g.ragged / g.inner).toBeLessThan(spec.includes('+') ? 0.3 : 0.03);
  });

  it('never breaks a “(section N, page M)” reference across lines', () => {
    const opening = /\((?:sections?|раздел|[\d.]+[-‑]бөлім)/gu;
    const broken: string[] = [];
    let refs = 0;
    for (const page of pages.get(spec)!) {
      for (const col of bodyLines(page, columnsOf(spec) as 1 | 2)) {
        for (const line of col) {
          for (const m of line.text.matchAll(opening)) {
            refs++;
            if (line.text.indexOf(')', m.index) < 0) broken.push(line.text);
          }
        }
      }
    }
    expect(refs).toBeGreaterThan(spec.includes('+') ? 80 : 40);
    expect(broken).toEqual([]);
  });

  it('hyphenates, and a hyphenated word comes back whole from pdftotext and copy-paste', () => {
    const joined: string[] = [];
    const source = blocks.get(spec)!;
    for (const lines of placed(spec)) {
      for (let i = 0; i + 1 < lines.length; i++) {
        const a = lines[i]!;
        const b = lines[i + 1]!;
        const last = a.line.words.at(-1)!.text;
        if (a.block < 0 || b.block !== a.block || a.page !== b.page || !/\p{L}-$/u.test(last)) continue;
        const whole = last.slice(0, -1) + b.line.words[0]!.text;
        // Only soft hyphens: the source has the word without the hyphen.
        if (source.some((col) => col[a.block]?.text.includes(squeeze(whole).replace(/[^\p{L}]/gu, '')))) joined.push(whole.replace(/[^\p{L}]+$/u, '').replace(/^[^\p{L}]+/u, ''));
      }
    }
    expect(joined.length).toBeGreaterThan(50);
    // pdftotext's text (what a reader copies) has each of them as one word, never "elec- tion".
    const text = pdfToText(pdf(spec)).replace(/\s+/g, ' ');
    const lost = joined.filter((w) => !text.includes(w));
    console.log(`${spec}: ${joined.length} hyphenated line ends, ${joined.length - lost.length} come back whole`);
    expect(lost).toEqual([]);
  });
});

describe('parallel kk+ru', () => {
  it('numbers pages in both languages and names the column languages on the first page', () => {
    const first = pdfToText(pdf('kk+ru'), ['-f', '1', '-l', '1']);
    expect(first).toContain('Қазақша');
    expect(first).toContain('Русский');
    const text = pdfToText(pdf('kk+ru'));
    // "Page N of M" in each language, side by side: "71 беттің 1-беті / Страница 1 из 71".
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf('kk+ru')], { encoding: 'utf8' }))![1]);
    expect(text).toContain(`${pages} беттің 1-беті / Страница 1 из ${pages}`);
    expect(text).toContain(`${pages} беттің 12-беті / Страница 12 из ${pages}`);
    const docxText = unzipText(docx('kk+ru')).get('word/footer1.xml') ?? [...unzipText(docx('kk+ru')).entries()].find(([k]) => k.startsWith('word/footer'))![1];
    expect(docxText).toMatch(/-бет.*\/.*Страница/);
  });

  it('the DOCX paginates in LibreOffice within 1.25 × the PDF’s pages, no page less than half full except before a section', () => {
    const dir = tempDir('lo-pair-');
    const converted = sofficeConvert(docx('kk+ru'), 'pdf', dir);
    const info = (f: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [f], { encoding: 'utf8' }))![1]);
    const loPages = info(converted);
    const pdfPages = info(pdf('kk+ru'));
    const words = pdfWords(converted);
    const headings = new Set(blocks.get('kk+ru')![0]!.filter((b) => b.kind === 'heading').map((b) => b.text));
    const thin: number[] = [];
    words.forEach((page, p) => {
      if (p === words.length - 1) return;
      const body = page.words.filter((w) => w.y1 < page.height - 60);
      const bottom = Math.max(0, ...body.map((w) => w.y1));
      const next = words[p + 1]!.words.filter((w) => w.y1 < words[p + 1]!.height - 60).sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
      const before = next.length > 0 && [...headings].some((h) => h.startsWith(squeeze(next.slice(0, 3).map((w) => w.text).join(''))));
      if (bottom < page.height / 2 && !before) thin.push(p + 1);
    });
    console.log(`kk+ru: LibreOffice ${loPages} pages, PDF ${pdfPages} (×${(loPages / pdfPages).toFixed(2)}); pages less than half full: ${thin.join(', ') || 'none'}`);
    expect(loPages).toBeLessThanOrEqual(1.25 * pdfPages);
    expect(thin).toEqual([]);
  }, 240_000);
});
