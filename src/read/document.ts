/**
 * Reads a document folder (document.yaml and its parts) into the model, or
 * the same files held in memory (readDocumentFromMemory: a service or another
 * tool that has the YAML as text touches no disk).
 * Owns: locating files, keeping every path inside the document's folder,
 * schema validation per file, and building model nodes with positions.
 * Never renders; writes only to finish or undo a commit that a killed
 * standpoint left half done (io/transaction.ts), before reading.
 */
import { lstatSync, realpathSync, statSync, readdirSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import type {
  Abbreviation, Block, CommitmentRef, ImageRef, Letterhead, Signature, DocumentMeta, FindingQuote, Footnote, Group, Instrument, Item,
  ListStyle, Position, ResponseDocument, Section, SectionKind, TableBlock, Unit, VerdictCode,
} from '../model/types.js';
import { Diagnostics, UserError } from '../diag/diagnostic.js';
import { didYouMean } from '../diag/suggest.js';
import { countYamlNodes, decodeUtf8, parseYamlText, type ParsedYaml, type SourceMap } from './yaml-source.js';
import { parseThroughCache } from './yaml-cache.js';
import { FILE_LIMITS, readUserFile, UserFileError } from './user-file.js';
import { validateAgainstSchema } from '../validate/schema.js';
import { readTranslations } from './translations.js';
import { recoverInterruptedCommit, TRANSACTION_DIR } from '../io/transaction.js';
import { lengthMm, readStyle } from './style.js';
import { readImage } from './images.js';

type Obj = Record<string, unknown>;

export const DOCUMENT_FILE = 'document.yaml';

/**
 * Most YAML nodes of one document, all its files together: the benchmark's 20×
 * document has 140 000; with each file at most MAX_YAML_NODES, reading stays
 * within seconds however many parts a document lists.
 */
export const MAX_DOCUMENT_NODES = 500_000;

export interface ReadResult {
  doc?: ResponseDocument;
  diagnostics: Diagnostics;
  /** Every file read, for watch mode. */
  files: string[];
}

/** Resolves `data/x` or `data/x/document.yaml` to the document file and its folder. */
export function locateDocument(arg: string): { file: string; root: string } {
  let st;
  try {
    st = statSync(arg);
  } catch {
    const parent = dirname(resolve(arg));
    let hint: string | undefined;
    try {
      hint = didYouMean(basename(arg), readdirSync(parent));
    } catch {
      /* the parent is missing too: no hint to give */
    }
    throw UserError.single({ file: arg, line: 1, column: 1 }, 'file-not-found', `no such document: ${arg}`, hint, 2);
  }
  if (st.isDirectory()) {
    const file = join(arg, DOCUMENT_FILE);
    try {
      statSync(file);
    } catch {
      throw UserError.single({ file, line: 1, column: 1 }, 'file-not-found', `the folder ${arg} has no ${DOCUMENT_FILE}`, undefined, 2);
    }
    return { file, root: arg };
  }
  return { file: arg, root: dirname(arg) };
}

function locateInMemory(root: string): { file: string; root: string } {
  const file = join(root, DOCUMENT_FILE);
  if (entryKind(file) !== 'file') throw UserError.single({ file, line: 1, column: 1 }, 'file-not-found', `the document's files have no ${DOCUMENT_FILE}`, 'document.yaml holds the metadata and lists the parts', 1);
  return { file, root };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

interface CachedParse {
  stamp: string;
  result: ParsedYaml | undefined;
  diagnostics: Diagnostics;
}

/**
 * Parsed files by path, kept while their size and modification time stay the
 * same: a long-running process (watch) re-parses only the file that changed.
 * Values are never mutated after parsing, so sharing them is safe.
 */
const parseCache = new Map<string, CachedParse>();

/**
 * A YAML file of the installed package (the default house style), read from
 * the disk even while a document is read from memory or with planned texts.
 */
export function loadPackageYamlFile(file: string, diags: Diagnostics): ParsedYaml | undefined {
  const outerMemory = memory;
  const outerOverlay = overlay;
  memory = undefined;
  overlay = undefined;
  try {
    return loadYamlFile(file, diags);
  } finally {
    memory = outerMemory;
    overlay = outerOverlay;
  }
}

/** Reads bytes and parses YAML, reporting into `diags`; undefined when the file is unusable. */
export function loadYamlFile(file: string, diags: Diagnostics): ParsedYaml | undefined {
  if (memory) {
    const text = memory.files.get(memoryKey(file));
    if (text === undefined) {
      diags.error({ file, line: 1, column: 1 }, 'file-not-found', `${file} is not among the document's files`);
      return undefined;
    }
    return parseMemoryText(file, text, diags);
  }
  const planned = overlay?.get(resolve(file));
  if (planned !== undefined) {
    if (planned.trim() === '') {
      diags.error({ file, line: 1, column: 1 }, 'empty-file', 'the file is empty');
      return undefined;
    }
    return parseYamlText(file, planned, diags);
  }
  let stamp: string | undefined;
  try {
    const st = statSync(file);
    stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    /* reported by the read below */
  }
  const hit = stamp ? parseCache.get(file) : undefined;
  if (hit && hit.stamp === stamp) {
    diags.merge(hit.diagnostics);
    return hit.result;
  }
  const own = new Diagnostics();
  const result = loadYamlFileUncached(file, own);
  diags.merge(own);
  if (stamp) parseCache.set(file, { stamp, result, diagnostics: own });
  return result;
}

function loadYamlFileUncached(file: string, diags: Diagnostics): ParsedYaml | undefined {
  let bytes: Buffer;
  try {
    bytes = readUserFile(file, FILE_LIMITS.yaml);
  } catch (err) {
    if (!(err instanceof UserFileError)) throw err;
    err.report(diags);
    return undefined;
  }
  if (bytes.length === 0 || bytes.toString('utf8').trim() === '') {
    diags.error({ file, line: 1, column: 1 }, 'empty-file', 'the file is empty');
    return undefined;
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    diags.error({ file, line: 1, column: 1 }, 'encoding', 'the file is UTF-16 text; standpoint reads YAML in UTF-8', 'save the file as UTF-8 (in Notepad: Save As › Encoding › UTF-8)');
    return undefined;
  }
  if (bytes.includes(0)) {
    diags.error({ file, line: 1, column: 1 }, 'binary-file', 'the file holds binary data (NUL bytes), not YAML text');
    return undefined;
  }
  const text = decodeUtf8(file, bytes, diags);
  if (text === undefined) return undefined;
  return parseThroughCache(file, text, PARSER_CODE, () => {
    const own = new Diagnostics();
    const parsed = parseYamlText(file, text, own);
    diags.merge(own);
    return { parsed, clean: own.items.length === 0 };
  });
}

/** What a parsed file depends on besides its text, for the cache of parsed files. */
const PARSER_CODE = [parseYamlText, countYamlNodes].map(String).join('\u0000');

/** A text given in memory gets the checks a file's bytes get: size, NUL, emptiness. */
function parseMemoryText(file: string, text: string, diags: Diagnostics): ParsedYaml | undefined {
  if (Buffer.byteLength(text, 'utf8') > FILE_LIMITS.yaml) {
    diags.error({ file, line: 1, column: 1 }, 'too-large', `the text is larger than ${FILE_LIMITS.yaml / 1048576} MB`, 'a whole response is a few hundred kilobytes');
    return undefined;
  }
  if (text.includes('\0')) {
    diags.error({ file, line: 1, column: 1 }, 'binary-file', 'the text holds NUL characters, not YAML');
    return undefined;
  }
  if (text.trim() === '') {
    diags.error({ file, line: 1, column: 1 }, 'empty-file', 'the file is empty');
    return undefined;
  }
  return parseYamlText(file, text.replace(/^\uFEFF/, ''), diags);
}

/**
 * The files of a document read from memory while one readDocumentFromMemory
 * runs: paths under `root` ('' gives bare names such as critical.yaml, which
 * is how positions then read) to their text. Never the disk.
 */
let memory: { root: string; files: Map<string, string> } | undefined;

function memoryKey(path: string): string {
  return posix.normalize(path.split(sep).join('/')).replace(/^\.\//, '');
}

/** Whether the document being read is held in memory (its files are texts; it has no pictures or font files). */
export function readingFromMemory(): boolean {
  return memory !== undefined;
}

/** 'file', 'folder' or undefined, from memory or the disk (following links). */
function entryKind(path: string): 'file' | 'folder' | 'other' | undefined {
  if (memory) {
    const key = memoryKey(path);
    if (memory.files.has(key)) return 'file';
    const prefix = key === '.' || key === '' ? '' : `${key}/`;
    return [...memory.files.keys()].some((k) => k.startsWith(prefix)) ? 'folder' : undefined;
  }
  try {
    const st = statSync(path);
    return st.isDirectory() ? 'folder' : st.isFile() ? 'file' : 'other';
  } catch (err) {
    // Only "not there" means absent; a folder that cannot be read is the caller's to report.
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

/** The names in a folder, from memory or the disk; throws as readdirSync does when it cannot be read. */
export function folderEntries(dir: string): string[] {
  if (!memory) return readdirSync(dir);
  const key = memoryKey(dir);
  const prefix = key === '.' || key === '' ? '' : `${key}/`;
  const names = new Set<string>();
  for (const k of memory.files.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]!);
  if (names.size === 0) throw Object.assign(new Error(`ENOENT: ${dir}`), { code: 'ENOENT' });
  return [...names];
}

/** The kind of entry at a path (translations/ may be a file by mistake), from memory or the disk; undefined when absent, throws when unreadable. */
export function pathKind(path: string): 'file' | 'folder' | 'other' | undefined {
  return entryKind(path);
}

/** Inside by the names alone (files in memory have no links to follow). */
function insideLexically(root: string, target: string): boolean {
  // Both relative (or both absolute): relative() compares them as they are, ".." included.
  const rel = posix.relative(memoryKey(root), memoryKey(target));
  return rel === '' || (rel !== '..' && !rel.startsWith('../') && !posix.isAbsolute(rel));
}

/** True when `target` (after resolving symlinks) lies inside `root`. */
export function isInside(root: string, target: string): boolean {
  if (memory) return insideLexically(root, target);
  let realRoot: string;
  let realTarget: string;
  try {
    realRoot = realpathSync(root);
    realTarget = realpathSync(target);
  } catch {
    realRoot = resolve(root);
    realTarget = resolve(target);
  }
  const rel = relative(realRoot, realTarget);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`));
}

/** Texts to read instead of the files at these (resolved) paths, while one readDocument runs. */
let overlay: Map<string, string> | undefined;

export interface ReadOptions {
  /** Languages whose translations to read; all of them when absent (validate, i18n, diff). */
  translations?: string[];
  /**
   * Texts that stand in for existing files (resolved path -> text): a command
   * checks the files it plans to write as a document before writing them.
   */
  overlay?: Map<string, string>;
}

/**
 * A document whose files are texts in memory: `files` maps names relative to
 * the document folder ('document.yaml', 'critical.yaml',
 * 'translations/ru.yaml') to YAML text. Positions name the files so; nothing
 * is read from or written to the disk. `root` prefixes the names (default none).
 */
export function readDocumentFromMemory(files: Record<string, string> | Map<string, string>, options: { root?: string; translations?: string[] } = {}): ReadResult {
  const root = options.root ?? '';
  const texts = new Map<string, string>();
  for (const [name, text] of files instanceof Map ? files : Object.entries(files)) {
    if (isAbsolute(name) || !insideLexically(root, join(root, name))) {
      const diags = new Diagnostics();
      diags.error({ file: name, line: 1, column: 1 }, 'path-outside', `the file name ${JSON.stringify(name)} is outside the document folder`, 'name files relative to the document folder: document.yaml, critical.yaml, translations/ru.yaml');
      return { diagnostics: diags, files: [] };
    }
    texts.set(memoryKey(join(root, name)), text);
  }
  const outer = memory;
  memory = { root, files: texts };
  try {
    return readDocumentFiles(root, { ...(options.translations ? { translations: options.translations } : {}) });
  } finally {
    memory = outer;
  }
}

export function readDocument(arg: string, options: ReadOptions = {}): ReadResult {
  if (!options.overlay) return readDocumentFiles(arg, options);
  const outer = overlay;
  overlay = new Map([...options.overlay].map(([k, v]) => [resolve(k), v]));
  try {
    return readDocumentFiles(arg, options);
  } finally {
    overlay = outer;
  }
}

function readDocumentFiles(arg: string, options: ReadOptions): ReadResult {
  const diags = new Diagnostics();
  // A write that a killed standpoint left half done is finished or undone first: no command reads half a commit.
  const recovered = memory ? undefined : recoverInterruptedCommit(isDirectory(arg) ? arg : dirname(arg));
  if (recovered && recovered.action !== 'cleaned') {
    diags.warning(
      { file: join(isDirectory(arg) ? arg : dirname(arg), TRANSACTION_DIR), line: 1, column: 1 },
      'transaction-recovered',
      recovered.action === 'rolled-back'
        ? `an earlier standpoint command was stopped while writing this document; its changes were undone (${recovered.files.length} file(s) restored)`
        : 'an earlier standpoint command was stopped just after writing this document; its changes are complete',
    );
  }
  const { file, root } = memory ? locateInMemory(memory.root) : locateDocument(arg);
  const files = [file];
  const parsed = loadYamlFile(file, diags);
  if (!parsed) return { diagnostics: diags, files };
  const budget = new NodeBudget(parsed.nodes);
  // Parts are checked even when document.yaml has errors, so one run reports everything.
  const docValid = validateAgainstSchema('document', parsed.value, parsed.map, diags);
  const top = (parsed.value && typeof parsed.value === 'object' ? parsed.value : {}) as Obj;
  const b = new Builder(parsed.map, diags);

  const sections: Section[] = docValid ? ((top.sections as Obj[] | undefined) ?? []).map((s) => b.section(s)) : [];
  const parts = Array.isArray(top.parts) ? (top.parts as unknown[]).filter((p): p is string => typeof p === 'string') : [];
  parts.forEach((part, index) => {
    if (budget.exhausted) return;
    const partsArr = top.parts as object;
    const pos = parsed.map.element(partsArr, index);
    const partFile = join(root, part);
    if (isAbsolute(part) || !isInside(root, partFile) || part.split(/[\\/]/).includes('..')) {
      diags.error(pos, 'path-outside', `part ${JSON.stringify(part)} is outside the document folder`, 'parts are files inside the folder of document.yaml');
      return;
    }
    files.push(partFile);
    if (!entryExists(partFile)) {
      const yamlFiles = folderEntries(root || '.').filter((f) => /\.ya?ml$/.test(f) && f !== DOCUMENT_FILE && f !== part);
      diags.error(pos, 'file-not-found', `part ${part} cannot be read`, didYouMean(part, yamlFiles) ?? 'there is no such file in the document folder');
      return;
    }
    const before = diags.items.length;
    const p = loadYamlFile(partFile, diags);
    if (!p) {
      if (diags.items.length === before) diags.error(pos, 'file-not-found', `part ${part} cannot be read`);
      return;
    }
    if (!budget.spend(p.nodes, pos, diags)) return;
    if (!validateAgainstSchema('section', p.value, p.map, diags)) return;
    sections.push(new Builder(p.map, diags).section(p.value as Obj));
  });
  if (!docValid) return { diagnostics: diags, files };

  const doc: ResponseDocument = {
    id: top.id as string,
    idPos: parsed.map.value(top, 'id'),
    lang: top.lang as string,
    root,
    pos: parsed.map.of(top),
    meta: b.meta(top.meta as Obj),
    instruments: ((top.instruments as Obj[] | undefined) ?? []).map((i) => b.instrument(i)),
    opening: b.blocks(top.opening),
    sections,
    closing: b.blocks(top.closing),
    abbreviations: ((top.abbreviations as Obj[] | undefined) ?? []).map((a) => b.abbreviation(a)),
    ...(top.letterhead ? { letterhead: b.letterhead(top.letterhead as Obj) } : {}),
    ...(top.signature ? { signature: b.signature(top.signature as Obj) } : {}),
    translations: new Map(),
    images: new Map(),
  };
  // The house style and every image the data names are read and checked now: a render never meets an unchecked file.
  const style = readStyle(root, diags);
  files.push(...style.files);
  if (style.style) doc.style = style.style;
  for (const ref of b.images) {
    if (doc.images.has(ref.src)) continue;
    const image = readImage(root, ref.src, ref.pos, diags);
    if (image) {
      doc.images.set(ref.src, image);
      files.push(join(root, ref.src));
    }
  }
  // Translations are checked against the units; with errors above, units are missing and every entry would warn.
  if (!diags.hasErrors) {
    const t = readTranslations(root, doc, diags, options.translations, budget);
    files.push(...t.files);
    doc.translations = t.translations;
  }
  return { doc, diagnostics: diags, files };
}

/** The YAML nodes a document may still read (MAX_DOCUMENT_NODES over all its files). */
export class NodeBudget {
  exhausted = false;
  constructor(private used = 0) {}

  /** Counts a file's nodes; false (and reported at `pos`) once the document is over the limit. */
  spend(nodes: number, pos: Position | undefined, diags: Diagnostics): boolean {
    this.used += nodes;
    if (this.used <= MAX_DOCUMENT_NODES) return true;
    if (!this.exhausted) {
      diags.error(
        pos,
        'too-large',
        `with this file the document has more than ${MAX_DOCUMENT_NODES.toLocaleString('en')} YAML values; the rest is not read`,
        'a whole response has a few thousand; is a part listed twice, or the wrong file listed?',
      );
    }
    this.exhausted = true;
    return false;
  }
}

/** True when a directory entry of that name exists, even a link that leads nowhere (reported when read). */
function entryExists(path: string): boolean {
  if (memory) return entryKind(path) !== undefined;
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** True for a YYYY-MM-DD that names a real day (2011-02-30 and 2011-13-01 do not). */
export function isCalendarDate(iso: string): boolean {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Builds model nodes from schema-valid plain values, attaching positions. */
class Builder {
  constructor(
    private readonly map: SourceMap,
    private readonly diags: Diagnostics,
  ) {}

  private pos(o: object | undefined): Position | undefined {
    return this.map.of(o as object);
  }

  unit(o: Obj): Unit {
    return { id: o.id as string, text: String(o.text ?? ''), ...(typeof o.note === 'string' ? { note: o.note } : {}), pos: this.map.value(o, 'text') ?? this.pos(o) };
  }

  maybeUnit(o: unknown): Unit | undefined {
    return o ? this.unit(o as Obj) : undefined;
  }

  meta(o: Obj): DocumentMeta {
    for (const key of ['date', 'electionDate']) {
      const v = o[key];
      if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !isCalendarDate(v)) {
        this.diags.error(this.map.value(o, key), 'invalid-date', `${key} ${v} is not a date of the calendar`, 'write the date as YYYY-MM-DD, e.g. 2011-04-03 (month 01–12, a day the month has)');
      }
    }
    return {
      title: this.unit(o.title as Obj),
      issuer: this.unit(o.issuer as Obj),
      issuerShort: this.unit(o.issuerShort as Obj),
      state: this.unit(o.state as Obj),
      report: this.unit(o.report as Obj),
      election: this.unit(o.election as Obj),
      electionDate: o.electionDate as string | undefined,
      date: o.date as string | undefined,
      ...(o.shortTitle ? { shortTitle: this.unit(o.shortTitle as Obj) } : {}),
      ...(o.place ? { place: this.unit(o.place as Obj) } : {}),
      ...(typeof o.number === 'string' ? { number: o.number } : {}),
    };
  }

  /** Every image file the data names, in the order named, for the reader to check. */
  readonly images: ImageRef[] = [];

  private image(o: Obj, key: string): ImageRef {
    const ref = { src: o[key] as string, pos: this.map.value(o, key) ?? this.pos(o) };
    this.images.push(ref);
    return ref;
  }

  letterhead(o: Obj): Letterhead {
    return { pos: this.pos(o), ...(typeof o.logo === 'string' ? { logo: this.image(o, 'logo') } : {}), ...(o.address ? { address: this.unit(o.address as Obj) } : {}) };
  }

  signature(o: Obj): Signature {
    return { pos: this.pos(o), name: this.unit(o.name as Obj), position: this.unit(o.position as Obj), ...(typeof o.image === 'string' ? { image: this.image(o, 'image') } : {}) };
  }

  instrument(o: Obj): Instrument {
    return { id: o.id as string, name: this.unit(o.name as Obj), short: this.maybeUnit(o.short), cited: this.maybeUnit(o.cited), pos: this.pos(o) };
  }

  abbreviation(o: Obj): Abbreviation {
    const alias = typeof o.alias === 'string' ? { alias: { id: `${o.id as string}.alias`, text: o.alias, pos: this.map.value(o, 'alias') ?? this.pos(o) } } : {};
    return { ...this.unit(o), short: { id: `${o.id as string}.short`, text: o.short as string, pos: this.map.value(o, 'short') ?? this.pos(o) }, ...alias };
  }

  blocks(list: unknown): Block[] {
    return ((list as Obj[] | undefined) ?? []).flatMap((o) => {
      const b = this.block(o);
      return b ? [b] : [];
    });
  }

  block(o: Obj): Block | undefined {
    const kinds = ['text', 'list', 'table', 'quote', 'image'].filter((k) => o[k] !== undefined);
    const pos = this.pos(o);
    if (kinds.length !== 1) {
      this.diags.error(
        pos,
        'block-kind',
        kinds.length === 0 ? `block ‘${String(o.id)}’ has no content` : `block ‘${String(o.id)}’ has both ${kinds.join(' and ')}`,
        'a block has exactly one of text, list, table, quote or image',
      );
      return undefined;
    }
    const id = o.id as string;
    switch (kinds[0]) {
      case 'text':
        return { kind: 'paragraph', unit: this.unit(o), pos };
      case 'quote':
        return { kind: 'quotation', unit: { id, text: o.quote as string, pos: this.map.value(o, 'quote') ?? pos }, pos };
      case 'image': {
        const i = o.image as Obj;
        const ref = this.image(i, 'file');
        return { kind: 'image', id, src: ref.src, ...(typeof i.width === 'string' ? { widthMm: lengthMm(i.width) } : {}), alt: this.unit(i.alt as Obj), pos };
      }
      case 'list': {
        const l = o.list as Obj;
        return { kind: 'list', id, style: (l.style as ListStyle | undefined) ?? '1)', items: (l.items as Obj[]).map((u) => this.unit(u)), pos };
      }
      default: {
        const t = o.table as Obj;
        const table: TableBlock = {
          kind: 'table',
          id,
          pos,
          columns: (t.columns as Obj[]).map((c) => ({ ...this.unit(c), width: (c.width as number | undefined) ?? 1 })),
          rows: (t.rows as Obj[]).map((r) => {
            const cells = r.cells as unknown[];
            return {
              id: r.id as string,
              pos: this.pos(r),
              cells: cells.map((c, i) => ({ id: `${r.id as string}.c${i + 1}`, text: String(c ?? ''), pos: this.map.element(cells, i) })),
            };
          }),
        };
        return table;
      }
    }
  }

  finding(o: Obj): FindingQuote {
    const ref = o.ref as Obj | undefined;
    return {
      ...this.unit(o),
      ref: ref
        ? {
            section: ref.section === undefined ? undefined : String(ref.section),
            page: ref.page === undefined ? undefined : String(ref.page),
            pages: ref.pages === undefined ? undefined : String(ref.pages),
            pos: this.pos(ref),
          }
        : undefined,
      end: o.end as string | undefined,
      newParagraph: o.newParagraph === true,
    };
  }

  item(o: Obj): Item {
    return {
      id: o.id as string,
      pos: this.pos(o),
      number: o.number === undefined ? undefined : String(o.number),
      label: o.label as string | undefined,
      findings: ((o.findings as Obj[] | undefined) ?? []).map((f) => this.finding(f)),
      footnotes: ((o.footnotes as Obj[] | undefined) ?? []).map((f) => this.unit(f) as Footnote),
      commitments: ((o.commitments as Obj[] | undefined) ?? []).map(
        (c): CommitmentRef => ({ instrument: c.instrument as string, paragraphs: (c.paragraphs as unknown[]).map(String), pos: this.pos(c) }),
      ),
      purpose: this.maybeUnit(o.purpose),
      standpoint: this.blocks(o.standpoint),
      verdict: o.verdict as VerdictCode | undefined,
      verdictPos: this.map.value(o, 'verdict'),
      verdictNote: this.maybeUnit(o.verdictNote),
      subitems: ((o.subitems as Obj[] | undefined) ?? []).map((s) => this.item(s)),
    };
  }

  group(o: Obj): Group {
    return {
      id: o.id as string,
      pos: this.pos(o),
      label: o.label as string | undefined,
      heading: this.maybeUnit(o.heading),
      leadIn: ((o.leadIn as Obj[] | undefined) ?? []).map((f) => this.finding(f)),
      items: ((o.items as Obj[] | undefined) ?? []).map((i) => this.item(i)),
      groups: ((o.groups as Obj[] | undefined) ?? []).map((g) => this.group(g)),
    };
  }

  section(o: Obj): Section {
    return {
      id: o.id as string,
      kind: o.kind as SectionKind,
      pos: this.pos(o),
      heading: this.maybeUnit(o.heading),
      intro: this.blocks(o.intro),
      items: ((o.items as Obj[] | undefined) ?? []).map((i) => this.item(i)),
      groups: ((o.groups as Obj[] | undefined) ?? []).map((g) => this.group(g)),
      outro: this.blocks(o.outro),
    };
  }
}
