/**
 * --reference-docx, with reference DOCX files LibreOffice wrote: one made as a
 * commission's staff would make it (a DOCX standpoint rendered, opened in
 * LibreOffice, its Normal and Heading 1 styles changed, saved as Word), and
 * one LibreOffice made from nothing (its own few styles, its own page).
 * LibreOffice is driven through UNO (test/helpers/lo-restyle.py, python3-uno).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { repoRoot, requireTool, runCli, tempDir } from '../helpers/tools.js';

const doc2019 = join(repoRoot, 'data', 'kz-2019-presidential');
const RESTYLE = join(repoRoot, 'test', 'helpers', 'lo-restyle.py');

/** Has LibreOffice change paragraph styles of `input` and save the result as DOCX. */
function restyle(input: string, output: string, changes: Record<string, Record<string, number>>): void {
  requireTool('soffice');
  const python = '/usr/bin/python3';
  // python3-uno installs for the system Python; a test that cannot drive LibreOffice fails, it does not skip.
  execFileSync(python, ['-c', 'import uno'], { stdio: 'pipe' });
  const json = join(tempDir('restyle-'), 'changes.json');
  writeFileSync(json, JSON.stringify(changes));
  execFileSync(python, [RESTYLE, input, output, json], { stdio: 'pipe', timeout: 170_000 });
}

const entries = (docx: string): Record<string, Uint8Array> => unzipSync(new Uint8Array(readFileSync(docx)));

type Props = Record<string, string>;
interface StyleDef {
  id: string;
  type: string;
  basedOn?: string;
  own: Props;
}

/** The properties the comparison looks at, and Word's value when nothing sets them. */
const DEFAULTS: Props = {
  sz: '20', b: '0', i: '0', color: 'auto', jc: 'left', 'spacing.before': '0', 'spacing.after': '0', 'spacing.line': '240',
  'ind.firstLine': '0', 'ind.left': '0', 'ind.right': '0', 'ind.hanging': '0', keepNext: '0', keepLines: '0', font: '',
};

const RUN_PROPS = ['sz', 'b', 'i', 'color', 'font'];

const onOff = (v: string | undefined) => (v === undefined || v === 'true' || v === '1' || v === 'on' ? '1' : '0');

/** A style's own values of the compared properties (w:pPr and w:rPr), from the XML of styles.xml. */
function ownProps(children: Record<string, unknown>[]): Props {
  const props: Props = {};
  const attrs = (n: Record<string, unknown>) => (n[':@'] ?? {}) as Record<string, string>;
  for (const group of children) {
    const name = Object.keys(group).find((k) => k !== ':@')!;
    if (name !== 'w:pPr' && name !== 'w:rPr') continue;
    for (const p of group[name] as Record<string, unknown>[]) {
      const tag = Object.keys(p).find((k) => k !== ':@')!;
      const a = attrs(p);
      switch (tag) {
        case 'w:sz': props.sz = a['w:val']!; break;
        case 'w:b': case 'w:i': case 'w:keepNext': case 'w:keepLines': props[tag.slice(2)] = onOff(a['w:val']); break;
        case 'w:color': props.color = a['w:val']!; break;
        case 'w:jc': props.jc = a['w:val'] === 'both' ? 'both' : a['w:val'] === 'start' ? 'left' : a['w:val']!; break;
        case 'w:rFonts': if (a['w:ascii']) props.font = a['w:ascii']; break;
        case 'w:spacing': for (const k of ['before', 'after', 'line']) if (a[`w:${k}`] !== undefined) props[`spacing.${k}`] = a[`w:${k}`]!; break;
        case 'w:ind': for (const k of ['firstLine', 'left', 'right', 'hanging']) if (a[`w:${k}`] !== undefined) props[`ind.${k}`] = a[`w:${k}`]!; break;
      }
    }
  }
  return props;
}

/** styles.xml: the document defaults and each style's own properties and parent. */
function readStyles(xml: string): { defaults: Props; styles: Map<string, StyleDef> } {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '' });
  const root = (parser.parse(xml) as Record<string, unknown>[]).find((n) => 'w:styles' in n)!['w:styles'] as Record<string, unknown>[];
  const styles = new Map<string, StyleDef>();
  let defaults: Props = {};
  for (const n of root) {
    if ('w:docDefaults' in n) {
      const inner = (n['w:docDefaults'] as Record<string, unknown>[]).flatMap((d) => (Object.values(d).find(Array.isArray) as Record<string, unknown>[]) ?? []);
      defaults = ownProps(inner);
    }
    if (!('w:style' in n)) continue;
    const a = n[':@'] as Record<string, string>;
    const children = n['w:style'] as Record<string, unknown>[];
    const based = children.find((c) => 'w:basedOn' in c);
    styles.set(a['w:styleId']!, { id: a['w:styleId']!, type: a['w:type'] ?? 'paragraph', ...(based ? { basedOn: (based[':@'] as Record<string, string>)['w:val'] } : {}), own: ownProps(children) });
  }
  return { defaults, styles };
}

/** The value a style gives a property: its own, else its parent's, …, else the document defaults', else Word's. */
function effective(sheet: ReturnType<typeof readStyles>, id: string, prop: string): string {
  for (let s = sheet.styles.get(id), depth = 0; s && depth < 20; s = s.basedOn ? sheet.styles.get(s.basedOn) : undefined, depth++) {
    if (s.own[prop] !== undefined) return s.own[prop]!;
  }
  return sheet.defaults[prop] ?? DEFAULTS[prop]!;
}

/** Whether a style takes `prop` from Normal: nothing between it and Normal (itself included) sets it. */
function inheritsFromNormal(sheet: ReturnType<typeof readStyles>, id: string, prop: string): boolean {
  for (let s = sheet.styles.get(id), depth = 0; s && depth < 20; s = s.basedOn ? sheet.styles.get(s.basedOn) : undefined, depth++) {
    if (s.id === 'Normal') return true;
    if (s.own[prop] !== undefined) return false;
  }
  return false;
}

describe('a reference DOCX made in LibreOffice from a rendered DOCX, Normal and Heading 1 changed', () => {
  let base: string;
  let styled: string;
  let basePdf: string;
  let styledPdf: string;
  let stderr: string;

  beforeAll(() => {
    const dir = tempDir('reference-');
    const r0 = runCli(['render', doc2019, '--lang', 'en', '--format', 'docx,pdf', '--out', join(dir, 'base')]);
    expect(r0.status).toBe(0);
    base = join(dir, 'base', 'kz-2019-presidential.en.docx');
    basePdf = join(dir, 'base', 'kz-2019-presidential.en.pdf');
    // Normal: 13 pt, 3 mm after each paragraph; Heading 1: 16 pt, dark red.
    const reference = join(dir, 'commission.docx');
    restyle(base, reference, { Standard: { CharHeight: 13, ParaBottomMargin: 300 }, 'Heading 1': { CharHeight: 16, CharColor: 0xa00000 } });
    const r = runCli(['render', doc2019, '--lang', 'en', '--format', 'docx,pdf', '--reference-docx', reference, '--out', join(dir, 'styled')]);
    expect(r.status).toBe(0);
    stderr = r.stderr;
    styled = join(dir, 'styled', 'kz-2019-presidential.en.docx');
    styledPdf = join(dir, 'styled', 'kz-2019-presidential.en.pdf');
  }, 400_000);

  it('changes word/styles.xml and nothing else: every other part of the DOCX, and the PDF, byte for byte', () => {
    const a = entries(base);
    const b = entries(styled);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    const changed = Object.keys(a).filter((k) => !Buffer.from(a[k]!).equals(Buffer.from(b[k]!)));
    expect(changed).toEqual(['word/styles.xml']);
    // The page LibreOffice saved is the page the style set: the PDF is the same file.
    expect(readFileSync(styledPdf).equals(readFileSync(basePdf))).toBe(true);
  });

  it('Normal and Heading 1 carry the changes', () => {
    const before = readStyles(strFromU8(entries(base)['word/styles.xml']!));
    const after = readStyles(strFromU8(entries(styled)['word/styles.xml']!));
    expect(effective(before, 'Normal', 'sz')).toBe('24');
    expect(effective(after, 'Normal', 'sz')).toBe('26');
    expect(effective(before, 'Normal', 'spacing.after')).toBe('80');
    expect(effective(after, 'Normal', 'spacing.after')).toBe('170');
    expect(effective(before, 'Heading1', 'sz')).toBe('26');
    expect(effective(after, 'Heading1', 'sz')).toBe('32');
    expect(effective(before, 'Heading1', 'color')).toBe('1F3864');
    expect(effective(after, 'Heading1', 'color')).toBe('A00000');
  });

  it('every other style is as it was, but for what it takes from Normal', () => {
    const before = readStyles(strFromU8(entries(base)['word/styles.xml']!));
    const after = readStyles(strFromU8(entries(styled)['word/styles.xml']!));
    const changedInNormal = Object.keys(DEFAULTS).filter((p) => effective(before, 'Normal', p) !== effective(after, 'Normal', p));
    expect(changedInNormal.sort()).toEqual(['spacing.after', 'sz']);
    const differences: string[] = [];
    for (const [id, def] of before.styles) {
      if (id === 'Normal' || id === 'Heading1' || def.type === 'table') continue;
      expect(after.styles.has(id), id).toBe(true);
      // A character style has run properties only.
      for (const p of def.type === 'character' ? RUN_PROPS : Object.keys(DEFAULTS)) {
        const expected = changedInNormal.includes(p) && inheritsFromNormal(before, id, p) ? effective(after, 'Normal', p) : effective(before, id, p);
        if (effective(after, id, p) !== expected) differences.push(`${id} ${p}: ${effective(before, id, p)} → ${effective(after, id, p)}`);
      }
    }
    expect(differences).toEqual([]);
    // The language stays the render's.
    expect(strFromU8(entries(styled)['word/styles.xml']!)).toMatch(/<w:rPrDefault><w:rPr>.*<w:lang w:val="en-GB"\/>/);
  });

  it('says what it did not copy: the headers and footers', () => {
    expect(stderr).toMatch(/commission\.docx:1:1 warning the reference DOCX has headers or footers of its own .* \(reference-header\)/);
    expect(stderr).not.toMatch(/reference-style-missing|reference-font|reference-page/);
  });
});

describe('a reference DOCX LibreOffice made from nothing', () => {
  let out: string;
  let stderr: string;
  let status: number | null;

  beforeAll(() => {
    const dir = tempDir('reference-blank-');
    const text = join(dir, 'template.txt');
    writeFileSync(text, 'Commission letter template\n');
    const reference = join(dir, 'template.docx');
    restyle(text, reference, { Standard: { CharHeight: 12.5 } });
    out = join(dir, 'out');
    const r = runCli(['render', doc2019, '--lang', 'en', '--format', 'docx,pdf', '--reference-docx', reference, '--out', out]);
    ({ stderr, status } = r);
  }, 400_000);

  it('renders, taking its Normal, and keeps standpoint’s own styles where it has none, with a warning naming them', () => {
    expect(status).toBe(0);
    expect(stderr).toMatch(/template\.docx:1:1 warning the reference DOCX has no style .*‘Finding’.*‘Standpoint’.*‘Verdict’.* standpoint's own are used \(reference-style-missing\)/);
    const sheet = readStyles(strFromU8(entries(join(out, 'kz-2019-presidential.en.docx'))['word/styles.xml']!));
    expect(effective(sheet, 'Normal', 'sz')).toBe('25');
    // Standpoint's Verdict, kept: bold, on the template's Normal.
    expect(sheet.styles.get('Verdict')!.own.b).toBe('1');
    expect(effective(sheet, 'Verdict', 'sz')).toBe('25');
  });

  it('its page (A4, 2 cm margins all round) replaces the page of style.yaml in the DOCX and the PDF, and says so where style.yaml sets it', () => {
    expect(stderr).toMatch(/data\/kz-2019-presidential\/style\.yaml:\d+:\d+ warning the reference DOCX .* sets the page \(A4 portrait, margins 20\/20\/20\/20 mm .*\); it replaces this one \(A4 portrait, margins 20\/12\/22\/30 mm .*\) in the DOCX, the PDF and the HTML page \(reference-page\)/);
    const xml = strFromU8(entries(join(out, 'kz-2019-presidential.en.docx'))['word/document.xml']!);
    const sect = /<w:sectPr>.*<\/w:sectPr>/.exec(xml)![0];
    expect(sect).toMatch(/<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"\/>/);
    // The template has no header or footer: their distances are the house style's (9 and 11 mm), at most half the margin (10 mm).
    expect(sect).toMatch(/<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="510" w:footer="567" w:gutter="0"\/>/);
    requireTool('pdftotext');
    const bbox = execFileSync('pdftotext', ['-bbox', '-f', '2', '-l', '2', join(out, 'kz-2019-presidential.en.pdf'), '-'], { encoding: 'utf8' });
    const xs = [...bbox.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)"/g)].filter((m) => Number(m[2]) > 57 && Number(m[2]) < 780).map((m) => Number(m[1]));
    // 20 mm = 56.7 pt.
    expect(Math.min(...xs)).toBeGreaterThan(56);
    expect(Math.min(...xs)).toBeLessThan(59);
  });
});

describe('a reference DOCX that is not one', () => {
  it('a text file, a missing file, and the reference as an output of the render are refused before anything is written', () => {
    const dir = tempDir('reference-bad-');
    const fake = join(dir, 'template.docx');
    writeFileSync(fake, 'not a zip at all');
    const r1 = runCli(['render', doc2019, '--lang', 'en', '--reference-docx', fake, '--out', join(dir, 'out')]);
    expect(r1.status).toBe(1);
    expect(r1.stderr).toMatch(/template\.docx:1:1 error the file is not a DOCX \(not a zip archive\) \(docx-refused\)/);
    const r2 = runCli(['render', doc2019, '--lang', 'en', '--reference-docx', join(dir, 'nowhere.docx'), '--out', join(dir, 'out')]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/nowhere\.docx:1:1 error no such file/);
    // Rendering into the folder of the template, under its name: the template would be overwritten.
    const first = runCli(['render', doc2019, '--lang', 'en', '--format', 'docx', '--out', dir]);
    expect(first.status).toBe(0);
    const template = join(dir, 'kz-2019-presidential.en.docx');
    const bytes = readFileSync(template);
    const r3 = runCli(['render', doc2019, '--lang', 'en', '--format', 'docx', '--reference-docx', template, '--out', dir]);
    expect(r3.status).toBe(2);
    expect(r3.stderr).toMatch(/error the output would replace a file this command reads \(output-is-input\)/);
    expect(readFileSync(template).equals(bytes)).toBe(true);
  }, 120_000);
});
