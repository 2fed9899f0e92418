/**
 * YAML files read before, kept in the typesetting cache (src/render/cache):
 * the values parseYamlText built from a text and every position of its
 * source map, keyed by the hash of the text. Owns turning a ParsedYaml into
 * bytes and back; the parsing itself stays in yaml-source.ts.
 *
 * Why: the yaml library (with positions) took some 150 ms of a cold render of
 * the 2011 response, the largest part of reading it, for files that seldom
 * change between two renders. Only a text that parsed without a single
 * problem is kept, so a file with an error or a warning is parsed (and its
 * problems reported) every time; a value the encoding cannot carry exactly
 * (anything but strings, finite numbers, booleans and null, and the arrays and
 * objects of them) keeps the whole file out. The section is named after the
 * yaml library's version and the code of the parser and of this module, so an
 * entry found is what parsing the text now would give
 * (test/unit/yaml-cache.test.ts compares both for every YAML file of data/).
 *
 * Form: UTF-8 JSON. A mapping is ["m", line, column, key, key line, key
 * column, value line, value column, value, …], a sequence ["s", line, column,
 * [line, column, …], item, …], a scalar itself; numbers JSON cannot write
 * (−0, infinities, NaN) are ["n", "text"].
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Position } from '../model/types.js';
import { cacheSection, READ_CACHE_FILE_NAME, type CacheSection } from '../render/cache/cache-file.js';
import { packageVersion } from '../render/cache/package-version.js';
import { SourceMap, type KeyPositions, type ParsedYaml } from './yaml-source.js';

/** Texts larger than this are parsed every time (the cache keeps responses, not data dumps). */
const MAX_TEXT_CHARS = 1_000_000;
/** Files kept: a few documents' parts and translations, in several versions each. */
const MAX_FILES = 200;

class NotEncodable extends Error {}

/** The JSON tree of a parsed file (throws NotEncodable for a value it cannot carry exactly). */
function encodeNode(value: unknown, map: SourceMap): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0) ? value : ['n', Object.is(value, -0) ? '-0' : String(value)];
  if (Array.isArray(value)) {
    const at = map.of(value);
    const elements = map.elements.get(value);
    if (!at || !elements || elements.length !== value.length) throw new NotEncodable();
    const out: unknown[] = ['s', at.line, at.column, elements.flatMap((p) => [p.line, p.column])];
    for (const item of value) out.push(encodeNode(item, map));
    return out;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const at = map.of(value);
    const keys = map.keys.get(value);
    const own = Object.keys(value);
    if (!at || !keys || keys.size !== own.length) throw new NotEncodable();
    const out: unknown[] = ['m', at.line, at.column];
    // In the order the keys were read (the source map's), which an object re-made in that order gives again.
    for (const [key, p] of keys) {
      if (!Object.prototype.hasOwnProperty.call(value, key)) throw new NotEncodable();
      out.push(key, p.key.line, p.key.column, p.value.line, p.value.column, encodeNode((value as Record<string, unknown>)[key], map));
    }
    return out;
  }
  throw new NotEncodable();
}

function decodeNode(node: unknown, map: SourceMap, file: string): unknown {
  if (!Array.isArray(node)) {
    if (node === null || typeof node === 'string' || typeof node === 'boolean' || typeof node === 'number') return node;
    throw new Error('not a node');
  }
  const pos = (line: unknown, column: unknown): Position => {
    if (!Number.isInteger(line) || !Number.isInteger(column)) throw new Error('not a position');
    return { file, line: line as number, column: column as number };
  };
  if (node[0] === 'n') {
    const n = Number(node[1]);
    if (typeof node[1] !== 'string' || node.length !== 2 || (Number.isFinite(n) && !Object.is(n, -0))) throw new Error('not a special number');
    return n;
  }
  if (node[0] === 's') {
    const flat = node[3];
    if (!Array.isArray(flat) || flat.length !== 2 * (node.length - 4)) throw new Error('element positions of the wrong length');
    const arr: unknown[] = [];
    const positions: Position[] = [];
    for (let i = 4; i < node.length; i++) {
      arr.push(decodeNode(node[i], map, file));
      positions.push(pos(flat[2 * (i - 4)], flat[2 * (i - 4) + 1]));
    }
    map.containers.set(arr, pos(node[1], node[2]));
    map.elements.set(arr, positions);
    return arr;
  }
  if (node[0] === 'm') {
    if ((node.length - 3) % 6 !== 0) throw new Error('mapping of the wrong length');
    const obj: Record<string, unknown> = {};
    const keys = new Map<string, KeyPositions>();
    for (let i = 3; i < node.length; i += 6) {
      const key = node[i];
      if (typeof key !== 'string' || keys.has(key)) throw new Error('not a key');
      // defineProperty, as the parser does: a key "__proto__" stays a plain key.
      Object.defineProperty(obj, key, { value: decodeNode(node[i + 5], map, file), enumerable: true, writable: true, configurable: true });
      keys.set(key, { key: pos(node[i + 1], node[i + 2]), value: pos(node[i + 3], node[i + 4]) });
    }
    map.containers.set(obj, pos(node[1], node[2]));
    map.keys.set(obj, keys);
    return obj;
  }
  throw new Error('unknown node');
}

/** A parsed file as bytes, or undefined when it holds a value the form cannot carry exactly. */
export function encodeParsedYaml(parsed: ParsedYaml): Uint8Array | undefined {
  try {
    return Buffer.from(JSON.stringify([parsed.nodes, encodeNode(parsed.value, parsed.map)]), 'utf8');
  } catch (err) {
    if (err instanceof NotEncodable) return undefined;
    throw err;
  }
}

/** The parsed file of `bytes`, its positions naming `file`; undefined when the bytes are not exactly that form. */
export function decodeParsedYaml(bytes: Uint8Array, file: string): ParsedYaml | undefined {
  try {
    const tree = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as unknown;
    if (!Array.isArray(tree) || tree.length !== 2 || !Number.isInteger(tree[0])) return undefined;
    const map = new SourceMap(file);
    return { value: decodeNode(tree[1], map, file), map, nodes: tree[0] as number };
  } catch {
    return undefined;
  }
}

const require = createRequire(import.meta.url);
let sectionName: string | undefined;

/** The cache section of parsed files; `parserCode` is the parser's own code, part of the name. */
function parsedFiles(parserCode: string): CacheSection | undefined {
  try {
    sectionName ??= `yaml 1 ${createHash('sha256')
      .update([packageVersion(require, 'yaml'), parserCode, String(encodeNode), String(decodeNode)].join('\u0000'))
      .digest('hex')}`;
    return cacheSection(sectionName, { file: READ_CACHE_FILE_NAME, maxEntries: MAX_FILES });
  } catch {
    return undefined;
  }
}

/**
 * `parse(text)` through the cache: a text parsed before without a problem is
 * read back; otherwise parsed, and kept when `clean` says it had no problem.
 */
export function parseThroughCache(file: string, text: string, parserCode: string, parse: () => { parsed: ParsedYaml | undefined; clean: boolean }): ParsedYaml | undefined {
  const s = text.length <= MAX_TEXT_CHARS ? parsedFiles(parserCode) : undefined;
  const hash = s ? createHash('sha256').update(text).digest('hex') : '';
  const known = s?.get(hash);
  const found = known ? decodeParsedYaml(known, file) : undefined;
  if (found) return found;
  const { parsed, clean } = parse();
  if (s && parsed && clean) {
    const bytes = encodeParsedYaml(parsed);
    if (bytes) s.add(hash, bytes);
  }
  return parsed;
}
