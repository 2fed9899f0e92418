/**
 * Importing DOCX: a DOCX standpoint rendered comes back as the same model;
 * edits made to it (by rewriting its XML, and through LibreOffice) come back as
 * exactly those edits; malformed and hostile files are refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { copyDocument } from '../helpers/copy.js';
import { dataDoc, runCli, sofficeConvert, tempDir } from '../helpers/tools.js';

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');
let rendered: string;

beforeAll(() => {
  const out = tempDir('src-');
  expect(runCli(['render', dataDoc, '--out', out]).status).toBe(0);
  rendered = join(out, 'kz-2011-presidential.en.docx');
});

/** Rewrites word/document.xml of a DOCX. */
function editDocx(file: string, edit: (xml: string) => string): string {
  const parts = unzipSync(new Uint8Array(readFileSync(file)));
  parts['word/document.xml'] = strToU8(edit(new TextDecoder().decode(parts['word/document.xml'])));
  const out = join(tempDir('edited-'), 'edited.docx');
  writeFileSync(out, zipSync(parts));
  return out;
}

function replaceOnce(xml: string, from: string, to: string): string {
  const i = xml.indexOf(from);
  if (i < 0) throw new Error(`${from} not in the DOCX`);
  return xml.slice(0, i) + to + xml.slice(i + from.length);
}

const threeEdits = (xml: string) => {
  let s = replaceOnce(xml, 'The Mission does not specify any shortcomings', 'The Mission does not name any shortcomings');
  const v = s.indexOf('w:name="sp_co_8Xverdict"');
  s = s.slice(0, v) + replaceOnce(s.slice(v), 'The critical observation is accepted in part.', 'The critical observation is not accepted.');
  const p = s.indexOf('</w:p>', s.indexOf('w:name="sp_co_2Xs1"')) + 6;
  return `${s.slice(0, p)}<w:p><w:pPr><w:pStyle w:val="Standpoint"/></w:pPr><w:r><w:t xml:space="preserve">A paragraph added in Word.</w:t></w:r></w:p>${s.slice(p)}`;
};

function expectThreeEdits(stdout: string, dir: string): void {
  expect(stdout).toContain('Critical observation 8: verdict accepted-in-part → not-accepted');
  expect(stdout).toContain('The Mission does not [-specify-] {+name+} any shortcomings');
  expect(stdout).toContain('co-2.s2: added\n    {+A paragraph added in Word.+}');
  expect(stdout).toContain('3 change(s)');
  const yaml = readFileSync(join(dir, 'critical.yaml'), 'utf8');
  expect(yaml).toMatch(/- id: co-2\.s1\n\s+text: ".*"\n\s+- id: co-2\.s2\n\s+text: "A paragraph added in Word\."/);
  expect(runCli(['validate', dir]).status).toBe(0);
  const again = runCli(['diff', dataDoc, dir, '--json']);
  expect(JSON.parse(again.stdout).changes).toBe(3);
}

describe('DOCX round trip', () => {
  it('render → import gives the same model, and re-renders byte-identical DOCX and PDF', () => {
    const dir = join(tempDir('rt-'), 'kz');
    const r = runCli(['import', rendered, '-o', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/imported 74 items, 85 quoted passages, 18 footnotes, 56 verdicts, 11 commitment references/);
    const d = runCli(['diff', dataDoc, dir, '--json']);
    expect(JSON.parse(d.stdout).changes).toBe(0);
    const a = tempDir('a-');
    const b = tempDir('b-');
    expect(runCli(['render', dataDoc, '--out', a]).status).toBe(0);
    expect(runCli(['render', dir, '--out', b]).status).toBe(0);
    for (const ext of ['docx', 'pdf']) expect(sha(join(b, `kz-2011-presidential.en.${ext}`))).toBe(sha(join(a, `kz-2011-presidential.en.${ext}`)));
  });
});

describe('DOCX round trip of every feature', () => {
  it('the golden case (emphasis, strong, lists, tables, quotations, sub-items, notes) comes back whole', () => {
    const mini = join(dataDoc, '..', '..', 'test', 'fixtures', 'mini', 'input');
    const a = tempDir('a-');
    expect(runCli(['render', mini, '--out', a]).status).toBe(0);
    const dir = join(tempDir('rt-'), 'mini');
    expect(runCli(['import', join(a, 'mini.en.docx'), '-o', dir]).status).toBe(0);
    expect(JSON.parse(runCli(['diff', mini, dir, '--json']).stdout).changes).toBe(0);
    const yaml = readFileSync(join(dir, 'critical.yaml'), 'utf8');
    expect(yaml).toContain('The law has *gaps*[^co-1.fn1]');
    expect(yaml).toContain('The law has **no** gaps:');
    const b = tempDir('b-');
    expect(runCli(['render', dir, '--out', b]).status).toBe(0);
    for (const ext of ['docx', 'pdf']) expect(sha(join(b, `mini.en.${ext}`))).toBe(sha(join(a, `mini.en.${ext}`)));
  });
});

describe('bringing Word edits back', () => {
  it('an edited DOCX (XML rewritten) updates exactly what was edited', () => {
    const dir = copyDocument();
    const r = runCli(['import', editDocx(rendered, threeEdits), '--update', dir]);
    expect(r.status).toBe(0);
    expectThreeEdits(r.stdout, dir);
  });

  it('the same edits survive LibreOffice saving the DOCX again', () => {
    const dir = copyDocument();
    const converted = sofficeConvert(editDocx(rendered, threeEdits), 'docx:MS Word 2007 XML', tempDir('lo-'));
    const r = runCli(['import', converted, '--update', dir]);
    expect(r.status).toBe(0);
    expectThreeEdits(r.stdout, dir);
  });

  it('tracked changes count as accepted and comments are ignored', () => {
    const dir = copyDocument();
    const file = editDocx(rendered, (xml) => {
      const i = xml.indexOf('The Mission does not specify any shortcomings');
      expect(i).toBeGreaterThan(0);
      const runStart = xml.lastIndexOf('<w:r>', i);
      const runEnd = xml.indexOf('</w:r>', i) + 6;
      const run = xml.slice(runStart, runEnd);
      const tracked = `<w:commentRangeStart w:id="7"/><w:del w:id="901" w:author="Editor" w:date="2011-07-01T00:00:00Z">${run.replace(/<w:t /g, '<w:delText ').replace(/<\/w:t>/g, '</w:delText>')}</w:del><w:ins w:id="902" w:author="Editor" w:date="2011-07-01T00:00:00Z">${run.replace('does not specify', 'does not name')}</w:ins><w:commentRangeEnd w:id="7"/>`;
      return xml.slice(0, runStart) + tracked + xml.slice(runEnd);
    });
    const r = runCli(['import', file, '--update', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('The Mission does not [-specify-] {+name+} any shortcomings');
    expect(r.stdout).toContain('1 change(s)');
  });
});

describe('ids longer than a Word bookmark', () => {
  it('survive Word edits and LibreOffice saving the DOCX again', () => {
    const longId = 'co-3.a-paragraph-id-far-longer-than-a-word-bookmark-allows';
    const dir = copyDocument();
    const critical = join(dir, 'critical.yaml');
    writeFileSync(critical, readFileSync(critical, 'utf8').replace('      - id: co-3.s2\n', `      - id: ${longId}\n        text: "A paragraph whose id is long."\n      - id: co-3.s2\n`));
    const out = tempDir('long-');
    expect(runCli(['render', dir, '--out', out, '--format', 'docx']).status).toBe(0);
    const docx = join(out, 'kz-2011-presidential.en.docx');
    const parts = unzipSync(new Uint8Array(readFileSync(docx)));
    const xml = new TextDecoder().decode(parts['word/document.xml']);
    // The paragraph has a bookmark of exactly 40 characters, and the package maps its hash back to the id.
    const name = /w:name="(sp_co_3Xa_paragraph_id\w*Z[0-9a-z]{8})"/.exec(xml)?.[1];
    expect(name).toHaveLength(40);
    expect(new TextDecoder().decode(parts['docProps/custom.xml'])).toContain(`<vt:lpwstr>${longId}</vt:lpwstr>`);
    // Unchanged, then edited and saved again by LibreOffice: nothing lost, the edit comes back.
    expect(runCli(['import', docx, '--update', dir]).stdout).toContain('\n0 change(s)');
    const edited = editDocx(docx, (x) => replaceOnce(x, 'A paragraph whose id is long.', 'A paragraph whose id is long and edited.'));
    const converted = sofficeConvert(edited, 'docx:MS Word 2007 XML', tempDir('lo-'));
    const r = runCli(['import', converted, '--update', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${longId}: edited`);
    expect(r.stdout).toContain('1 change(s)');
    expect(readFileSync(critical, 'utf8')).toContain('text: "A paragraph whose id is long and edited."');
  });
});

describe('malformed and hostile DOCX files are refused', () => {
  function refused(bytes: Uint8Array, message: RegExp, rule = 'docx-refused'): void {
    const file = join(tempDir('bad-'), 'bad.docx');
    writeFileSync(file, bytes);
    const out = join(tempDir('o-'), 'x');
    const r = runCli(['import', file, '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(`(${rule})`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }
  const base = () => unzipSync(new Uint8Array(readFileSync(rendered)));

  it('not a zip', () => refused(strToU8('This is not a Word document.'), /not a DOCX \(not a zip archive\)/));
  it('a zip bomb', () => {
    const parts = base();
    parts['word/bomb.xml'] = new Uint8Array(300 * 1024 * 1024);
    refused(zipSync(parts, { level: 9 }), /the part word\/bomb\.xml inflates to 300 MiB; a part may be at most 32 MiB/, 'too-large');
  });
  it('an entry that leaves the package', () => {
    const parts = base();
    parts['../../etc/evil.xml'] = strToU8('<x/>');
    refused(zipSync(parts), /entry outside the package: \.\.\/\.\.\/etc\/evil\.xml/);
  });
  it('XML with external entities', () => {
    const parts = base();
    parts['word/document.xml'] = strToU8(`<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>${new TextDecoder().decode(parts['word/document.xml']).replace(/^<\?xml[^>]*\?>/, '')}`);
    refused(zipSync(parts), /declares a DOCTYPE or entities/);
  });
  it('a zip without a Word document', () => refused(zipSync({ 'hello.txt': strToU8('hi') }), /no word\/document\.xml/));
});
