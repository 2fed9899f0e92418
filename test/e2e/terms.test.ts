/**
 * The termbase as translators' tools get it: TBX (well-formed, TBX-Basic in
 * the TBX v3 core structure, and parsed back to the same concepts and terms)
 * and the XLIFF 2.0 Glossary module in exports, validated with xmllint against
 * the XLIFF 2.0 core and Glossary schemas (test/fixtures/xliff-2.0).
 */
import { describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { repoRoot, requireTool, runCli, tempDir } from '../helpers/tools.js';
import { readTermbase } from '../../src/read/terms.js';
import { Diagnostics } from '../../src/diag/diagnostic.js';
import { termText } from '../../src/model/terms.js';

const schema = join(repoRoot, 'test', 'fixtures', 'xliff-2.0', 'xliff_core_2.0.xsd');
const termsFile = join(repoRoot, 'data', 'terms.yaml');

function xmllintSchema(file: string): { ok: boolean; out: string } {
  requireTool('xmllint');
  const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], { encoding: 'utf8' });
  return { ok: r.status === 0, out: r.stderr };
}

describe('the termbase', () => {
  it('reads data/terms.yaml: every concept has terms in en, ru and kk', () => {
    const diags = new Diagnostics();
    const tb = readTermbase(termsFile, diags)!;
    expect(diags.items).toEqual([]);
    expect(tb.concepts.length).toBeGreaterThanOrEqual(30);
    for (const c of tb.concepts) expect([...c.langs.keys()].sort(), c.id).toEqual(['en', 'kk', 'ru']);
    const odihr = tb.concepts.find((c) => c.id === 'odihr')!;
    expect(odihr.langs.get('kk')).toMatchObject({ approved: ['ДИАҚБ'], forbidden: ['ДИАКБ'], endings: 'back' });
    expect(odihr.langs.get('kk')!.pos!.line).toBeGreaterThan(1);
  });

  it('reports a wrong value at its line, and a term both approved and forbidden', () => {
    const file = join(tempDir('tb-'), 'terms.yaml');
    writeFileSync(file, 'terms:\n  - id: x\n    en: X\n    kk: {term: Икс, forbidden: Икс}\n  - id: y\n    en: Y\n    kk: {term: Игрек, endings: sideways}\n');
    const diags = new Diagnostics();
    expect(readTermbase(file, diags)).toBeUndefined();
    expect(diags.items.some((d) => d.pos.line === 7 && d.severity === 'error')).toBe(true);
    writeFileSync(file, 'terms:\n  - id: x\n    en: X\n    kk: {term: Икс, forbidden: Икс}\n');
    const again = new Diagnostics();
    readTermbase(file, again);
    expect(again.items.map((d) => `${d.pos.line} ${d.rule}`)).toEqual(['4 term-conflict']);
  });
});

describe('TBX export', () => {
  it('is well-formed TBX-Basic (TBX v3) and parses back to the same concepts, terms and statuses', () => {
    requireTool('xmllint');
    const file = join(tempDir('tbx-'), 'terms.tbx');
    const r = runCli(['i18n', 'terms', 'data/kz-2011-presidential', '-o', file]);
    expect(r.status).toBe(0);
    execFileSync('xmllint', ['--noout', '--nonet', file]);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">/);
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['conceptEntry', 'langSec', 'termSec', 'note'].includes(name) });
    const tbx = parser.parse(text) as { tbx: { tbxHeader: { fileDesc: { sourceDesc: unknown } }; text: { body: { conceptEntry: { '@id': string; langSec: { '@xml:lang': string; termSec: { term: string; termNote: { '#text': string; '@type': string } }[] }[] }[] } } } };
    expect(tbx.tbx.tbxHeader.fileDesc.sourceDesc).toBeDefined();
    const back = new Map(
      tbx.tbx.text.body.conceptEntry.map((c) => [
        c['@id'],
        new Map(c.langSec.map((l) => [l['@xml:lang'], l.termSec.map((t) => `${t.termNote['#text'].replace('Term-admn-sts', '')}:${String(t.term)}`)])),
      ]),
    );
    const diags = new Diagnostics();
    const tb = readTermbase(termsFile, diags)!;
    expect(back.size).toBe(tb.concepts.length);
    for (const c of tb.concepts) {
      const langs = back.get(`c-${c.id}`);
      expect(langs, c.id).toBeDefined();
      for (const [lang, terms] of c.langs) {
        const want = [...terms.approved.map((t, i) => `${i === 0 ? 'preferred' : 'admitted'}:${termText(t)}`), ...terms.forbidden.map((t) => `deprecated:${termText(t)}`)];
        expect(langs!.get(lang), `${c.id} ${lang}`).toEqual(want);
      }
    }
    expect(text).not.toMatch(/<term>[^<]*\|/);
  });
});

describe('XLIFF Glossary module', () => {
  it('exports carry the termbase entries of the terms each unit contains, and validate against the XLIFF 2.0 schemas', () => {
    const file = join(tempDir('gls-'), 'kk.xlf');
    expect(runCli(['i18n', 'export', 'data/kz-2011-presidential', '--lang', 'kk', '-o', file]).status).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('xmlns:gls="urn:oasis:names:tc:xliff:glossary:2.0"');
    const unit = (id: string) => text.slice(text.indexOf(`<unit id="${id}">`), text.indexOf('</unit>', text.indexOf(`<unit id="${id}">`)));
    const fn2 = unit('co-17.fn2');
    expect(fn2).toMatch(/<gls:glossEntry id="ministry-communication">\n\s+<gls:term source="terms.yaml">Ministry of Information and Communication<\/gls:term>\n\s+<gls:translation source="terms.yaml">Байланыс және ақпарат министрлігі<\/gls:translation>\n\s+<gls:definition source="terms.yaml">.*Not: Ақпарат және коммуникация министрлігі\.<\/gls:definition>/);
    expect(fn2.indexOf('<gls:glossary>')).toBeLessThan(fn2.indexOf('<notes>'));
    // A unit without a term has no glossary.
    expect(unit('co-11.t1.r1.c1')).not.toContain('gls:');
    const v = xmllintSchema(file);
    expect(v.out).toContain('validates');
    expect(v.ok).toBe(true);
  });

  it('the schema check fails on a wrong structure (glossary after the notes, a glossEntry without a term)', () => {
    const file = join(tempDir('gls-'), 'ru.xlf');
    expect(runCli(['i18n', 'export', 'data/kz-2011-presidential', '--lang', 'ru', '-o', file]).status).toBe(0);
    const good = readFileSync(file, 'utf8');
    const moved = good.replace(/(   <gls:glossary>[\s\S]*?<\/gls:glossary>\n)(   <notes>[\s\S]*?<\/notes>\n)/, '$2$1');
    expect(moved).not.toBe(good);
    writeFileSync(file, moved);
    expect(xmllintSchema(file).ok).toBe(false);
    writeFileSync(file, good.replace(/<gls:term source="terms.yaml">[^<]*<\/gls:term>/, ''));
    expect(xmllintSchema(file).ok).toBe(false);
    writeFileSync(file, good.replace('<segment state="translated">', '<segment state="done">'));
    expect(xmllintSchema(file).ok).toBe(false);
  });

  it('an exported file with glossaries imports back unchanged', () => {
    const file = join(tempDir('gls-'), 'kk.xlf');
    expect(runCli(['i18n', 'export', 'data/kz-2011-presidential', '--lang', 'kk', '-o', file]).status).toBe(0);
    const r = runCli(['i18n', 'import', 'data/kz-2011-presidential', file, '--dry-run']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('kk: 399 unchanged');
  });
});
