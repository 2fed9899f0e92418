/**
 * Parsed YAML files kept in the typesetting cache (src/read/yaml-cache.ts):
 * what is read back equals what parsing gives — every value, its type, the
 * order of keys and every position of the source map — for every YAML file of
 * data/ and the test fixtures and for values the form must carry specially;
 * a file with a problem is never kept; a damaged entry is parsed again; the
 * section keeps at most its bound of files, the most recent.
 */
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { cacheSection, flushCache, parseCacheFile, resetCacheState, READ_CACHE_FILE_NAME } from '../../src/render/cache/cache-file.js';
import { NO_CACHE_VARIABLE } from '../../src/render/cache/location.js';
import { decodeParsedYaml, encodeParsedYaml, parseThroughCache } from '../../src/read/yaml-cache.js';
import { parseYamlText, type ParsedYaml, type SourceMap } from '../../src/read/yaml-source.js';
import { loadYamlFile } from '../../src/read/document.js';
import { Diagnostics } from '../../src/diag/diagnostic.js';
import { useTemporaryCacheFolder } from '../helpers/cache-folder.js';

const root = join(import.meta.dirname, '..', '..');

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yamlFiles(p, out);
    else if (/\.ya?ml$/.test(name)) out.push(p);
  }
  return out;
}

/** Everything a reader can learn from a parsed file: values with their types, key order, every position. */
function describeParsed(p: ParsedYaml): unknown[] {
  const out: unknown[] = [p.nodes];
  const walk = (v: unknown, map: SourceMap, path: string): void => {
    if (Array.isArray(v)) {
      out.push([path, 'seq', map.of(v), v.map((_, i) => map.element(v, i))]);
      v.forEach((item, i) => walk(item, map, `${path}[${i}]`));
    } else if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      out.push([path, 'map', map.of(v), keys, keys.map((k) => [map.key(v, k), map.value(v, k)]), Object.getPrototypeOf(v) === Object.prototype]);
      for (const k of keys) walk((v as Record<string, unknown>)[k], map, `${path}.${k}`);
    } else out.push([path, typeof v, Object.is(v, -0) ? '-0' : String(v)]);
  };
  walk(p.value, p.map, '$');
  return out;
}

function parse(file: string, text: string): ParsedYaml {
  const d = new Diagnostics();
  const p = parseYamlText(file, text, d);
  expect(d.items).toEqual([]);
  return p!;
}

const cacheFolder = useTemporaryCacheFolder('standpoint-yaml-cache-');

describe('a parsed file read back', () => {
  const files = [...yamlFiles(join(root, 'data')), ...yamlFiles(join(root, 'styles')), ...yamlFiles(join(root, 'test', 'fixtures'))].filter((f) => {
    const d = new Diagnostics();
    return parseYamlText(f, readFileSync(f, 'utf8').replace(/^\uFEFF/, ''), d) !== undefined && d.items.length === 0;
  });

  it('covers the documents of data/ and the fixtures', () => {
    expect(files.filter((f) => f.includes(`${join('data', 'kz-2011-presidential')}`)).length).toBeGreaterThanOrEqual(6);
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it.each(files.map((f) => relative(root, f)))('equals the parse: %s', (name) => {
    const file = join(root, name);
    const parsed = parse(file, readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
    const bytes = encodeParsedYaml(parsed);
    expect(bytes).toBeDefined();
    expect(describeParsed(decodeParsedYaml(bytes!, file)!)).toEqual(describeParsed(parsed));
  });

  it('carries the values JSON cannot write, odd keys and empty values exactly', () => {
    const text = [
      'a: -0',
      'b: .inf',
      'c: -.inf',
      'd: .nan',
      'e: 1e3',
      '__proto__: x',
      '"1": one',
      '0: zero',
      'f:',
      'g: [1, "2", true, null, ~]',
      'h: {}',
      'i: []',
      'j: 2011-12-05',
      'k: |',
      '  two',
      '  lines',
      'l:',
      '  - - nested',
      '    -',
      '  - m: 1',
    ].join('\n');
    const parsed = parse('f.yaml', text);
    const back = decodeParsedYaml(encodeParsedYaml(parsed)!, 'f.yaml')!;
    expect(describeParsed(back)).toEqual(describeParsed(parsed));
    const v = back.value as Record<string, unknown>;
    expect(Object.is(v.a, -0) && v.b === Infinity && v.c === -Infinity && Number.isNaN(v.d)).toBe(true);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toContain('__proto__');
  });

  it('refuses damaged bytes', () => {
    const parsed = parse('f.yaml', 'a: [1, {b: c}]\nd: e\n');
    const good = encodeParsedYaml(parsed)!;
    for (let n = 0; n < good.length; n++) expect(decodeParsedYaml(good.subarray(0, n), 'f.yaml'), `cut at ${n}`).toBeUndefined();
    const text = Buffer.from(good).toString('utf8');
    for (const bad of [text.replace('"m"', '"x"'), text.replace(/,1,/, ',"1",'), text.replace('"a"', '1'), text.replace(']]', '],5]'), '[1,["n","1"]]', '[1,["m",1,1,"a",1,1,1,1,"x","a",1,1,1,1,"y"]]'])
      expect(decodeParsedYaml(Buffer.from(bad), 'f.yaml'), bad).toBeUndefined();
  });
});

describe('the cache of parsed files', () => {
  function readThrough(file: string, text: string): { parsed: ParsedYaml | undefined; parsedNow: boolean } {
    let parsedNow = false;
    const parsed = parseThroughCache(file, text, 'parser', () => {
      parsedNow = true;
      const d = new Diagnostics();
      const p = parseYamlText(file, text, d);
      return { parsed: p, clean: d.items.length === 0 };
    });
    return { parsed, parsedNow };
  }
  const yamlSection = () => [...parseCacheFile(readFileSync(join(cacheFolder(), READ_CACHE_FILE_NAME)))!.keys()].find((n) => n.startsWith('yaml '))!;

  it('reads a text parsed before, in the next process, with positions naming the file read now', () => {
    expect(readThrough('a.yaml', 'x: 1\ny: [2]\n').parsedNow).toBe(true);
    expect(readThrough('a.yaml', 'x: 1\ny: [2]\n').parsedNow).toBe(false);
    flushCache();
    resetCacheState();
    const again = readThrough('b.yaml', 'x: 1\ny: [2]\n');
    expect(again.parsedNow).toBe(false);
    expect(again.parsed!.map.key(again.parsed!.value as object, 'y')).toEqual({ file: 'b.yaml', line: 2, column: 1 });
    expect(readThrough('b.yaml', 'x: 1\ny: [3]\n').parsedNow).toBe(true);
  });

  it('never keeps a text with a problem, so its problems are said every time', () => {
    const warned = 'a: 1\n%TAG !x! tag:x\n';
    for (const text of ['a: [1\n', 'a: 1\na: 2\n', 'a: &x 1\nb: *x\n', warned]) {
      readThrough('w.yaml', text);
      expect(readThrough('w.yaml', text).parsedNow, text).toBe(true);
    }
    flushCache();
    let kept = false;
    try {
      kept = yamlSection() !== undefined;
    } catch {
      /* no file: nothing kept */
    }
    expect(kept).toBe(false);
  });

  it('parses again when an entry is damaged, and says the problems of the file read', () => {
    const text = 'a: 1\n';
    readThrough('a.yaml', text);
    flushCache();
    const name = yamlSection();
    resetCacheState();
    rmSync(join(cacheFolder(), READ_CACHE_FILE_NAME));
    cacheSection(name, { file: READ_CACHE_FILE_NAME, maxEntries: 200 })!.add(createHash('sha256').update(text).digest('hex'), Buffer.from('[1,["m",1,1,'));
    expect(readThrough('a.yaml', text).parsedNow).toBe(true);
  });

  it('keeps the most recent files up to its bound', () => {
    for (let i = 0; i < 205; i++) readThrough('n.yaml', `n: ${i}\n`);
    flushCache();
    const section = parseCacheFile(readFileSync(join(cacheFolder(), READ_CACHE_FILE_NAME)))!;
    expect(section.size).toBe(1);
    resetCacheState();
    expect(readThrough('n.yaml', 'n: 204\n').parsedNow).toBe(false);
    expect(readThrough('n.yaml', 'n: 5\n').parsedNow).toBe(false);
    expect(readThrough('n.yaml', 'n: 4\n').parsedNow).toBe(true);
    expect(readThrough('n.yaml', 'n: 0\n').parsedNow).toBe(true);
  });

  it('goes through the reader of document files, and nothing is kept with the cache off', () => {
    const dir = mkdtempSync(join(tmpdir(), 'standpoint-yaml-doc-'));
    try {
      const file = join(dir, 'part.yaml');
      writeFileSync(file, 'items:\n  - id: a\n    text: Слово\n');
      const first = loadYamlFile(file, new Diagnostics())!;
      flushCache();
      resetCacheState();
      writeFileSync(file, 'items:\n  - id: a\n    text: Слово\n');
      expect(describeParsed(loadYamlFile(file, new Diagnostics())!)).toEqual(describeParsed(first));
      expect(yamlSection()).toBeDefined();
      rmSync(join(cacheFolder(), READ_CACHE_FILE_NAME));
      resetCacheState();
      process.env[NO_CACHE_VARIABLE] = '1';
      writeFileSync(file, 'items: []\n');
      loadYamlFile(file, new Diagnostics());
      flushCache();
      expect(readdirSync(cacheFolder())).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
