/**
 * YAML text -> plain JavaScript values plus a source map of positions.
 * Owns: decoding (UTF-8, BOM), YAML syntax errors, and remembering where every
 * mapping, sequence, key and scalar came from. Knows nothing of the document
 * model; `read/document.ts` builds the model from what this returns.
 */
import { CST, Lexer, LineCounter, parseDocument, isMap, isSeq, isScalar, isAlias, type Node as YamlNode } from 'yaml';
import type { Position } from '../model/types.js';
import type { Diagnostics } from '../diag/diagnostic.js';

export interface KeyPositions {
  key: Position;
  value: Position;
}

/** Positions of the plain values `parseYamlText` builds, looked up by identity. */
export class SourceMap {
  readonly containers = new WeakMap<object, Position>();
  readonly keys = new WeakMap<object, Map<string, KeyPositions>>();
  readonly elements = new WeakMap<object, Position[]>();

  constructor(readonly file: string) {}

  of(container: object | undefined): Position | undefined {
    return container ? this.containers.get(container) : undefined;
  }
  key(container: object, key: string): Position | undefined {
    return this.keys.get(container)?.get(key)?.key;
  }
  value(container: object, key: string): Position | undefined {
    return this.keys.get(container)?.get(key)?.value;
  }
  element(array: object, index: number): Position | undefined {
    return this.elements.get(array)?.[index];
  }
  start(): Position {
    return { file: this.file, line: 1, column: 1 };
  }
}

export interface ParsedYaml {
  value: unknown;
  map: SourceMap;
  /** Nodes (scalars and collections) in the file. */
  nodes: number;
}

const BOM = '\uFEFF';

/** Decodes bytes as strict UTF-8; reports invalid sequences with their line. */
export function decodeUtf8(file: string, bytes: Uint8Array, diags: Diagnostics): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.startsWith(BOM) ? text.slice(1) : text;
  } catch {
    // Find the first bad byte so the user can go there.
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const bad = lossy.indexOf('\uFFFD');
    const before = lossy.slice(0, Math.max(0, bad));
    const line = before.split('\n').length;
    const column = bad - before.lastIndexOf('\n');
    diags.error({ file, line, column }, 'encoding', 'file is not valid UTF-8', 'save the file as UTF-8 (in Word: Save As › Plain Text › Unicode (UTF-8))');
    return undefined;
  }
}

/**
 * Most YAML nodes (scalars and collections) one file may hold. The yaml
 * library needs about 30 µs and 1 kB per node (a 2 MB file of one million
 * `1,` took 37 s and 1 GB), so the count is taken before parsing. The 2011
 * response has 1 300 nodes in its largest file, the benchmark's 20× document
 * 40 000.
 */
export const MAX_YAML_NODES = 250_000;

// Characters one of which stands beside every node but the first: ':' and '?'
// for a pair (two nodes), '-' or ',' for an item, '[' or '{' for a collection.
const STRUCTURAL = new Set([':', '?', '-', ',', '[', '{'].map((c) => c.charCodeAt(0)));

/**
 * More than `limit` when `text` has more than `limit` nodes; otherwise at
 * most `limit` (an upper bound of the count, not the count). A cheap scan
 * first: a file has at most 2 × (structural characters) + 1 nodes, so ordinary
 * files (prose, far fewer of those characters than the limit) are not lexed;
 * only a file that might exceed the limit is, and lexing stops past the limit.
 */
export function countYamlNodes(text: string, limit: number): number {
  let structural = 0;
  for (let i = 0; i < text.length; i++) if (STRUCTURAL.has(text.charCodeAt(i))) structural++;
  if (2 * structural + 1 <= limit) return 2 * structural + 1;
  let nodes = 0;
  for (const token of new Lexer().lex(text)) {
    switch (CST.tokenType(token)) {
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar-header':
      case 'alias':
      case 'flow-map-start':
      case 'flow-seq-start':
      case 'seq-item-ind':
      case 'explicit-key-ind':
        if (++nodes > limit) return nodes;
        break;
      default:
    }
  }
  return nodes;
}

export function parseYamlText(file: string, text: string, diags: Diagnostics): ParsedYaml | undefined {
  if (countYamlNodes(text, MAX_YAML_NODES) > MAX_YAML_NODES) {
    diags.error(
      { file, line: 1, column: 1 },
      'too-large',
      `the file has more than ${MAX_YAML_NODES.toLocaleString('en')} YAML values; the limit keeps reading it to seconds`,
      'a whole response has a few thousand; is this the right file? Split a document this large into parts',
    );
    return undefined;
  }
  const lineCounter = new LineCounter();
  // Duplicate keys are found while converting, with a Set: the yaml library's
  // own check compares every key with every other (40 000 keys took a minute).
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true, keepSourceTokens: false });
  const pos = (offset: number): Position => {
    const lp = lineCounter.linePos(offset);
    return { file, line: lp.line, column: lp.col };
  };
  for (const e of doc.errors) {
    if (/Maximum call stack/.test(e.message)) {
      diags.error(pos(e.pos[0]), 'too-deep', 'the nesting is too deep to read', 'a response needs a few levels of nesting, not hundreds');
      continue;
    }
    diags.error(pos(e.pos[0]), e.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax', yamlMessage(e.message), yamlHint(e.code, text, e.pos[0]));
  }
  for (const w of doc.warnings) diags.warning(pos(w.pos[0]), 'yaml-syntax', yamlMessage(w.message));
  if (doc.errors.length > 0) return undefined;

  const map = new SourceMap(file);
  let nodes = 0;
  let duplicates = 0;
  const nodePos = (n: YamlNode | null | undefined): Position => (n?.range ? pos(n.range[0]) : map.start());

  const convert = (node: unknown, depth: number): unknown => {
    nodes++;
    if (depth > 200) {
      diags.error(nodePos(node as YamlNode), 'too-deep', 'nesting is deeper than 200 levels');
      return null;
    }
    if (isAlias(node)) {
      // Aliases could multiply text silently (a "billion laughs" file); documents have no need for them.
      diags.error(nodePos(node), 'yaml-alias', 'YAML aliases (*name) are not allowed in documents', 'write the text out where it is used');
      return null;
    }
    if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      const keys = new Map<string, KeyPositions>();
      for (const pair of node.items) {
        const keyNode = pair.key as YamlNode | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        const first = keys.get(key);
        if (first) {
          duplicates++;
          diags.error(nodePos(keyNode), 'duplicate-key', `the key ‘${key}’ appears twice in this mapping`, `each key may appear once in a mapping (first at line ${first.key.line}); remove or rename one of them`);
          continue;
        }
        const valueNode = pair.value as YamlNode | null;
        // defineProperty, not assignment: a key "__proto__" must stay a plain key, never a prototype.
        Object.defineProperty(obj, key, { value: convert(valueNode, depth + 1), enumerable: true, writable: true, configurable: true });
        keys.set(key, { key: nodePos(keyNode), value: valueNode ? nodePos(valueNode) : nodePos(keyNode) });
      }
      map.containers.set(obj, nodePos(node));
      map.keys.set(obj, keys);
      return obj;
    }
    if (isSeq(node)) {
      const arr: unknown[] = [];
      const positions: Position[] = [];
      for (const item of node.items) {
        arr.push(convert(item, depth + 1));
        positions.push(nodePos(item as YamlNode));
      }
      map.containers.set(arr, nodePos(node));
      map.elements.set(arr, positions);
      return arr;
    }
    if (isScalar(node)) {
      const v = node.value;
      // Dates stay strings: the model decides what a date is, not the YAML 1.1 timestamp rules.
      return v instanceof Date ? node.source ?? v.toISOString().slice(0, 10) : v;
    }
    return node ?? null;
  };
  const value = convert(doc.contents, 0);
  if (duplicates > 0) return undefined;
  return { value, map, nodes };
}

function yamlMessage(message: string): string {
  // The yaml library appends a code frame after the first line; the position already says where.
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '').replace(/\.$/, '');
}

function yamlHint(code: string, text: string, offset: number): string | undefined {
  if (code === 'DUPLICATE_KEY') return 'each key may appear once in a mapping; remove or rename one of them';
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const line = text.slice(lineStart, text.indexOf('\n', offset) === -1 ? undefined : text.indexOf('\n', offset));
  if (/^\s*\t/.test(line) || code === 'TAB_AS_INDENT') return 'YAML indents with spaces, not tabs';
  if (/: [^"'][^"]*: /.test(line)) return 'a text containing ": " must be quoted: text: "…"';
  if (code === 'BAD_INDENT' || code === 'MISSING_CHAR') return 'check the indentation of this line against the line above';
  return undefined;
}
