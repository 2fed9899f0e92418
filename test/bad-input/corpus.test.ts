/**
 * Runs the bad-input corpus (cases.yaml): every case gives its exit code and
 * messages, never a stack trace, and a failing command writes no output and
 * leaves every file of the document byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import iconv from 'iconv-lite';
import { zipSync } from 'fflate';
import { docxText, pdfToText, repoRoot, runCli, tempDir } from '../helpers/tools.js';
import { bookmarkName } from '../../src/render/docx/bookmarks.js';
import { blockWith, editText, joinBody, newParagraph, partText, readParts, setCustomProperty, setPartText, splitBody, writeParts, type Parts } from '../helpers/docx-edit.js';
import { makePng, pngChunk, pngRaw } from '../helpers/png.js';
import { ptSerifFaces } from '../../src/paths.js';

interface Edit {
  file: string;
  find: string;
  replace: string;
  /** `find` is a regular expression (first match). */
  regex?: boolean;
}
/** What a person (or a broken disk) does to a DOCX rendered from the case's document. */
interface DocxEdit {
  /** Replace text inside the paragraph holding this bookmark. */
  edit?: { bookmark: string; from: string; to: string };
  /** A new paragraph (as Word writes one: no bookmark) before or after the paragraph holding the bookmark. */
  insert?: { before?: string; after?: string; text: string; style?: string };
  /** Delete the paragraph holding the bookmark. */
  delete?: string;
  /** Delete an item: from its first paragraph (si_<id>) to its verdict. */
  deleteItem?: string;
  /** Move the paragraph holding `bookmark` after the one holding `after`. */
  move?: { bookmark: string; after: string };
  /** Replace raw XML of document.xml (first occurrence; `regex`: a regular expression, `$&` in replace is the match). */
  xml?: { find: string; replace: string; regex?: boolean };
}
interface DocxInput {
  /** The language to render (default: the document's). */
  lang?: string;
  edits?: DocxEdit[];
  /** Set a custom document property (standpoint-document, standpoint-language …). */
  property?: { name: string; value: string };
  /** truncate: the file cut at 60 %; crc: one byte of document.xml changed inside the zip; xml-cut: document.xml cut in half; huge: document.xml inflating to 40 MiB. */
  damage?: 'truncate' | 'crc' | 'xml-cut' | 'huge';
  /** The file's name (default edited.docx). */
  name?: string;
}
/** A text input file, `{input}` in args: written in an encoding, from inline text or from a PO export of the document. */
interface TextInput {
  name: string;
  text?: string;
  /** Export the document's translation (`i18n export --format po|xliff --lang`), then edit it. */
  po?: { lang: string; format?: 'po' | 'xliff'; replace?: { find: string; replace: string }[] };
  /** Raw bytes (hex) put into the encoded file after the first occurrence of `after` (encoded the same way). */
  insertBytes?: { after: string; hex: string };
  /** iconv-lite encoding name (default utf-8). */
  encoding?: string;
  bom?: boolean;
  /** Raw bytes instead (hex). */
  hex?: string;
}

interface Case {
  name: string;
  docx?: DocxInput;
  input?: TextInput;
  /** Files put into the output folder before the command (it must keep them). */
  outFiles?: Record<string, string>;
  /** Checks on files after the command (paths from the case's temporary folder: doc/…, out/…). */
  expectFiles?: { file: string; contains?: string[]; notContains?: string[] }[];
  /** Paths (from the case's temporary folder) that must not exist after the command. */
  absent?: string[];
  /** Working folder of the command (from the case's temporary folder; created). */
  cwd?: string;
  /** Regular expressions for standard output. */
  stdout?: string[];
  base?: 'mini' | 'kz';
  edit?: Edit;
  write?: Record<string, string>;
  generate?: { file: string; kind: string; length?: number; in?: 'doc' | 'templates' | 'locales' };
  symlink?: { link: string; target: string };
  /** Paths (in the copy) removed before the case: a folder to be replaced by a file, say. */
  remove?: string[];
  /** Folders made (in the copy) after `remove`: a file replaced by a folder. */
  mkdir?: string[];
  /** Named pipes made (in the copy) after `remove`: a command must refuse them, not wait on them. */
  fifo?: string[];
  /** Files written beside the copy (relative to the case folder: exchange files, files that must survive). */
  rootWrite?: Record<string, string>;
  /** More documents beside the copy: a copy of a base, optionally edited. */
  extraDocs?: { name: string; base?: 'mini' | 'kz'; edit?: Edit }[];
  /** Environment variables for the run. */
  env?: Record<string, string>;
  /** After a successful run: texts a file (relative to the case folder) must contain. */
  after?: { file: string; contains: string }[];
  templateEdit?: Edit;
  localeEdit?: Edit;
  readonlyOut?: boolean;
  /** Preload a fault: 'enospc' makes every file write fail as on a full disk. */
  fault?: 'enospc';
  /** Render once before the case, so the case must leave those outputs intact. */
  previous?: boolean;
  args?: string[];
  exit: number;
  messages: string[];
  outputs?: string[];
}

const cases = parse(readFileSync(join(import.meta.dirname, 'cases.yaml'), 'utf8')) as Case[];

function applyEdit(dir: string, e: Edit): void {
  const file = join(dir, e.file);
  const text = readFileSync(file, 'utf8');
  if (e.regex) {
    const re = new RegExp(e.find);
    if (!re.test(text)) throw new Error(`corpus: /${e.find}/ not in ${e.file}`);
    writeFileSync(file, text.replace(re, e.replace));
    return;
  }
  const i = text.indexOf(e.find);
  if (i < 0) throw new Error(`corpus: ${JSON.stringify(e.find)} not in ${e.file}`);
  writeFileSync(file, text.slice(0, i) + e.replace + text.slice(i + e.find.length));
}

function generate(dir: string, g: { file: string; kind: string }): void {
  const file = join(dir, g.file);
  if (g.kind === 'many-unknown-units') {
    // A translation file of `length` units, none of which the document has.
    mkdirSync(dirname(file), { recursive: true });
    let t = 'lang: ru\nunits:\n';
    for (let i = 0; i < (g.length ?? 60_000); i++) t += `  other-${i}: {text: "x"}\n`;
    writeFileSync(file, t);
    return;
  }
  if (g.kind === 'many-xliff-units' || g.kind === 'deep-xliff') {
    const n = g.length ?? 1000;
    const head = '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="ru"><file id="f">\n';
    const body =
      g.kind === 'many-xliff-units'
        ? Array.from({ length: n }, (_, i) => `<unit id="other-${i}"><segment state="translated"><source>x</source><target>y</target></segment></unit>\n`).join('')
        : `<unit id="closing.1"><segment state="translated"><source>x</source><target>${'<pc id="i" type="fmt" subType="xlf:i">'.repeat(n)}x${'</pc>'.repeat(n)}</target></segment></unit>\n`;
    writeFileSync(file, `${head}${body}</file></xliff>\n`);
    return;
  }
  // Binary files made whole: pictures and fonts that are not what they say.
  const binary = binaryFile(g.kind);
  if (binary) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, binary);
    return;
  }
  const text = readFileSync(file, 'utf8');
  switch (g.kind) {
    case 'json-list':
      writeFileSync(file, `[${text}]`);
      break;
    case 'nul':
      writeFileSync(file, Buffer.concat([Buffer.from(text.slice(0, 40)), Buffer.from([0, 1, 2, 0xff, 0, 0x7f]), Buffer.from(text.slice(40))]));
      break;
    case 'invalid-utf8': {
      const at = text.indexOf('Test Commission');
      writeFileSync(file, Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from(text.slice(at))]));
      break;
    }
    case 'bom-crlf':
      writeFileSync(file, `\uFEFF${text.replace(/\n/g, '\r\n')}`);
      break;
    case 'long-line':
      writeFileSync(file, text.replace('Prepared with the help of the ministries.', `${'A long sentence of a response. '.repeat(2800)}End.`));
      break;
    case 'huge-paragraph':
      writeFileSync(file, text.replace('Prepared with the help of the ministries.', 'x'.repeat(10 * 1024 * 1024)));
      break;
    case 'deep-nesting':
      writeFileSync(file, `${text}\nextra: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
      break;
    case 'utf16':
      // As Windows Notepad saves "Unicode": UTF-16 little-endian with a byte-order mark.
      writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
      break;
    case 'latin1-byte': {
      // A file saved in Latin-1: "café" with "é" as the single byte 0xE9, in a paragraph of a template.
      const at = text.indexOf('<title ');
      writeFileSync(file, Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from('<p style="body">caf'), Buffer.from([0xe9]), Buffer.from('</p>\n'), Buffer.from(text.slice(at))]));
      break;
    }
    case 'long-id':
      // The document id, `length` characters long.
      writeFileSync(file, text.replace(/^id: .*$/m, `id: ${'a'.repeat(g.length ?? 300)}`));
      break;
    case 'big-file':
      // Over the 16 MB limit of a YAML file: a comment, so only the size is wrong.
      writeFileSync(file, `${text}\n# ${'x'.repeat(17 * 1024 * 1024)}\n`);
      break;
    case 'dense-flow':
      // 300 000 values in 600 kB: small, but more YAML values than a file may have.
      writeFileSync(file, `${text}\nextra: [${Array(300_000).fill('1').join(',')}]\n`);
      break;
    default:
      throw new Error(`corpus: unknown generator ${g.kind}`);
  }
}

/** The bytes of a generated binary file, or nothing for the text generators. */
function binaryFile(kind: string): Buffer | undefined {
  const png = (o: Parameters<typeof makePng>[0]) => makePng(o);
  switch (kind) {
    // A decompression bomb: a few hundred bytes that claim 60 000 × 60 000 pixels.
    case 'png-bomb': {
      const head = makePng({ width: 1, height: 1 });
      const ihdr = Buffer.alloc(13);
      ihdr.writeUInt32BE(60_000, 0);
      ihdr.writeUInt32BE(60_000, 4);
      ihdr[8] = 8;
      ihdr[9] = 2;
      return Buffer.concat([head.subarray(0, 8), pngChunk('IHDR', ihdr), head.subarray(8 + 25)]);
    }
    // Cut in the middle of its image data, as an interrupted download leaves it.
    case 'png-truncated': {
      const whole = png({ width: 64, height: 64, colourType: 6 });
      return whole.subarray(0, whole.length - 30);
    }
    // Whole chunks with right CRCs, but image data for fewer rows than the header promises.
    case 'png-short-data':
      return makePng({ width: 64, height: 64 }, pngRaw({ width: 64, height: 32 }));
    // Larger than the 8 MB an image may be (a PNG signature, then nothing that matters).
    case 'big-image':
      return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(9 * 1024 * 1024)]);
    case 'gif':
      return Buffer.from('474946383961010001000000002c00000000010001000002003b', 'hex');
    // A TrueType font cut short: its table directory points past the end of the file.
    case 'font-truncated':
      return readFileSync(ptSerifFaces().normal).subarray(0, 20_000);
    case 'woff':
      return Buffer.concat([Buffer.from('wOFF'), Buffer.alloc(200)]);
    default:
      return undefined;
  }
}

/** Rendered DOCX files by what they were rendered from: most cases start from the same one. */
const renderedDocx = new Map<string, string>();

function buildDocx(doc: string, root: string, d: DocxInput, from: string): string {
  const key = `${from}\u0000${d.lang ?? ''}`;
  if (!renderedDocx.has(key)) {
    const rendered = join(root, 'rendered');
    const r = runCli(['render', doc, '--out', rendered, '--format', 'docx', ...(d.lang ? ['--lang', d.lang, '--draft'] : [])]);
    if (r.status !== 0) throw new Error(`corpus: cannot render the DOCX: ${r.stderr}`);
    renderedDocx.set(key, join(rendered, readdirSync(rendered).find((f) => f.endsWith('.docx'))!));
  }
  const parts = readParts(renderedDocx.get(key)!);
  const body = splitBody(partText(parts, 'word/document.xml'));
  // "id:<unit id>" names the bookmark standpoint gives that unit (long ids get hashed names).
  const at = (ref: string) => {
    const bookmark = ref.startsWith('id:') ? bookmarkName(ref.slice(3)).name : ref;
    const i = blockWith(body, bookmark);
    if (i < 0) throw new Error(`corpus: no paragraph with the bookmark ${bookmark}`);
    return i;
  };
  for (const e of d.edits ?? []) {
    if (e.edit) body.blocks[at(e.edit.bookmark)] = editText(body.blocks[at(e.edit.bookmark)]!, e.edit.from, e.edit.to);
    if (e.insert) {
      const p = newParagraph(e.insert.text, e.insert.style);
      if (e.insert.before) body.blocks.splice(at(e.insert.before), 0, p);
      else body.blocks.splice(at(e.insert.after!) + 1, 0, p);
    }
    if (e.delete) body.blocks.splice(at(e.delete), 1);
    if (e.deleteItem) {
      const first = at(`si_${e.deleteItem.replace(/-/g, '_').replace(/\./g, 'X')}`);
      const last = at(`sp_${e.deleteItem.replace(/-/g, '_').replace(/\./g, 'X')}Xverdict`);
      body.blocks.splice(first, last - first + 1);
    }
    if (e.move) {
      const [p] = body.blocks.splice(at(e.move.bookmark), 1);
      body.blocks.splice(at(e.move.after) + 1, 0, p!);
    }
  }
  let xml = joinBody(body);
  for (const e of d.edits ?? []) {
    if (!e.xml) continue;
    const find = e.xml.regex ? new RegExp(e.xml.find) : e.xml.find;
    if (!(typeof find === 'string' ? xml.includes(find) : find.test(xml))) throw new Error(`corpus: ${e.xml.find} not in document.xml`);
    xml = xml.replace(find, e.xml.replace);
  }
  setPartText(parts, 'word/document.xml', xml);
  if (d.property) setCustomProperty(parts, d.property.name, d.property.value);
  const file = join(root, d.name ?? 'edited.docx');
  if (d.damage === 'xml-cut') setPartText(parts, 'word/document.xml', xml.slice(0, Math.floor(xml.length / 2)));
  if (d.damage === 'huge') setPartText(parts, 'word/document.xml', xml.replace('</w:body>', `${'<w:p><w:r><w:t>All work and no play makes a dull response. </w:t></w:r></w:p>'.repeat(480_000)}</w:body>`));
  if (d.damage === 'crc') {
    // Stored, not deflated, so the changed byte reaches the CRC check rather than the inflater.
    const stored: Record<string, [Uint8Array, { level: 0 }]> = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, [v, { level: 0 }]]));
    const bytes = zipSync(stored as unknown as Parts);
    const at = Buffer.from(bytes).indexOf('w:body');
    bytes[at + 2] = 'B'.charCodeAt(0);
    writeFileSync(file, bytes);
    return file;
  }
  writeParts(file, parts);
  if (d.damage === 'truncate') {
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  }
  return file;
}

function buildInput(doc: string, root: string, t: TextInput): string {
  const file = join(root, t.name);
  if (t.hex) {
    writeFileSync(file, Buffer.from(t.hex.replace(/\s+/g, ''), 'hex'));
    return file;
  }
  let text = t.text ?? '';
  if (t.po) {
    const po = join(root, 'export.exchange');
    const r = runCli(['i18n', 'export', doc, '--lang', t.po.lang, '--format', t.po.format ?? 'po', '-o', po]);
    if (r.status !== 0) throw new Error(`corpus: cannot export: ${r.stderr}`);
    text = readFileSync(po, 'utf8');
    for (const e of t.po.replace ?? []) {
      if (!text.includes(e.find)) throw new Error(`corpus: ${e.find} not in the PO file`);
      text = text.replace(e.find, e.replace);
    }
  }
  const encoding = t.encoding ?? 'utf-8';
  let bytes = iconv.encode(text, encoding, { addBOM: t.bom ?? false });
  if (t.insertBytes) {
    const at = bytes.indexOf(iconv.encode(t.insertBytes.after, encoding));
    if (at < 0) throw new Error(`corpus: ${t.insertBytes.after} not in the input`);
    const end = at + iconv.encode(t.insertBytes.after, encoding).length;
    bytes = Buffer.concat([bytes.subarray(0, end), Buffer.from(t.insertBytes.hex, 'hex'), bytes.subarray(end)]);
  }
  writeFileSync(file, bytes);
  return file;
}

/** Every entry under `dir` with its bytes (a pipe or a link by its kind only, never read). */
function snapshot(dir: string, skip: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const f = join(d, n);
      if (skip.includes(f)) continue;
      const st = lstatSync(f);
      const key = relative(dir, f);
      if (st.isDirectory()) {
        out.set(key, 'dir');
        walk(f);
      } else if (st.isFile()) out.set(key, readFileSync(f).toString('base64'));
      else out.set(key, st.isFIFO() ? 'fifo' : st.isSymbolicLink() ? 'link' : 'other');
    }
  };
  walk(dir);
  return out;
}

function listFiles(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true }).map(String);
  } catch {
    return [];
  }
}

describe('the bad-input corpus', () => {
  it('has at least 60 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const root = tempDir('bad-');
    const doc = join(root, 'doc');
    cpSync(c.base === 'kz' ? join(repoRoot, 'data', 'kz-2011-presidential') : join(repoRoot, 'test', 'fixtures', 'mini', 'input'), doc, { recursive: true });
    const templates = join(root, 'templates');
    const locales = join(root, 'locales');
    cpSync(join(repoRoot, 'templates'), templates, { recursive: true });
    cpSync(join(repoRoot, 'locales'), locales, { recursive: true });
    const out = join(root, 'out');
    for (const x of c.extraDocs ?? []) {
      const dir = join(root, x.name);
      cpSync(x.base === 'kz' ? join(repoRoot, 'data', 'kz-2011-presidential') : join(repoRoot, 'test', 'fixtures', 'mini', 'input'), dir, { recursive: true });
      if (x.edit) applyEdit(dir, x.edit);
    }
    if (c.edit) applyEdit(doc, c.edit);
    for (const r of c.remove ?? []) rmSync(join(doc, r), { recursive: true, force: true });
    for (const m of c.mkdir ?? []) mkdirSync(join(doc, m), { recursive: true });
    for (const f of c.fifo ?? []) execFileSync('mkfifo', [join(doc, f)]);
    for (const [file, text] of Object.entries(c.write ?? {})) writeFileSync(join(doc, file), text);
    for (const [file, text] of Object.entries(c.rootWrite ?? {})) {
      mkdirSync(dirname(join(root, file)), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    if (c.generate) generate(c.generate.in === 'templates' ? templates : c.generate.in === 'locales' ? locales : doc, c.generate);
    if (c.symlink) symlinkSync(c.symlink.target, join(doc, c.symlink.link));
    if (c.templateEdit) applyEdit(templates, c.templateEdit);
    if (c.localeEdit) applyEdit(locales, c.localeEdit);
    if (c.readonlyOut) {
      mkdirSync(out);
      chmodSync(out, 0o555);
    }
    // The DOCX is rendered from the document as the case leaves it (its edits and files), once per such state.
    const docx = c.docx ? buildDocx(doc, root, c.docx, JSON.stringify([c.base, c.edit, c.write, c.generate])) : '';
    const input = c.input ? buildInput(doc, root, c.input) : '';
    if (c.outFiles) {
      mkdirSync(out, { recursive: true });
      for (const [f, text] of Object.entries(c.outFiles)) writeFileSync(join(out, f), text);
    }
    const docBefore = snapshot(doc, []);
    const outBefore = snapshot(out, []);
    const args = (c.args ?? ['validate', '{doc}']).map((a) =>
      a
        .replaceAll('{doc}', doc)
        .replaceAll('{out}', out)
        .replaceAll('{templates}', templates)
        .replaceAll('{locales}', locales)
        .replaceAll('{docx}', docx)
        .replaceAll('{input}', input)
        .replaceAll('{root}', root)
        .replaceAll('{long-path}', join(out, ...Array<string>(21).fill('d'.repeat(200)))),
    );
    let before: Map<string, Buffer> | undefined;
    if (c.previous) {
      expect(runCli(['render', doc, '--out', out, '--format', 'docx,pdf']).status).toBe(0);
      before = new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));
    }
    const nodeArgs = c.fault === 'enospc' ? ['--import', join(repoRoot, 'test', 'helpers', 'enospc.mjs')] : [];
    const cwd = c.cwd ? join(root, c.cwd) : undefined;
    if (cwd) mkdirSync(cwd, { recursive: true });
    // Everything the case starts from, to check that a failing command changed none of it.
    const inputs = snapshot(root, [out]);
    const r = runCli(args, { env: { SOURCE_DATE_EPOCH: '', ...c.env }, nodeArgs, timeoutMs: 120_000, ...(cwd ? { cwd } : {}) });
    if (c.readonlyOut) chmodSync(out, 0o755);
    expect(r.stderr, 'no stack trace').not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(r.stderr).not.toContain('internal error');
    for (const m of c.messages) expect(r.stderr).toMatch(new RegExp(m));
    for (const m of c.stdout ?? []) expect(r.stdout).toMatch(new RegExp(m));
    expect(r.status, r.stderr).toBe(c.exit);
    if (c.exit !== 0) {
      // A failed command writes nothing: every file of the document and of a prepared output folder is as it was.
      expect(snapshot(doc, [])).toEqual(docBefore);
      if (c.outFiles) expect(snapshot(out, [])).toEqual(outBefore);
    }
    for (const a of c.absent ?? []) expect(existsSync(join(root, a)), a).toBe(false);
    for (const e of c.expectFiles ?? []) {
      const text = readFileSync(join(root, e.file), 'utf8');
      for (const x of e.contains ?? []) expect(text, e.file).toContain(x);
      for (const x of e.notContains ?? []) expect(text, e.file).not.toContain(x);
    }
    if (before) {
      // The previous outputs are intact and no temporary file is left behind.
      expect(readdirSync(out).sort()).toEqual([...before.keys()].sort());
      for (const [f, bytes] of before) expect(readFileSync(join(out, f)).equals(bytes), f).toBe(true);
    } else if (c.exit !== 0 && !c.outFiles) expect(listFiles(out).filter((f) => !f.startsWith('.'))).toEqual([]);
    if (c.exit !== 0) {
      // Nothing written anywhere else either: the document, its translations, files beside it.
      const now = snapshot(root, [out]);
      expect([...now.keys()].sort(), 'files beside the output').toEqual([...inputs.keys()].sort());
      for (const [k, v] of inputs) expect(now.get(k) === v, `${k} unchanged`).toBe(true);
    }
    for (const a of c.after ?? []) expect(readFileSync(join(root, a.file), 'utf8')).toContain(a.contains);
    if (c.outputs) {
      const name = readdirSync(out).find((f) => f.endsWith('.docx'))!;
      const texts = [docxText(join(out, name)), pdfToText(join(out, name.replace(/\.docx$/, '.pdf')))].map((t) => t.replace(/\s+/g, ' '));
      for (const o of c.outputs) for (const t of texts) expect(t).toContain(o);
    }
  });

  it('no prototype was polluted by the data', async () => {
    const { readDocument } = await import('../../src/read/document.js');
    const root = tempDir('proto-');
    cpSync(join(repoRoot, 'test', 'fixtures', 'mini', 'input'), root, { recursive: true });
    applyEdit(root, { file: 'document.yaml', find: 'id: mini\n', replace: 'id: mini\n__proto__: {polluted: yes}\nconstructor: {prototype: {polluted2: yes}}\n' });
    const r = readDocument(root);
    expect(r.diagnostics.hasErrors).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted2).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});
