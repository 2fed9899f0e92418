/**
 * The import corpus (test/fixtures/import-corpus/, made by make.mjs with real
 * producers: the docx library with Word's defaults and automatic numbering,
 * pandoc, LibreOffice from HTML and from text; text with one paragraph per
 * line, re-wrapped, reworded verdicts; the 2011 response in Russian and
 * Kazakh; short Russian and Kazakh responses): every input imports with the
 * right items and verdicts per kind, each verdict on its item, validates, and
 * the English ones render back to ≥ 97 % of the seed's words. Problems are
 * reported at their line (text) or paragraph (DOCX); the report ends with the
 * counts per kind and the verdict table. A source in which no item is
 * recognised (paragraphs joined by a converter, a letter) says so, and why. The committed inputs are what
 * make.mjs makes (regenerated only with UPDATE=1).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parse } from 'yaml';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { dataDoc, docxText, repoRoot, requireTool, runCli, tempDir } from '../helpers/tools.js';
import { wordRecall } from '../helpers/recall.js';

const corpus = join(repoRoot, 'test', 'fixtures', 'import-corpus');
const seed = readFileSync(join(repoRoot, 'test', 'fixtures', 'kz-2011-seed.txt'), 'utf8');

type Obj = Record<string, unknown>;

/** item id -> verdict code (or "commitments" for a positive assessment that names them) of a document folder. */
function verdictsOf(dir: string): Map<string, string> {
  const doc = parse(readFileSync(join(dir, 'document.yaml'), 'utf8')) as Obj;
  const out = new Map<string, string>();
  const walk = (o: Obj) => {
    for (const it of (o.items as Obj[] | undefined) ?? []) {
      for (const x of [it, ...((it.subitems as Obj[] | undefined) ?? [])]) {
        if (x.verdict) out.set(String(x.id), String(x.verdict));
        else if (x.commitments) out.set(String(x.id), 'commitments');
        else if (!(x.subitems as Obj[] | undefined)?.length) out.set(String(x.id), '(none)');
      }
    }
    for (const g of (o.groups as Obj[] | undefined) ?? []) walk(g);
  };
  for (const part of doc.parts as string[]) walk(parse(readFileSync(join(dir, part), 'utf8')) as Obj);
  return out;
}

const expected2011 = verdictsOf(dataDoc);

function importOk(file: string, extra: string[] = []): { dir: string; stdout: string; stderr: string } {
  const dir = join(tempDir('corpus-'), 'doc');
  const r = runCli(['import', join(corpus, file), '-o', dir, ...extra]);
  expect(r.stderr, `${file}: import errors`).not.toMatch(/ error /);
  expect(r.status, `${file}: import exit code\n${r.stderr}`).toBe(0);
  const v = runCli(['validate', dir]);
  expect(v.status, `${file}: validate\n${v.stderr}`).toBe(0);
  return { dir, stdout: r.stdout, stderr: r.stderr };
}

const sameVerdicts = (got: Map<string, string>, want: Map<string, string>) => {
  const diff = [...new Set([...got.keys(), ...want.keys()])].filter((k) => got.get(k) !== want.get(k)).map((k) => `${k}: got ${got.get(k) ?? '-'}, want ${want.get(k) ?? '-'}`);
  expect(diff).toEqual([]);
};

const SEED_REPORT = [
  'positive assessments 1–10: numbering implies 10, 10 found, 10 with commitment sentences',
  'critical observations 1–24: numbering implies 24, 24 found, 24 verdicts',
  'recommendations 1–21: numbering implies 21, 21 found (+ 19 sub-items), 32 verdicts',
  'verdicts of critical observations: not-accepted 18, accepted-in-part 6',
  'verdicts of recommendations: being-implemented 2, cannot-be-accepted 11, implemented 11, requires-further-study 7, accepted-in-part 1',
];

describe('the 2011 response from other producers', () => {
  const english = ['word-default.docx', 'word-autonumber.docx', 'pandoc.docx', 'libreoffice-html.docx', 'libreoffice-text.docx', 'one-per-line.txt', 'rewrapped.txt'];
  for (const file of english) {
    it(`${file}: every item and verdict in place, and ≥ 97 % of the seed's words rendered back`, () => {
      const { dir, stdout } = importOk(file);
      sameVerdicts(verdictsOf(dir), expected2011);
      for (const line of SEED_REPORT) expect(stdout).toContain(line);
      expect(stdout).toMatch(/verdict table:\n {2}co-1 +not-accepted +(line|paragraph) \d+\n/);
      expect(stdout).toMatch(/\n {2}rec-2a +cannot-be-accepted /);
      expect(stdout).toMatch(/imported 68 items, \d+ quoted passages, 18 footnotes, 56 verdicts, 11 commitment references/);
      const out = tempDir('out-');
      expect(runCli(['render', dir, '--format', 'docx', '--out', out]).status).toBe(0);
      const docx = readdirSync(out).find((f) => f.endsWith('.en.docx'))!;
      const r = wordRecall(seed, docxText(join(out, docx)));
      console.log(`${file}: rendered back ${r.found}/${r.total} = ${(r.ratio * 100).toFixed(2)} % of the seed's words`);
      expect(r.ratio).toBeGreaterThanOrEqual(0.97);
    });
  }

  for (const [file, lang] of [['ru-2011.docx', 'ru'], ['kk-2011.docx', 'kk']] as const) {
    it(`${file}: the ${lang} translation with reworded verdicts, commitment sentences read`, () => {
      const { dir, stdout } = importOk(file);
      sameVerdicts(verdictsOf(dir), expected2011);
      for (const line of SEED_REPORT) expect(stdout).toContain(line);
      const doc = parse(readFileSync(join(dir, 'document.yaml'), 'utf8')) as Obj;
      expect(doc.lang).toBe(lang);
      expect(stdout).toContain('11 commitment references');
    });
  }
});

const SHORT_RESPONSE = new Map([
  ['pa-1', 'commitments'],
  ['pa-2', 'commitments'],
  ['co-1', 'not-accepted'],
  ['co-2', 'accepted-in-part'],
  ['co-3', 'not-accepted'],
  ['rec-1', 'being-implemented'],
  ['rec-3', 'requires-further-study'],
  ['rec-4', 'accepted-in-part'],
]);

const SHORT_RESPONSE_RU = new Map([...SHORT_RESPONSE, ['pa-3', 'commitments'], ['co-4', 'not-accepted'], ['rec-2a', 'cannot-be-accepted'], ['rec-2b', 'implemented']]);

describe('Russian and Kazakh responses written for the tests', () => {
  it('ru-response.txt and its LibreOffice DOCX: detected as Russian, every verdict reworded and read', () => {
    const want = SHORT_RESPONSE_RU;
    for (const file of ['ru-response.txt', 'ru-response.docx']) {
      const { dir, stdout } = importOk(file);
      sameVerdicts(verdictsOf(dir), want);
      const doc = parse(readFileSync(join(dir, 'document.yaml'), 'utf8')) as Obj;
      expect(doc.lang).toBe('ru');
      expect(doc.id).toBe('ru-response');
      // The opening and the commitment sentences stay what they are.
      expect(JSON.stringify(doc.opening)).toContain('выражает признательность');
      expect(((doc.instruments as Obj[])[0]!.short as Obj).text).toBe('Копенгагенский документ');
      // "(а)", "(б)" are the sub-items a and b, which Russian prints in its own letters again.
      const rec = readFileSync(join(dir, 'recommendations.yaml'), 'utf8');
      expect(rec).toMatch(/- id: "rec-2a"\n\s+label: "a"/);
      expect(rec).toMatch(/- id: "rec-2b"\n\s+label: "b"/);
      expect(stdout).toContain('critical observations 1–4: numbering implies 4, 4 found, 4 verdicts');
      if (file.endsWith('.txt')) {
        const out = tempDir('out-');
        expect(runCli(['render', dir, '--lang', 'ru', '--format', 'docx', '--out', out]).status).toBe(0);
        const text = docxText(join(out, 'ru-response.ru.docx'));
        expect(text).toContain('(а) пересмотреть');
        expect(text).toContain('(б) обеспечить');
      }
    }
  });

  it('kk-response.txt: the sub-item (ә) keeps its letter, with a valid id', () => {
    const want = new Map([...SHORT_RESPONSE, ['rec-2a', 'cannot-be-accepted'], ['rec-2a-2', 'implemented']]);
    const { dir } = importOk('kk-response.txt');
    sameVerdicts(verdictsOf(dir), want);
    const rec = readFileSync(join(dir, 'recommendations.yaml'), 'utf8');
    expect(rec).toMatch(/- id: "rec-2a-2"\n\s+label: "ә"/);
    expect((parse(readFileSync(join(dir, 'document.yaml'), 'utf8')) as Obj).lang).toBe('kk');
    const out = tempDir('out-');
    expect(runCli(['render', dir, '--lang', 'kk', '--format', 'docx', '--out', out]).status).toBe(0);
    expect(docxText(join(out, 'kk-response.kk.docx'))).toContain('(ә)');
  });
});

describe('encodings', () => {
  const want = new Map([...SHORT_RESPONSE_RU]);
  it('a Windows-1251 file is read with a warning that the encoding was guessed, and silently when declared', () => {
    const guessed = importOk('ru-response.cp1251.txt');
    expect(guessed.stderr).toMatch(/ru-response\.cp1251\.txt:1:1 warning the file is not UTF-8; it was read as windows-1251, guessed from its Cyrillic letters \(encoding-guessed\)/i);
    sameVerdicts(verdictsOf(guessed.dir), want);
    const declared = importOk('ru-response.cp1251.txt', ['--encoding', 'windows-1251']);
    expect(declared.stderr).not.toMatch(/guessed/);
    sameVerdicts(verdictsOf(declared.dir), want);
    expect(readFileSync(join(declared.dir, 'critical.yaml'), 'utf8')).toContain('Правовая база по-прежнему содержит');
  });
});

describe('byte order marks', () => {
  it('UTF-16 and UTF-8 with a byte order mark (and CRLF) read without a warning', () => {
    const ru = importOk('ru-response.utf16.txt');
    expect(ru.stderr).not.toMatch(/warning/);
    sameVerdicts(verdictsOf(ru.dir), SHORT_RESPONSE_RU);
    const kk = importOk('kk-response.bom.txt');
    expect(kk.stderr).not.toMatch(/warning/);
    sameVerdicts(verdictsOf(kk.dir), new Map([...SHORT_RESPONSE, ['rec-2a', 'cannot-be-accepted'], ['rec-2a-2', 'implemented']]));
    expect(JSON.stringify(parse(readFileSync(join(kk.dir, 'document.yaml'), 'utf8')))).not.toContain('\uFEFF');
  });
});

describe('no silent structure loss', () => {
  const lines = readFileSync(join(corpus, 'one-per-line.txt'), 'utf8').split('\n');
  const lineOf = (s: string) => lines.findIndex((l) => l === s) + 1;

  /** Line index (0-based) of the verdict line of a critical observation, found after its number. */
  const verdictLine = (n: number) => {
    const section = lines.indexOf('Critical observations');
    const start = lines.findIndex((l, i) => i > section && l.startsWith(`${n}. `) && /\(section/.test(l));
    return lines.findIndex((l, i) => i > start && /observation/.test(l) && l.length < 60);
  };

  it('a missing verdict and a verdict not understood are reported at their lines, the items stay apart, and nothing is written', () => {
    const edited = [...lines];
    const v2 = verdictLine(2);
    const v3 = verdictLine(3);
    edited[v2] = '';
    edited[v3] = 'The critical observation is noted with regret.';
    const file = join(tempDir('src-'), 'broken.txt');
    writeFileSync(file, edited.join('\n'));
    const dir = join(tempDir('imp-'), 'broken');
    const r = runCli(['import', file, '-o', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`broken.txt:${v3 + 1}:1 warning “The critical observation is noted with regret.” looks like a verdict but was not understood`);
    expect(r.stderr).toMatch(/broken\.txt:\d+:1 warning item co-2 has no verdict; a new item \(3\.\) starts here/);
    expect(r.stderr).toContain('nothing was written');
    expect(r.stdout).toContain('critical observations 1–24: numbering implies 24, 24 found, 22 verdicts');
    expect(r.stdout).toMatch(/\n {2}co-2 +\(no verdict\)/);
    expect(r.stdout).toMatch(/\n {2}co-4 +not-accepted +line \d+/);
  });

  it('a second verdict and a sentence not understood are reported and kept as text', () => {
    const edited = [...lines];
    const v3 = verdictLine(3);
    const v4 = verdictLine(4);
    edited.splice(v4 + 1, 0, 'The critical observation is accepted.');
    edited.splice(v3, 0, 'The critical observation is noted with regret.');
    const file = join(tempDir('src-'), 'twice.txt');
    writeFileSync(file, edited.join('\n'));
    const dir = join(tempDir('imp-'), 'twice');
    const r = runCli(['import', file, '-o', dir]);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`twice.txt:${v3 + 1}:1 warning “The critical observation is noted with regret.” looks like a verdict but was not understood`);
    expect(r.stderr).toMatch(new RegExp(`twice\\.txt:${v4 + 3}:1 warning item co-4 has a second verdict “The critical observation is accepted\\.” \\(accepted\\); the first \\(not-accepted, line ${v4 + 2}\\) is kept`));
    expect(r.stdout).toContain('critical observations 1–24: numbering implies 24, 24 found, 24 verdicts');
    const critical = readFileSync(join(dir, 'critical.yaml'), 'utf8');
    expect(critical).toContain('The critical observation is noted with regret.');
    expect(critical).toContain('"The critical observation is accepted."');
    sameVerdicts(verdictsOf(dir), expected2011);
  });

  it('in a DOCX, warnings name the paragraph; a gap in the numbering is reported', () => {
    const parts = unzipSync(new Uint8Array(readFileSync(join(corpus, 'word-default.docx'))));
    const xml = new TextDecoder().decode(parts['word/document.xml']);
    const at = xml.indexOf('The critical observation is not accepted.');
    expect(at).toBeGreaterThan(0);
    parts['word/document.xml'] = strToU8(xml.slice(0, at) + 'The critical observation is noted with regret.' + xml.slice(at + 'The critical observation is not accepted.'.length));
    const paragraph = (xml.slice(0, at).match(/<w:p[ >/]/g) ?? []).length;
    const file = join(tempDir('src-'), 'edited.docx');
    writeFileSync(file, zipSync(parts));
    const r = runCli(['import', file, '-o', join(tempDir('imp-'), 'edited')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`edited.docx:${paragraph}:1 warning paragraph ${paragraph}: “The critical observation is noted with regret.” looks like a verdict but was not understood`);
    expect(r.stderr).toMatch(/edited\.docx:\d+:1 warning paragraph \d+: item co-1 has no verdict/);
    const bad = join(tempDir('src-'), 'gap.txt');
    writeFileSync(bad, ['1. A finding (section 1, page 1).', 'The CEC standpoint. Text.', 'The critical observation is not accepted.', '3. Another finding (section 2, page 2).', 'The CEC standpoint. Text.', 'The critical observation is not accepted.'].join('\n'));
    const g = runCli(['import', bad, '-o', join(tempDir('imp-'), 'gap')]);
    expect(g.stderr).toContain('critical observations: number(s) 2 not found');
    expect(g.stdout).toContain('critical observations 1–3: numbering implies 3, 2 found, 2 verdicts; missing 2');
  });

  it('a source whose paragraphs were joined (pandoc from the seed text, lines joined): no item recognised is said, with why, and every word is kept', () => {
    requireTool('pandoc');
    const work = tempDir('joined-');
    const source = join(work, 'joined.docx');
    // Markdown joins the lines of a block into one paragraph: the items stand inside a few long paragraphs.
    execFileSync('pandoc', ['-f', 'markdown', '-t', 'docx', '-o', source, join(repoRoot, 'test', 'fixtures', 'kz-2011-seed.txt')]);
    const dir = join(work, 'doc');
    const r = runCli(['import', source, '-o', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('imported 0 items');
    expect(r.stderr).toMatch(/joined\.docx:1:1 warning no item was recognised, though \d+ numbered passages \(‘1\. …’\) stand inside paragraphs: the source's paragraphs look joined .*all the text is kept, as \d+ paragraphs? of document\.yaml \(import\)/);
    const passages = Number(/though (\d+) numbered/.exec(r.stderr)![1]);
    expect(passages).toBeGreaterThan(30);
    const texts: string[] = [];
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) k === 'text' && typeof x === 'string' ? texts.push(x) : collect(x);
    };
    collect(parse(readFileSync(join(dir, 'document.yaml'), 'utf8')));
    expect(wordRecall(seed, texts.join('\n')).ratio).toBeGreaterThan(0.97);
    // A text with no item at all (a letter) is told so too, without the guess.
    const letter = join(work, 'letter.txt');
    writeFileSync(letter, 'Dear colleagues,\n\nThank you for the report. We shall answer it in due course.\n\nYours sincerely,\nThe Commission\n');
    const l = runCli(['import', letter, '-o', join(work, 'letter')]);
    expect(l.status, l.stderr).toBe(0);
    expect(l.stderr).toContain('letter.txt:1:1 warning no item was recognised (no numbered or lettered paragraph, no finding in italics followed by a standpoint); all the text is kept');
  });
});

describe('the corpus is what make.mjs makes', () => {
  // make.mjs starts LibreOffice three times and pandoc once: about a minute alone, several on a busy machine.
  it('regenerates the same inputs (UPDATE=1 rewrites them)', { timeout: 900_000 }, () => {
    requireTool('pandoc');
    requireTool('soffice');
    const out = process.env.UPDATE ? corpus : tempDir('corpus-make-');
    execFileSync(process.execPath, [join(corpus, 'make.mjs'), out], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
    if (process.env.UPDATE) return;
    for (const f of readdirSync(corpus).filter((x) => /\.(txt|docx)$/.test(x))) {
      if (f.endsWith('.docx')) expect(docxText(join(out, f)), f).toBe(docxText(join(corpus, f)));
      else expect(readFileSync(join(out, f)).equals(readFileSync(join(corpus, f))), f).toBe(true);
    }
  });
});
