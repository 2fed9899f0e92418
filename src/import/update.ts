/**
 * `import --update`: bringing the edits made to a rendered DOCX back into the
 * document's YAML (the source language) or into `translations/<lang>.yaml`
 * (a translator's DOCX). Plans, never writes: the caller commits the returned
 * files as one transaction.
 *
 * Checked in this order, and refused before anything is planned: the DOCX
 * package (docx-package.ts), the document id and language it carries, then the
 * whole import. Source edits are brought back by making the YAML hold what the
 * DOCX holds — texts, verdicts, numbers, references, paragraphs added, removed,
 * moved and reordered, items removed — editing the parsed YAML in place, so
 * comments and layout stay. Then two checks make "every change reported is the
 * change written" hold by construction:
 *  - the new files are read and validated as a document (in a temporary copy);
 *  - the new document is rendered again in the DOCX's language and imported
 *    again: that import must equal the import of the user's DOCX. What differs
 *    is an edit the data cannot hold (an edited lead-in, a commitment
 *    sentence, a new section …) and is refused with its place, instead of
 *    being dropped.
 * The change report is the diff between the document before and after.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, YAMLSeq, type Document as YamlDocument, type YAMLMap } from 'yaml';
import type { ResponseDocument, TranslatedUnit } from '../model/types.js';
import { documentUnits, sectionItems } from '../model/walk.js';
import { readDocument } from '../read/document.js';
import { translationFile, TRANSLATIONS_DIR } from '../read/translations.js';
import { validateDocument } from '../validate/index.js';
import { Diagnostics, UserError, type Diagnostic } from '../diag/diagnostic.js';
import type { Locales } from '../compose/i18n.js';
import { composeLang, loadValidDocument } from '../render/index.js';
import { buildDocxPlan } from '../render/docx/build.js';
import { docxParts } from '../render/docx/pack.js';
import { diffDocuments, type DocumentDiff } from '../diff/document-diff.js';
import { diffToText } from '../diff/report.js';
import { sourceHash } from '../l10n/source-hash.js';
import { compareCodes, sameInline } from '../l10n/inline-codes.js';
import { serializeTranslation } from '../l10n/translation-file.js';
import { commitFiles, TRANSACTION_DIR, type FileWrite } from '../io/transaction.js';
import { openDocx, openDocxParts, type DocxPackage } from './docx-package.js';
import { docxIdentity, importDocxPackage } from './docx.js';
import type { ImportWarning, ImportedDocument, PrintedText } from './text.js';

type Obj = Record<string, unknown>;

export interface UpdateOptions {
  locales: Locales;
  localesDir: string;
  templatesDir: string;
  /** The language the user named (--lang); without it, the DOCX must be in the document's language. */
  lang?: string;
}

export interface UpdatePlan {
  mode: 'source' | 'translation';
  lang: string;
  /** The files to commit (only those whose bytes change). */
  writes: FileWrite[];
  /** The change report, as printed. */
  report: string;
  /** The source diff (source mode). */
  diff?: DocumentDiff;
  /** The translation changes (translation mode). */
  translation?: { added: string[]; updated: string[]; untranslated: string[] };
  warnings: ImportWarning[];
}

function refuse(file: string, rule: string, message: string, hint?: string, exitCode: 1 | 2 = 1): never {
  throw UserError.single({ file, line: 1, column: 1 }, rule, message, hint, exitCode);
}

/** Every id of the document: units, items, groups, sections, blocks. */
function allIds(doc: ResponseDocument): Set<string> {
  const ids = new Set<string>([doc.id]);
  for (const v of documentUnits(doc)) ids.add(v.unit.id);
  for (const ins of doc.instruments) ids.add(ins.id);
  for (const s of doc.sections) {
    ids.add(s.id);
    const groups = (gs: typeof s.groups): void => {
      for (const g of gs) {
        ids.add(g.id);
        groups(g.groups);
      }
    };
    groups(s.groups);
    for (const it of sectionItems(s)) {
      ids.add(it.id);
      for (const b of it.standpoint) if (b.kind === 'list' || b.kind === 'table') ids.add(b.id);
      for (const b of it.standpoint) if (b.kind === 'table') for (const r of b.rows) ids.add(r.id);
    }
    for (const b of [...s.intro, ...s.outro]) if (b.kind === 'list' || b.kind === 'table') ids.add(b.id);
  }
  for (const b of [...doc.opening, ...doc.closing]) if (b.kind === 'list' || b.kind === 'table') ids.add(b.id);
  return ids;
}

/**
 * Checks that the DOCX belongs to this document and says which language its
 * edits go to. Nothing else is read before this passes.
 */
export function updateTarget(doc: ResponseDocument, file: string, pkg: DocxPackage, explicitLang: string | undefined, locales: Locales): { mode: 'source' | 'translation'; lang: string } {
  const identity = docxIdentity(pkg);
  if (!identity.documentId) {
    refuse(file, 'docx-not-standpoint', `${file} carries no standpoint document id: it was not rendered by standpoint, or its document properties were removed`, `--update brings back edits to a DOCX rendered from ${doc.id}; to read another response, import it into a new folder: standpoint import ${file} -o <folder>`);
  }
  if (identity.documentId !== doc.id) {
    refuse(file, 'docx-other-document', `${file} was rendered from the document ‘${identity.documentId}’, not from ‘${doc.id}’`, 'give the document folder the DOCX was rendered from');
  }
  if (identity.langs && identity.langs.length > 1) {
    refuse(file, 'docx-parallel', `${file} sets ${identity.langs.join(' and ')} side by side; edits come back only from a DOCX in one language`, `render --lang ${identity.langs[1]} and edit that`);
  }
  const docxLang = identity.lang ?? doc.lang;
  if (explicitLang !== undefined && explicitLang !== docxLang) {
    refuse(file, 'docx-other-language', `${file} is in ${docxLang}, not in ${explicitLang}`, docxLang === doc.lang ? 'leave out --lang to bring edits into the source YAML' : `use --lang ${docxLang}`);
  }
  if (docxLang !== doc.lang && explicitLang === undefined) {
    refuse(
      file,
      'docx-other-language',
      `${file} is in ${docxLang}, but ${doc.id} is written in ${doc.lang}`,
      `to bring a translator's edits into ${relative(process.cwd(), translationFile(doc.root, docxLang)) || translationFile(doc.root, docxLang)}, add --lang ${docxLang}`,
    );
  }
  if (docxLang !== doc.lang && !locales.langs.includes(docxLang)) refuse(file, 'unknown-language', `no locale for the language ‘${docxLang}’`, `languages: ${locales.langs.join(', ')}`, 2);
  return { mode: docxLang === doc.lang ? 'source' : 'translation', lang: docxLang };
}

/**
 * The whole `import --update`: opens the DOCX (a damaged package is refused
 * before the document is even read), reads and validates the document,
 * plans, and — unless `dryRun` — commits the changed files as one
 * transaction. Throws UserError with nothing written when anything fails.
 */
export function updateFromDocx(document: string, file: string, o: UpdateOptions & { dryRun?: boolean }): UpdatePlan & { documentWarnings: Diagnostic[] } {
  const pkg = openDocx(file);
  const { doc, warnings, files } = loadValidDocument(document);
  const plan = planDocxUpdate(doc, files, file, pkg, o);
  if (!o.dryRun) commitFiles(doc.root, plan.writes);
  return { ...plan, documentWarnings: warnings };
}

/** Plans bringing the edits of `file` (already opened as `pkg`) back into `doc`. */
export function planDocxUpdate(doc: ResponseDocument, documentFiles: string[], file: string, pkg: DocxPackage, o: UpdateOptions): UpdatePlan {
  const target = updateTarget(doc, file, pkg, o.lang, o.locales);
  const known = allIds(doc);
  const imported = importDocxPackage(pkg, { locales: o.locales, id: doc.id, lang: target.lang, knownIds: known, commitmentsAsText: target.mode === 'translation' });
  try {
    return target.mode === 'source' ? planSource(doc, documentFiles, file, imported, known, o) : planTranslation(doc, file, imported, target.lang, o);
  } catch (err) {
    // The importer's warnings often say why (a verdict line it could not read …): they come with the refusal.
    if (!(err instanceof UserError) || !imported.warnings.length) throw err;
    const warnings = new Diagnostics();
    for (const w of imported.warnings) warnings.warning({ file, line: w.line, column: 1 }, 'import', w.message);
    throw new UserError([...warnings.items, ...err.diagnostics], err.exitCode);
  }
}

// ---------------------------------------------------------------- source mode

interface Place {
  file: string;
  doc: YamlDocument;
  node: YAMLMap;
}

/** Keys synchronised as plain values, and the value that means "absent". */
const SCALAR_KEYS: Record<string, unknown> = { text: undefined, quote: undefined, verdict: undefined, number: undefined, label: undefined, end: '.', newParagraph: false, short: undefined, alias: undefined };
/** Sequences of id'd nodes synchronised element by element. */
const SEQ_KEYS = ['findings', 'footnotes', 'standpoint', 'subitems', 'items', 'groups', 'intro', 'outro', 'leadIn', 'opening', 'closing', 'abbreviations'];
/** Single id'd children. */
const CHILD_KEYS = ['heading', 'purpose', 'verdictNote'];
/** Sequences whose order the renderer decides (sorted, or placed at the reference): membership and texts only. */
const UNORDERED = new Set(['abbreviations', 'footnotes']);

const norm = (v: unknown, absent: unknown): string | undefined => (v === undefined || v === null || v === absent ? undefined : typeof v === 'object' ? JSON.stringify(Object.entries(v as Obj).map(([k, x]) => [k, String(x)]).sort()) : String(v));

function indexYaml(files: string[]): { docs: Map<string, YamlDocument>; places: Map<string, Place> } {
  const docs = new Map<string, YamlDocument>();
  const places = new Map<string, Place>();
  for (const file of files) {
    const doc = parseDocument(readFileSync(file, 'utf8'), { keepSourceTokens: false });
    docs.set(file, doc);
    const walk = (node: unknown) => {
      if (isMap(node)) {
        const id = node.get('id');
        if (typeof id === 'string' && !places.has(id)) places.set(id, { file, doc, node });
        for (const pair of node.items) walk(pair.value);
      } else if (isSeq(node)) node.items.forEach((item) => walk(item));
    };
    walk(doc.contents);
  }
  return { docs, places };
}

/**
 * New units (added in Word; the importer names them <owner>.newN) get ids
 * after their neighbours: co-2.s1 is followed by co-2.s2; a first paragraph
 * gets <owner>.s1 (.q1 for a quoted passage, .i1 for a list item …). An id
 * that a pasted paragraph brought from elsewhere and that is already taken is
 * renamed the same way. Footnote marks in the texts follow their footnotes'
 * new ids. Returns old -> new.
 */
function assignIds(imported: ImportedDocument, known: Set<string>, doc: ResponseDocument): Map<string, string> {
  const renames = new Map<string, string>();
  // A paragraph without an id whose text is that of a unit the DOCX lost the bookmark of (a DOCX of an older
  // standpoint gave ids longer than 40 characters no bookmark) is that unit.
  const present = new Set(importedUnits(imported).keys());
  const orphans = new Map<string, string>();
  for (const v of documentUnits(doc)) if (!present.has(v.unit.id) && !orphans.has(v.unit.text)) orphans.set(v.unit.text, v.unit.id);
  const all: Obj[] = [imported.document, ...imported.sections.map((s) => s.data)];
  const taken = new Set(known);
  const seen = new Map<string, number>();
  const collect = (v: unknown, key?: string) => {
    if (Array.isArray(v)) v.forEach((x) => collect(x, key));
    else if (v && typeof v === 'object') {
      if (typeof (v as Obj).id === 'string' && key !== 'instruments') {
        taken.add((v as Obj).id as string);
        seen.set((v as Obj).id as string, (seen.get((v as Obj).id as string) ?? 0) + 1);
      }
      for (const [k, x] of Object.entries(v as Obj)) collect(x, k);
    }
  };
  all.forEach((o) => collect(o));
  const provisional = (id: string) => (/(^|\.)(r-)?new\d+$/.test(id) && !known.has(id)) || (seen.get(id) ?? 0) > 1;
  const KEY_STEMS: Record<string, string> = { findings: 'q', leadIn: 'q', footnotes: 'fn', standpoint: 's', intro: 'intro.', outro: 'outro.', items: 'i', rows: 'r', columns: 'h' };
  const fresh = (stem: string) => {
    let n = 1;
    while (taken.has(`${stem}${n}`)) n++;
    taken.add(`${stem}${n}`);
    return `${stem}${n}`;
  };
  const stemFrom = (id: string) => /^(.*?)(\d+)$/.exec(id)?.[1];
  const visit = (owner: Obj, ownerId: string) => {
    for (const [key, value] of Object.entries(owner)) {
      if (key === 'instruments' || key === 'meta') continue;
      if (Array.isArray(value)) {
        const list = value.filter((x): x is Obj => !!x && typeof x === 'object' && typeof (x as Obj).id === 'string');
        list.forEach((x, i) => {
          const id = x.id as string;
          if (provisional(id)) {
            seen.set(id, (seen.get(id) ?? 1) - 1);
            const text = typeof x.text === 'string' ? x.text : typeof x.quote === 'string' ? x.quote : undefined;
            const orphan = text !== undefined ? orphans.get(text) : undefined;
            if (orphan && !seen.get(orphan)) {
              orphans.delete(text!);
              seen.set(orphan, 1);
              renames.set(id, orphan);
              x.id = orphan;
              visit(x, orphan);
              return;
            }
            const neighbour = [...list.slice(0, i)].reverse().concat(list.slice(i + 1)).map((y) => y.id as string).find((y) => known.has(y) && stemFrom(y));
            const stem =
              key === 'opening' || key === 'closing' ? `${key}.` : key === 'abbreviations' ? 'abbr.' : neighbour ? stemFrom(neighbour)! : `${ownerId}.${KEY_STEMS[key] ?? 'n'}`;
            const next = fresh(stem);
            renames.set(id, next);
            x.id = next;
          }
          visit(x, x.id as string);
        });
      } else if (value && typeof value === 'object') {
        const child = value as Obj;
        if (typeof child.id === 'string' && provisional(child.id)) {
          const next = fresh(`${ownerId}.${key === 'verdictNote' ? 'vn' : key}`);
          renames.set(child.id, next);
          child.id = next;
        }
        visit(child, typeof child.id === 'string' ? child.id : ownerId);
      }
    }
  };
  for (const o of all) visit(o, typeof o.id === 'string' ? (o.id as string) : '');
  if (renames.size) renameFootnoteMarks(all, renames);
  return renames;
}

function renameFootnoteMarks(all: unknown[], renames: Map<string, string>): void {
  const fix = (t: string) => t.replace(/\[\^([^\]]+)\]/g, (m, id: string) => (renames.has(id) ? `[^${renames.get(id)}]` : m));
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach((x, i) => (typeof x === 'string' ? (v[i] = fix(x)) : walk(x)));
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Obj)) {
        if (typeof x === 'string' && (k === 'text' || k === 'quote')) (v as Obj)[k] = fix(x);
        else walk(x);
      }
    }
  };
  all.forEach(walk);
}

class YamlSync {
  /** YAML files that changed. */
  readonly changed = new Set<string>();

  constructor(
    readonly docs: Map<string, YamlDocument>,
    readonly places: Map<string, Place>,
  ) {}

  /** The node for an id'd object in `file`: the existing one (moved here if it lived elsewhere), or a new one. */
  private nodeFor(file: string, o: Obj): YAMLMap {
    const doc = this.docs.get(file)!;
    const place = this.places.get(o.id as string);
    if (place && place.file === file) return place.node;
    if (place) {
      // Moved to another file: a copy of the node, which then follows the DOCX like any other.
      const copy = doc.createNode(place.node.toJSON(), { flow: false }) as YAMLMap;
      this.places.set(o.id as string, { file, doc, node: copy });
      this.changed.add(place.file);
      this.changed.add(file);
      return copy;
    }
    const node = doc.createNode({ id: o.id }, { flow: false }) as YAMLMap;
    this.places.set(o.id as string, { file, doc, node });
    this.changed.add(file);
    return node;
  }

  private setScalar(file: string, node: YAMLMap, key: string, value: unknown): void {
    const doc = this.docs.get(file)!;
    const current = node.get(key, true);
    if (isScalar(current) && typeof value !== 'object') current.value = value;
    else {
      const created = doc.createNode(value, { flow: true });
      if (isScalar(created) && typeof value === 'string' && (key === 'text' || key === 'quote')) created.type = 'QUOTE_DOUBLE';
      node.set(key, created);
    }
    this.changed.add(file);
  }

  private remove(file: string, node: YAMLMap, key: string): void {
    if (node.has(key)) {
      node.delete(key);
      this.changed.add(file);
    }
  }

  /** Makes the YAML node hold what the imported object holds, for every key the DOCX carries. */
  sync(file: string, node: YAMLMap, o: Obj): void {
    for (const [key, absent] of Object.entries(SCALAR_KEYS)) {
      const want = o[key];
      const have = node.get(key);
      if (norm(want, absent) === undefined) {
        if (norm(have, absent) === undefined) continue;
        // A paragraph whose style changed (Standpoint <-> Quotation) swaps text and quote.
        this.remove(file, node, key);
        continue;
      }
      if ((key === 'text' || key === 'quote') && typeof have === 'string' && sameInline(have, want as string)) continue;
      if (norm(want, absent) !== norm(have, absent)) this.setScalar(file, node, key, want);
    }
    if ('ref' in o || node.has('ref')) {
      const want = o.ref as Obj | undefined;
      const have = node.get('ref') as unknown;
      const haveJs = isMap(have) ? (have.toJSON() as Obj) : undefined;
      if (!want) this.remove(file, node, 'ref');
      else if (norm(want, undefined) !== norm(haveJs, undefined)) this.setScalar(file, node, 'ref', want);
    }
    for (const key of CHILD_KEYS) {
      const want = o[key] as Obj | undefined;
      if (!want) {
        // A section's heading is optional in the data and printed from the locale when absent.
        if (key !== 'heading' || node.has('heading')) this.remove(file, node, key);
        continue;
      }
      const have = node.get(key, true);
      let child: YAMLMap;
      if (isMap(have) && have.get('id') === want.id) child = have;
      else {
        child = this.nodeFor(file, want);
        node.set(key, child);
        this.changed.add(file);
      }
      this.sync(file, child, want);
    }
    for (const key of SEQ_KEYS) this.syncSeq(file, node, key, (o[key] as Obj[] | undefined) ?? []);
    if (o.list) {
      const list = node.get('list', true);
      const want = o.list as Obj;
      if (isMap(list)) {
        if (String(list.get('style')) !== String(want.style)) {
          list.set('style', want.style);
          this.changed.add(file);
        }
        this.syncSeq(file, list, 'items', want.items as Obj[]);
      } else this.setScalar(file, node, 'list', want);
    }
    if (o.table) {
      const table = node.get('table', true);
      const want = o.table as { columns: Obj[]; rows: Obj[] };
      if (isMap(table)) {
        // Column widths are layout, not text: the data keeps its own.
        this.syncSeq(file, table, 'columns', want.columns.map(({ width: _w, ...c }) => c));
        this.syncSeq(file, table, 'rows', want.rows);
      } else this.setScalar(file, node, 'table', want);
    }
    if (Array.isArray(o.cells)) {
      const cells = node.get('cells', true);
      const want = o.cells as string[];
      const have = isSeq(cells) ? (cells.toJSON() as unknown[]) : [];
      if (isSeq(cells) && have.length === want.length) {
        want.forEach((text, i) => {
          if (typeof have[i] !== 'string' || !sameInline(have[i] as string, text)) {
            const item = cells.items[i];
            if (isScalar(item)) item.value = text;
            else cells.set(i, text);
            this.changed.add(file);
          }
        });
      } else this.setScalar(file, node, 'cells', want);
    }
  }

  syncSeq(file: string, owner: YAMLMap, key: string, list: Obj[]): void {
    const existing = owner.get(key, true);
    const before = isSeq(existing) ? existing.items : [];
    let nodes = list.map((o) => {
      const n = this.nodeFor(file, o);
      this.sync(file, n, o);
      return n;
    });
    if (UNORDERED.has(key)) {
      // Keep the data's order; new entries go at the end.
      const rank = new Map(before.map((n, i) => [n, i]));
      nodes = [...nodes].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity));
    }
    if (before.length === nodes.length && before.every((n, i) => n === nodes[i])) return;
    this.changed.add(file);
    if (nodes.length === 0) {
      owner.delete(key);
      return;
    }
    if (isSeq(existing)) existing.items = nodes;
    else {
      const seq = new YAMLSeq();
      seq.items = nodes;
      owner.set(key, seq);
    }
  }
}

function planSource(doc: ResponseDocument, documentFiles: string[], file: string, imported: ImportedDocument, known: Set<string>, o: UpdateOptions): UpdatePlan {
  const yamlFiles = documentFiles.filter((f) => !relative(doc.root, f).split(/[\\/]/).includes(TRANSLATIONS_DIR));
  const { docs, places } = indexYaml(yamlFiles);
  const unwritable: string[] = [];
  // Sections are files: the DOCX must still have each one, in order, and no new one.
  const sectionIds = doc.sections.map((s) => s.id);
  const importedIds = imported.sections.map((s) => String(s.data.id));
  const headingOf = (id: string) => String(((imported.sections.find((s) => s.data.id === id)!.data.heading as Obj | undefined)?.text) ?? imported.printed?.find((p) => p.at === id && p.what === 'heading')?.text ?? id);
  for (const id of importedIds) if (!sectionIds.includes(id)) unwritable.push(`a new section (a heading without standpoint's bookmark: “${headingOf(id)}”); add sections as part files in the YAML`);
  for (const id of sectionIds) if (!importedIds.includes(id)) unwritable.push(`the section ‘${id}’ is not in the DOCX any more (its heading was deleted?); remove a section in the YAML`);
  if (!unwritable.length && importedIds.join() !== sectionIds.join()) unwritable.push('the sections are in another order; reorder parts: in document.yaml');
  if (unwritable.length) refuse(file, 'docx-unwritable', `the DOCX changes what an update cannot write: ${unwritable.join('; ')}`, 'nothing was written');

  assignIds(imported, known, doc);
  const sync = new YamlSync(docs, places);
  const docFile = yamlFiles.find((f) => resolve(f) === resolve(join(doc.root, 'document.yaml'))) ?? yamlFiles[0]!;
  const top = docs.get(docFile)!.contents as YAMLMap;
  // document.yaml: the title and election paragraphs, opening, closing, abbreviations.
  const meta = imported.document.meta as Obj;
  for (const key of ['title', 'election']) {
    const want = meta[key] as Obj | undefined;
    const place = want ? places.get(String(want.id)) : undefined;
    if (want && place) sync.sync(place.file, place.node, { id: want.id, text: want.text });
  }
  for (const key of ['opening', 'closing', 'abbreviations']) sync.syncSeq(docFile, top, key, (imported.document[key] as Obj[] | undefined) ?? []);
  for (const s of imported.sections) {
    const place = places.get(String(s.data.id))!;
    const { kind: _kind, ...data } = s.data;
    sync.sync(place.file, place.node, data);
  }

  const writes: FileWrite[] = [];
  for (const f of sync.changed) {
    const old = readFileSync(f, 'utf8');
    let text = docs.get(f)!.toString({ lineWidth: 0, flowCollectionPadding: false });
    // The file keeps its line ends and byte order mark.
    if (old.includes('\r\n')) text = text.replace(/\r?\n/g, '\r\n');
    if (old.startsWith('\uFEFF') && !text.startsWith('\uFEFF')) text = `\uFEFF${text}`;
    if (text !== old) writes.push({ path: f, data: text });
  }
  const after = checkedDocument(doc, writes, file);
  checkFixedPoint(after, doc.lang, imported, file, o, 'source');
  const diff = diffDocuments(doc, after);
  return { mode: 'source', lang: doc.lang, writes, report: diffToText(diff, doc.root, file), diff, warnings: imported.warnings };
}

/** The document the new files make, read and validated before any is written; refused when it is not valid. */
function checkedDocument(doc: ResponseDocument, writes: FileWrite[], file: string): ResponseDocument {
  // Files that exist are read from memory in their place; a file that is new (a first translation) needs a copy of the folder.
  const inPlace = writes.every((w) => existsSync(w.path));
  const tmp = inPlace ? undefined : mkdtempSync(join(tmpdir(), 'standpoint-update-'));
  const copy = tmp ? join(tmp, 'doc') : doc.root;
  try {
    if (tmp) {
      cpSync(doc.root, copy, { recursive: true, filter: (src) => !src.split(/[\\/]/).includes(TRANSACTION_DIR) });
      for (const w of writes) {
        mkdirSync(dirname(join(copy, relative(doc.root, w.path))), { recursive: true });
        writeFileSync(join(copy, relative(doc.root, w.path)), w.data);
      }
    }
    const read = readDocument(copy, inPlace ? { overlay: new Map(writes.map((w) => [w.path, String(w.data)])) } : {});
    const diags = new Diagnostics();
    diags.merge(read.diagnostics);
    if (read.doc && !read.diagnostics.hasErrors) diags.merge(validateDocument(read.doc));
    const errors = diags.sorted().filter((d) => d.severity === 'error');
    if (errors.length || !read.doc) {
      const back = (d: Diagnostic): Diagnostic => ({ ...d, pos: { ...d.pos, file: tmp && d.pos.file.startsWith(copy) ? join(doc.root, relative(copy, d.pos.file)) : d.pos.file } });
      const head = new Diagnostics();
      head.error({ file, line: 1, column: 1 }, 'docx-invalid', `the edits in the DOCX would make ${doc.id} invalid (the problems below are in the files as they would be); nothing was written`, 'correct the DOCX (or the YAML) and run again');
      throw new UserError([...head.items, ...errors.map(back)], 1);
    }
    const after = read.doc;
    // A model read from a copy still names the document's own folder.
    after.root = doc.root;
    return after;
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Renders `after` in `lang` and imports that DOCX: it must read the same as
 * the user's DOCX (its new ids renamed as they were written). Refuses with the
 * places that differ.
 */
function checkFixedPoint(after: ResponseDocument, lang: string, imported: ImportedDocument, file: string, o: UpdateOptions, mode: 'source' | 'translation'): void {
  const composed = composeLang(after, lang, { langs: [lang], formats: ['docx'], outDir: '.', templatesDir: o.templatesDir, localesDir: o.localesDir, draft: mode === 'translation' });
  const parts = docxParts(buildDocxPlan(composed));
  const again = importDocxPackage(openDocxParts(`${file} (rendered again)`, parts), { locales: o.locales, id: after.id, lang, knownIds: allIds(after), commitmentsAsText: mode === 'translation' });
  const differences = [...comparePrinted(imported.printed ?? [], again.printed ?? []), ...compareImports(canonical(imported), canonical(again))];
  if (differences.length) {
    refuse(
      file,
      'docx-unwritable',
      `the DOCX holds edits that the ${mode === 'source' ? 'YAML' : `${lang} translation`} cannot hold, so nothing was written: ${differences.slice(0, 8).join('; ')}${differences.length > 8 ? `; and ${differences.length - 8} more` : ''}`,
      mode === 'source'
        ? 'lead-ins, verdict wording, commitment sentences, headings made in Word and item numbers come from the data and the locales: make those edits in the YAML'
        : `a translation changes text only: add, remove or move paragraphs and change verdicts in the ${after.lang} document, then translate`,
    );
  }
}

/** What an import says, without what the DOCX cannot carry back (document properties, layout). */
function canonical(imp: ImportedDocument): Obj {
  const meta = imp.document.meta as Record<string, Obj>;
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Obj).filter(([k]) => k !== 'width').map(([k, x]) => [k, strip(x)]));
    return v;
  };
  return strip({
    meta: { title: meta.title?.text, election: meta.election?.text, state: meta.state?.text, issuerShort: meta.issuerShort?.text },
    instruments: imp.document.instruments,
    opening: imp.document.opening,
    closing: imp.document.closing,
    abbreviations: imp.document.abbreviations,
    sections: imp.sections.map((s) => s.data),
  }) as Obj;
}

/**
 * Text the templates print that the DOCX has and the data would not print (an
 * edited lead-in, verdict line, number …). Lead-ins are compared by wording
 * only: a paragraph moved in Word takes its lead-in along, and the data prints
 * the lead-in where the standpoints start, however many there are.
 */
function comparePrinted(docx: PrintedText[], data: PrintedText[]): string[] {
  const key = (t: PrintedText) => `${t.at}\u0000${t.what}\u0000${t.text}`;
  const left = new Map<string, number>();
  for (const t of data) left.set(key(t), (left.get(key(t)) ?? 0) + 1);
  const leadIns = new Set(data.filter((t) => t.what === 'lead-in').map((t) => t.text));
  const out: string[] = [];
  for (const t of docx) {
    if (t.what === 'lead-in') {
      if (!leadIns.has(t.text)) out.push(`${t.at}: the lead-in “${t.text}” would be printed as “${[...leadIns][0] ?? ''}”`);
      continue;
    }
    const n = left.get(key(t)) ?? 0;
    if (n > 0) {
      left.set(key(t), n - 1);
      continue;
    }
    const instead = data.find((d) => d.what === t.what && d.at === t.at);
    out.push(`${t.at}: the ${t.what} “${t.text}”${instead ? ` would be printed as “${instead.text}”` : ' is not printed from the data'}`);
  }
  return out;
}

/** Differences between two canonical imports, each named by the nearest id. */
export function compareImports(a: unknown, b: unknown): string[] {
  const out: string[] = [];
  const show = (v: unknown) => {
    const s = typeof v === 'string' ? `“${v}”` : v === undefined ? 'nothing' : JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}…` : s;
  };
  const walk = (x: unknown, y: unknown, where: string, path: string): void => {
    if (out.length > 50) return;
    if (Array.isArray(x) && Array.isArray(y)) {
      const idsX = x.map((e) => (e && typeof e === 'object' ? (e as Obj).id : undefined));
      const idsY = y.map((e) => (e && typeof e === 'object' ? (e as Obj).id : undefined));
      if (idsX.every((i) => typeof i === 'string') && idsY.every((i) => typeof i === 'string') && idsX.join('\u0000') !== idsY.join('\u0000')) {
        const gone = idsX.filter((i) => !idsY.includes(i));
        const extra = idsY.filter((i) => !idsX.includes(i));
        out.push(`${where}: ${path} ${gone.length ? `holds ${gone.join(', ')} in the DOCX` : ''}${gone.length && extra.length ? ' and ' : ''}${extra.length ? `${extra.join(', ')} in the data` : ''}${!gone.length && !extra.length ? 'in another order' : ''}`);
        return;
      }
      if (x.length !== y.length) {
        out.push(`${where}: ${path} has ${x.length} entries in the DOCX, ${y.length} in the data`);
        return;
      }
      x.forEach((e, i) => walk(e, y[i], where, `${path}[${i + 1}]`));
      return;
    }
    if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
      const id = typeof (x as Obj).id === 'string' ? ((x as Obj).id as string) : undefined;
      const here = id ?? where;
      const base = id ? '' : path;
      for (const k of new Set([...Object.keys(x as Obj), ...Object.keys(y as Obj)])) walk((x as Obj)[k], (y as Obj)[k], here, base ? `${base}.${k}` : k);
      return;
    }
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${where}: ${path || 'the text'} is ${show(x)} in the DOCX but would be ${show(y)}`);
  };
  walk(a, b, 'the document', '');
  return out;
}

// ----------------------------------------------------------- translation mode

/** Unit id -> text of everything the import read from the DOCX body. */
function importedUnits(imp: ImportedDocument): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (v: unknown, key?: string) => {
    if (Array.isArray(v)) v.forEach((x) => walk(x));
    else if (v && typeof v === 'object') {
      const o = v as Obj;
      if (typeof o.id === 'string') {
        const text = typeof o.text === 'string' ? o.text : typeof o.quote === 'string' ? o.quote : undefined;
        if (text !== undefined) out.set(o.id, text);
        if (Array.isArray(o.cells)) (o.cells as string[]).forEach((c, i) => out.set(`${o.id as string}.c${i + 1}`, c));
        if (typeof o.short === 'string' && key === undefined) out.set(`${o.id}.short`, o.short);
      }
      for (const [k, x] of Object.entries(o)) if (k !== 'meta') walk(x, k === 'abbreviations' ? undefined : k);
    }
  };
  walk(imp.sections.map((s) => s.data));
  const d = imp.document;
  walk([d.opening, d.closing]);
  for (const a of (d.abbreviations as Obj[] | undefined) ?? []) {
    out.set(String(a.id), String(a.text));
    out.set(`${String(a.id)}.short`, String(a.short));
    if (typeof a.alias === 'string') out.set(`${String(a.id)}.alias`, a.alias);
  }
  const meta = d.meta as Record<string, Obj>;
  for (const k of ['title', 'election']) if (meta[k]) out.set(String(meta[k].id), String(meta[k].text));
  return out;
}

function planTranslation(doc: ResponseDocument, file: string, imported: ImportedDocument, lang: string, o: UpdateOptions): UpdatePlan {
  const sources = new Map([...documentUnits(doc)].map((v) => [v.unit.id, v.unit]));
  const units = importedUnits(imported);
  // A translation is text only: the DOCX must have the document's paragraphs, no others.
  const strangers = [...units.keys()].filter((id) => !sources.has(id));
  if (strangers.length) {
    refuse(
      file,
      'docx-unwritable',
      `the ${lang} DOCX has ${strangers.length} paragraph(s) that the ${doc.lang} document does not have (${strangers.slice(0, 5).map((id) => `“${units.get(id)!.slice(0, 40)}”`).join(', ')}${strangers.length > 5 ? ', …' : ''}); nothing was written`,
      `a translation changes text only: add paragraphs to the ${doc.lang} document, then translate them`,
    );
  }
  const current = doc.translations.get(lang)?.units ?? new Map<string, TranslatedUnit>();
  const next = new Map(current);
  const added: string[] = [];
  const updated: string[] = [];
  const untranslated: string[] = [];
  const diags = new Diagnostics();
  for (const [id, text] of units) {
    const src = sources.get(id)!;
    const existing = current.get(id);
    const hash = sourceHash(src.text);
    const state = !existing ? 'missing' : existing.sourceHash !== undefined && existing.sourceHash !== hash ? 'stale' : 'translated';
    if (state === 'translated' && sameInline(existing!.text, text)) continue;
    // A draft DOCX shows the source text where the translation is missing or stale: left as it was.
    if (state !== 'translated' && sameInline(src.text, text)) {
      untranslated.push(id);
      continue;
    }
    for (const p of compareCodes(src.text, text)) diags.error({ file, line: 1, column: 1 }, 'inline-code', `${id}: ${p}`, 'footnote marks and emphasis must stay as they are in the source');
    next.set(id, { id, text: existing && sameInline(existing.text, text) ? existing.text : text, sourceHash: hash, ...(existing?.note ? { note: existing.note } : {}) });
    (existing ? updated : added).push(id);
  }
  if (diags.hasErrors) throw new UserError(diags.sorted(), 1);
  const path = translationFile(doc.root, lang);
  const writes: FileWrite[] = [];
  if (added.length + updated.length) {
    const text = serializeTranslation(doc, lang, next);
    let old: string | undefined;
    try {
      old = readFileSync(path, 'utf8');
    } catch {
      old = undefined;
    }
    if (text !== old) writes.push({ path, data: text });
  }
  const after = checkedDocument(doc, writes, file);
  checkFixedPoint(after, lang, imported, file, o, 'translation');
  const list = (ids: string[]) => (ids.length ? `: ${ids.join(', ')}` : '');
  const report =
    `--- ${path}\n+++ ${file}\n` +
    `${lang}: ${updated.length} updated${list(updated)}\n` +
    `${lang}: ${added.length} added${list(added)}\n` +
    (untranslated.length ? `${lang}: ${untranslated.length} still show the ${doc.lang} text and stay untranslated${list(untranslated)}\n` : '') +
    `${added.length + updated.length} change(s)\n`;
  return { mode: 'translation', lang, writes, report, translation: { added, updated, untranslated }, warnings: imported.warnings };
}

