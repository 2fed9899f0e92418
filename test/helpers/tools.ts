/**
 * Running the real tools the end-to-end tests check outputs with. A missing
 * tool fails the test (CI installs them all); it never skips.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';

export const repoRoot = join(import.meta.dirname, '..', '..');
export const cliPath = join(repoRoot, 'dist', 'standpoint.cjs');
export const dataDoc = join(repoRoot, 'data', 'kz-2011-presidential');

export function requireTool(name: string): string {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the tool ${name} is not installed; .ci/run installs it (apt-get)`);
  return r.stdout.trim();
}

export function tempDir(prefix = 'standpoint-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; nodeArgs?: string[]; timeoutMs?: number; cliPath?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [...(options.nodeArgs ?? []), options.cliPath ?? cliPath, ...args], {
    encoding: 'utf8',
    cwd: options.cwd ?? repoRoot,
    // Colour is decided by the case, not inherited from the test runner's environment.
    env: { ...process.env, FORCE_COLOR: undefined, NO_COLOR: undefined, ...options.env },
    maxBuffer: 64 << 20,
    ...(options.timeoutMs ? { timeout: options.timeoutMs, killSignal: 'SIGKILL' as const } : {}),
  });
  // A command killed at the timeout hung: status -1 and a note, so the test fails and says why.
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.signal ? `${r.stderr}\n[killed by ${r.signal} after ${options.timeoutMs} ms]` : r.stderr };
}

export function pdfToText(pdf: string, extra: string[] = []): string {
  requireTool('pdftotext');
  return execFileSync('pdftotext', [...extra, '-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
}

export function pdfFonts(pdf: string): PdfFont[] {
  requireTool('pdffonts');
  const out = execFileSync('pdffonts', [pdf], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name type... encoding emb sub uni object ID
      const n = cols.length;
      return { name: cols[0]!, type: cols.slice(1, n - 6).join(' '), embedded: cols[n - 5] === 'yes', subset: cols[n - 4] === 'yes' };
    });
}

/** pdftohtml -xml: every text chunk with the font it is set in. */
export function pdfTextChunks(pdf: string): { text: string; font: string }[] {
  requireTool('pdftohtml');
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', '-q', '-enc', 'UTF-8', pdf], { encoding: 'utf8', maxBuffer: 64 << 20 });
  // pdftohtml names a font by its family; pdffonts gives the full name of each subset tag.
  const fullNames = new Map(pdfFonts(pdf).map((f) => [f.name.split('+')[0]!, f.name]));
  const fonts = new Map<string, string>();
  for (const m of xml.matchAll(/<fontspec id="(\d+)"[^>]*family="([^"]+)"/g)) fonts.set(m[1]!, fullNames.get(m[2]!.split('+')[0]!) ?? m[2]!);
  const chunks: { text: string; font: string }[] = [];
  for (const m of xml.matchAll(/<text [^>]*font="(\d+)"[^>]*>(.*?)<\/text>/g)) {
    const text = m[2]!.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");
    chunks.push({ text, font: fonts.get(m[1]!) ?? '' });
  }
  return chunks;
}

export function unzipText(file: string): Map<string, string> {
  const files = unzipSync(new Uint8Array(readFileSync(file)));
  return new Map(Object.entries(files).map(([k, v]) => [k, strFromU8(v)]));
}

function decodeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Footnote texts of a DOCX by w:id. */
export function docxFootnotes(parts: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  const xml = parts.get('word/footnotes.xml') ?? '';
  for (const m of xml.matchAll(/<w:footnote\b[^>]*w:id="(-?\d+)"[^>]*>([\s\S]*?)<\/w:footnote>/g)) {
    out.set(m[1]!, [...m[2]!.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decodeXml(t[1]!)).join(''));
  }
  return out;
}

/**
 * The text of a DOCX body in reading order, paragraphs on lines, with each
 * footnote's text put where its reference stands (as a reader meets it).
 */
export function docxText(file: string, options: { inlineFootnotes?: boolean } = {}): string {
  const parts = unzipText(file);
  const notes = docxFootnotes(parts);
  const xml = parts.get('word/document.xml') ?? '';
  let out = '';
  for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:footnoteReference w:id="(\d+)"\/>|<\/w:p>|<w:tab\/>/g)) {
    if (m[1] !== undefined) out += decodeXml(m[1]);
    else if (m[2] !== undefined) out += options.inlineFootnotes === false ? '' : ` ${notes.get(m[2]) ?? ''} `;
    else if (m[0] === '<w:tab/>') out += '\t';
    else out += '\n';
  }
  return out;
}

export function sofficeConvert(file: string, to: string, outDir: string): string {
  requireTool('soffice');
  const profile = tempDir('lo-profile-');
  execFileSync('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', to, '--outdir', outDir, file], { encoding: 'utf8', timeout: 170_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const base = file.split('/').pop()!.replace(/\.[^.]+$/, '');
  return join(outDir, `${base}.${to.split(':')[0]}`);
}

/**
 * The damage every cache file format must survive, made from a good file
 * (`good()`, read when the case runs) whose header is `headerBytes` long:
 * each case's file by its description. A format's own cases go beside these.
 */
export function damagedCopies(good: () => Buffer, headerBytes: number): Record<string, () => Buffer> {
  return {
    'truncated to half': () => good().subarray(0, good().length >> 1),
    'cut to its header': () => good().subarray(0, headerBytes),
    'empty': () => Buffer.alloc(0),
    'a foreign file (a text)': () => readFileSync(join(repoRoot, 'test', 'fixtures', 'kz-2011-seed.txt')),
  };
}
