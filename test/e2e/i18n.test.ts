/**
 * The translation workflow: XLIFF 2.0 and PO round trips, checks on returned
 * files, stale detection and translation memory, with real tools (msgfmt,
 * pocount, xmllint) and a maintained XLIFF library.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { copyDocument, edit } from '../helpers/copy.js';
import { requireTool, runCli, tempDir } from '../helpers/tools.js';

const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

interface Status {
  languages: { lang: string; total: number; translated: number; missing: string[]; stale: string[] }[];
}
function status(dir: string): Status {
  const r = runCli(['i18n', 'status', dir, '--json']);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as Status;
}

describe('round trips', () => {
  it.each(['xliff', 'po'])('export → import → render is the identity (%s)', (format) => {
    const dir = copyDocument();
    const out1 = tempDir('o1-');
    expect(runCli(['render', dir, '--lang', 'ru', '--out', out1]).status).toBe(0);
    const yamlBefore = readFileSync(join(dir, 'translations', 'ru.yaml'));
    const file = join(tempDir('x-'), `ru.${format === 'po' ? 'po' : 'xlf'}`);
    expect(runCli(['i18n', 'export', dir, '--lang', 'ru', '--format', format, '-o', file]).status).toBe(0);
    const imp = runCli(['i18n', 'import', dir, file]);
    expect(imp.status).toBe(0);
    expect(imp.stdout).toContain('ru: 399 unchanged');
    expect(readFileSync(join(dir, 'translations', 'ru.yaml')).equals(yamlBefore)).toBe(true);
    const out2 = tempDir('o2-');
    expect(runCli(['render', dir, '--lang', 'ru', '--out', out2]).status).toBe(0);
    for (const ext of ['docx', 'pdf']) expect(sha(join(out2, `kz-2011-presidential.ru.${ext}`))).toBe(sha(join(out1, `kz-2011-presidential.ru.${ext}`)));
  });
});

describe('exported files open in translators’ tools', () => {
  it('PO passes msgfmt --check and pocount counts the units status counts', () => {
    requireTool('msgfmt');
    requireTool('pocount');
    const dir = copyDocument();
    edit(dir, 'critical.yaml', 'Needed reforms for holding genuine democratic elections', 'Needed reforms for holding truly democratic elections');
    const file = join(tempDir('po-'), 'kk.po');
    expect(runCli(['i18n', 'export', dir, '--lang', 'kk', '--format', 'po', '-o', file]).status).toBe(0);
    execFileSync('msgfmt', ['--check', '-o', '/dev/null', file]);
    const counts = execFileSync('pocount', ['--csv', file], { encoding: 'utf8' }).trim().split('\n').pop()!.split(',').map((s) => s.trim());
    // Filename, Translated Messages, Translated Source Words, Translated Target Words, Fuzzy Messages, Fuzzy Source Words, Untranslated Messages, …, Total Message
    const kk = status(dir).languages.find((l) => l.lang === 'kk')!;
    expect(Number(counts[1])).toBe(kk.translated);
    expect(Number(counts[4])).toBe(kk.stale.length);
    expect(Number(counts[6])).toBe(kk.missing.length);
    expect(Number(counts[1]) + Number(counts[4]) + Number(counts[6])).toBe(kk.total);
    expect(readFileSync(file, 'utf8')).toMatch(/#, fuzzy\nmsgctxt "co-1.q1"/);
  });

  it('XLIFF is well-formed XLIFF 2.0 and parses with the xliff library', async () => {
    requireTool('xmllint');
    const file = join(tempDir('xl-'), 'ru.xlf');
    expect(runCli(['i18n', 'export', 'data/kz-2011-presidential', '--lang', 'ru', '-o', file]).status).toBe(0);
    execFileSync('xmllint', ['--noout', file]);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/<xliff xmlns="urn:oasis:names:tc:xliff:document:2\.0" xmlns:gls="urn:oasis:names:tc:xliff:glossary:2\.0" version="2\.0" srcLang="en" trgLang="ru">/);
    const { default: xliff } = (await import('xliff')) as unknown as { default: { xliff2js(s: string): Promise<{ sourceLanguage: string; targetLanguage: string; resources: Record<string, Record<string, { source: unknown; target: unknown }>> }> } };
    const js = await xliff.xliff2js(text);
    expect(js.sourceLanguage).toBe('en');
    expect(js.targetLanguage).toBe('ru');
    expect(Object.keys(js.resources['kz-2011-presidential']!)).toHaveLength(399);
    expect(text).toContain('<ph id="co-4.fn1" dataRef="fn-co-4.fn1"');
    expect(text).toContain('<data id="fn-co-4.fn1">[^co-4.fn1]</data>');
  });

  it('--only missing,stale exports just what needs work', () => {
    const dir = copyDocument();
    edit(dir, 'critical.yaml', 'Needed reforms for holding genuine democratic elections', 'Needed reforms for holding truly democratic elections');
    const r = runCli(['i18n', 'export', dir, '--lang', 'ru', '--only', 'missing,stale']);
    expect(r.status).toBe(0);
    expect((r.stdout.match(/<unit /g) ?? []).length).toBe(1);
    expect(r.stdout).toContain('<unit id="co-1.q1">');
    expect(r.stdout).toContain('subState="standpoint:stale"');
  });
});

describe('stale detection', () => {
  it('editing one source paragraph makes exactly that unit stale in every other language, and render refuses it', () => {
    const dir = copyDocument();
    edit(dir, 'critical.yaml', 'The Mission does not specify any shortcomings', 'The Mission does not name any shortcomings');
    const s = status(dir);
    for (const l of s.languages) {
      expect(l.stale).toEqual(['co-1.s1']);
      expect(l.missing).toEqual([]);
    }
    const strict = runCli(['i18n', 'status', dir, '--strict']);
    expect(strict.status).toBe(1);
    const r = runCli(['render', dir, '--lang', 'kk', '--out', tempDir('o-')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/critical\.yaml:\d+:\d+ error ‘co-1\.s1’ has a stale kk translation \(stale-translation\)/);
    const draft = runCli(['render', dir, '--lang', 'kk', '--draft', '--out', tempDir('o-')]);
    expect(draft.status).toBe(0);
  });
});

describe('unconfirmed targets of missing units stay stale', () => {
  /** A copy whose Russian translation lacks co-1.s1, and the text a translator sends back for it. */
  function missingUnit(): string {
    const dir = copyDocument();
    edit(dir, 'translations/ru.yaml', /  co-1\.s1:\n    text: ".*"\n    source: [0-9a-f]{16}\n/, '');
    expect(status(dir).languages.find((l) => l.lang === 'ru')!.missing).toEqual(['co-1.s1']);
    return dir;
  }
  const draft = 'Миссия не называет недостатков предыдущих выборов (черновик).';

  function expectStillStale(dir: string, imp: ReturnType<typeof runCli>): void {
    expect(imp.status).toBe(0);
    expect(imp.stdout).toContain('ru: 0 added');
    expect(imp.stdout).toContain('ru: 1 imported but still stale (made from an older source or not confirmed): co-1.s1');
    expect(readFileSync(join(dir, 'translations', 'ru.yaml'), 'utf8')).toMatch(/  co-1\.s1:\n    text: ".*черновик.*"\n    source: [0-9a-f]{16}\n    unconfirmed: true\n/);
    const ru = status(dir).languages.find((l) => l.lang === 'ru')!;
    expect(ru.stale).toEqual(['co-1.s1']);
    expect(ru.missing).toEqual([]);
    const r = runCli(['render', dir, '--lang', 'ru', '--format', 'docx', '--out', tempDir('o-')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('(stale-translation)');
  }

  it('XLIFF: a target at state="initial" is kept but stays stale; the same unit confirmed later becomes translated', () => {
    const dir = missingUnit();
    const file = join(tempDir('x-'), 'ru.xlf');
    expect(runCli(['i18n', 'export', dir, '--lang', 'ru', '--only', 'missing', '-o', file]).status).toBe(0);
    const xlf = readFileSync(file, 'utf8');
    expect(xlf).toContain('<segment state="initial">');
    writeFileSync(file, xlf.replace(/(<source>.*<\/source>\n)/, `$1    <target>${draft}</target>\n`));
    expectStillStale(dir, runCli(['i18n', 'import', dir, file]));
    // Exported again it is a stale unit with its unconfirmed target; confirmed, it is translated.
    const again = runCli(['i18n', 'export', dir, '--lang', 'ru', '--only', 'stale']);
    expect(again.stdout).toContain('state="initial" subState="standpoint:stale"');
    expect(again.stdout).toContain(draft);
    writeFileSync(file, again.stdout.replace('state="initial" subState="standpoint:stale"', 'state="translated"'));
    const confirmed = runCli(['i18n', 'import', dir, file]);
    expect(confirmed.status).toBe(0);
    expect(confirmed.stdout).toContain('ru: 1 updated: co-1.s1');
    expect(status(dir).languages.find((l) => l.lang === 'ru')!.stale).toEqual([]);
    expect(readFileSync(join(dir, 'translations', 'ru.yaml'), 'utf8')).not.toContain('unconfirmed');
  });

  it('PO: a fuzzy entry is kept but stays stale', () => {
    const dir = missingUnit();
    const file = join(tempDir('p-'), 'ru.po');
    expect(runCli(['i18n', 'export', dir, '--lang', 'ru', '--format', 'po', '--only', 'missing', '-o', file]).status).toBe(0);
    const po = readFileSync(file, 'utf8');
    expect(po).not.toContain('#, fuzzy');
    writeFileSync(file, po.replace('msgctxt "co-1.s1"', '#, fuzzy\nmsgctxt "co-1.s1"').replace(/msgstr ""\s*$/, `msgstr "${draft}"\n`));
    expectStillStale(dir, runCli(['i18n', 'import', dir, file]));
  });
});

describe('returned files that must be refused', () => {
  function refused(mutate: (xliff: string) => string, message: RegExp): void {
    const dir = copyDocument();
    const file = join(tempDir('bad-'), 'ru.xlf');
    expect(runCli(['i18n', 'export', dir, '--lang', 'ru', '-o', file]).status).toBe(0);
    writeFileSync(file, mutate(readFileSync(file, 'utf8')));
    const before = readFileSync(join(dir, 'translations', 'ru.yaml'));
    const r = runCli(['i18n', 'import', dir, file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'translations', 'ru.yaml')).equals(before)).toBe(true);
  }

  it('a broken inline code', () => {
    refused((x) => {
      const start = x.indexOf('<target>', x.indexOf('<unit id="co-4.q1">'));
      const end = x.indexOf('</target>', start);
      return x.slice(0, start) + x.slice(start, end).replace(/<ph [^>]*\/>/, '') + x.slice(end);
    }, /ru\.xlf:\d+:1 error unit ‘co-4\.q1’: footnote reference \[\^co-4\.fn1\] missing \(inline-code\)/);
  });

  it('an unknown id, with the nearest id as a hint', () => {
    refused((x) => x.replace('<unit id="co-4.q1">', '<unit id="co-4.q9">'), /error unit ‘co-4\.q9’ is not in kz-2011-presidential \(unknown-unit\)\n\s+hint: did you mean ‘co-4\.q1’\?/);
  });

  it('the wrong target language', () => {
    const dir = copyDocument();
    const file = join(tempDir('bad-'), 'ru.po');
    expect(runCli(['i18n', 'export', dir, '--lang', 'ru', '--format', 'po', '-o', file]).status).toBe(0);
    const r = runCli(['i18n', 'import', dir, file, '--lang', 'kk']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error the file is a ru translation, not kk (translation-lang)');
    refused((x) => x.replace('trgLang="ru"', 'trgLang="en"'), /target language en is the document's own language/);
  });

  it('a translation made from an older source does not replace a newer one without --force', () => {
    const dir = copyDocument();
    const old = join(tempDir('old-'), 'ru.xlf');
    expect(runCli(['i18n', 'export', dir, '--lang', 'ru', '-o', old]).status).toBe(0);
    // The source changes, and a new translation is made for it.
    edit(dir, 'critical.yaml', 'The Mission does not specify any shortcomings', 'The Mission does not name any shortcomings');
    const fresh = join(tempDir('new-'), 'ru.xlf');
    expect(runCli(['i18n', 'export', dir, '--lang', 'ru', '--only', 'stale', '-o', fresh]).status).toBe(0);
    writeFileSync(fresh, readFileSync(fresh, 'utf8').replace('state="initial" subState="standpoint:stale"', 'state="translated"').replace(/(<unit id="co-1\.s1">[\s\S]*?<target>)Миссия/, '$1НОВОЕ: Миссия'));
    const ok = runCli(['i18n', 'import', dir, fresh]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('ru: 1 updated: co-1.s1');
    expect(status(dir).languages.find((l) => l.lang === 'ru')!.stale).toEqual([]);
    // The old file comes back late, with an edit to the same unit.
    writeFileSync(old, readFileSync(old, 'utf8').replace(/(<unit id="co-1\.s1">[\s\S]*?<target>)Миссия/, '$1СТАРОЕ: Миссия'));
    const late = runCli(['i18n', 'import', dir, old]);
    expect(late.status).toBe(1);
    expect(late.stderr).toContain('(older-translation)');
    expect(readFileSync(join(dir, 'translations', 'ru.yaml'), 'utf8')).toContain('НОВОЕ: Миссия');
    const forced = runCli(['i18n', 'import', dir, old, '--force']);
    expect(forced.status).toBe(0);
    expect(readFileSync(join(dir, 'translations', 'ru.yaml'), 'utf8')).toContain('СТАРОЕ: Миссия');
    expect(status(dir).languages.find((l) => l.lang === 'ru')!.stale).toEqual(['co-1.s1']);
  });

  it('XML with a DOCTYPE (entities) is refused', () => {
    refused((x) => x.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'), /DOCTYPE or entities/);
  });
});

describe('translation memory', () => {
  it('pretranslate fills shared paragraphs of a new response from the 2011 translations', () => {
    const data = tempDir('data-');
    const old = join(data, 'kz-2011-presidential');
    cpSync(copyDocument(), old, { recursive: true });
    const next = join(data, 'kz-2015-presidential');
    mkdirSync(next);
    const doc2011 = readFileSync(join(old, 'document.yaml'), 'utf8');
    writeFileSync(
      join(next, 'document.yaml'),
      doc2011
        .replace('id: kz-2011-presidential', 'id: kz-2015-presidential')
        .replace(/parts:\n(  - .*\n)+/, 'parts:\n  - critical.yaml\n')
        .replace(/abbreviations:\n[\s\S]*$/, ''),
    );
    writeFileSync(
      join(next, 'critical.yaml'),
      [
        'id: critical',
        'kind: critical',
        'items:',
        '  - id: co-1',
        '    number: "1"',
        '    findings:',
        '      - {id: co-1.q1, text: "Needed reforms for holding genuine democratic elections still have to materialize as this election revealed shortcomings similar to those in previous elections", ref: {section: "1", page: "1"}}',
        '    standpoint:',
        '      - {id: co-1.s1, text: "The critical observation is considered as unreasonable."}',
        '      - {id: co-1.s2, text: "The CEC experts repeatedly and in details explained to the OSCE/ODIHR experts its position on each of these recommendations. Therefore, the OSCE critical observation is considered as unfounded."}',
        '    verdict: not-accepted',
        '',
      ].join('\n'),
    );
    expect(runCli(['validate', next]).status).toBe(0);
    const r = runCli(['i18n', 'pretranslate', next, '--lang', 'ru']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/ru: \d+ filled from exact matches: .*co-1\.q1/);
    expect(r.stdout).toMatch(/ru: 1 close matches left stale for review: co-1\.s2 \(9\d % kz-2011-presidential co-1\.s3\)/);
    const s = status(next).languages.find((l) => l.lang === 'ru')!;
    expect(s.stale).toEqual(['co-1.s2']);
    expect(s.missing).toEqual(['co-1.s1']);
    const yaml = readFileSync(join(next, 'translations', 'ru.yaml'), 'utf8');
    expect(yaml).toMatch(/co-1\.s2:\n    text: ".+"\n    source: [0-9a-f]{16}\n    note: "translation memory: 9\d % match of kz-2011-presidential co-1\.s3; review"/);
  });
});
