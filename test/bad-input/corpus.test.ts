/**
 * Runs the bad-input corpus (cases.yaml): every case gives its exit code and
 * messages, never a stack trace, and a failing command writes no output and
 * leaves every file of the document byte-identical.
 */
import { describe, expect, it } from 'vitest';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import iconv from 'iconv-lite';
import { zipSync } from 'fflate';
import { docxText, pdfToText, repoRoot, runCli, tempDir } from '../helpers/tools.js';
import { bookmarkName } from '../../src/render/docx/bookmarks.js';
import { blockWith, editText, joinBody, newParagraph, partText, readParts, setCustomProperty, setPartText, splitBody, writeParts, type Parts } from '../helpers/docx-edit.js';

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
  generate?: { file: string; kind: string };
  symlink?: { link: string; target: string };
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
  const text = readFileSync(file, 'utf8');
  switch (g.kind) {
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
    default:
      throw new Error(`corpus: unknown generator ${g.kind}`);
  }
}

/** Every file under a folder with its bytes (hex of a hash would hide nothing the comparison needs). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of listFiles(dir).sort()) {
    const path = join(dir, f);
    if (statSync(path).isFile()) out[f] = readFileSync(path).toString('base64');
  }
  return out;
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
    if (c.edit) applyEdit(doc, c.edit);
    for (const [file, text] of Object.entries(c.write ?? {})) writeFileSync(join(doc, file), text);
    if (c.generate) generate(doc, c.generate);
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
    const docBefore = snapshot(doc);
    const outBefore = snapshot(out);
    const args = (c.args ?? ['validate', '{doc}']).map((a) =>
      a.replace('{doc}', doc).replace('{out}', out).replace('{templates}', templates).replace('{locales}', locales).replace('{docx}', docx).replace('{input}', input).replace('{root}', root),
    );
    let before: Map<string, Buffer> | undefined;
    if (c.previous) {
      expect(runCli(['render', doc, '--out', out, '--format', 'docx,pdf']).status).toBe(0);
      before = new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));
    }
    const nodeArgs = c.fault === 'enospc' ? ['--import', join(repoRoot, 'test', 'helpers', 'enospc.mjs')] : [];
    const cwd = c.cwd ? join(root, c.cwd) : undefined;
    if (cwd) mkdirSync(cwd, { recursive: true });
    const r = runCli(args, { env: { SOURCE_DATE_EPOCH: '' }, nodeArgs, ...(cwd ? { cwd } : {}) });
    if (c.readonlyOut) chmodSync(out, 0o755);
    expect(r.stderr, 'no stack trace').not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(r.stderr).not.toContain('internal error');
    for (const m of c.messages) expect(r.stderr).toMatch(new RegExp(m));
    for (const m of c.stdout ?? []) expect(r.stdout).toMatch(new RegExp(m));
    expect(r.status, r.stderr).toBe(c.exit);
    if (c.exit !== 0) {
      // A failed command writes nothing: every file of the document and of a prepared output folder is as it was.
      expect(snapshot(doc)).toEqual(docBefore);
      if (c.outFiles) expect(snapshot(out)).toEqual(outBefore);
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
