/**
 * `standpoint preview`: the live loop (src/watch/loop.ts) with an HTTP face.
 * Serves each language's page (always a draft: untranslated units show as
 * marked source text with their ids), pushes every new version to open pages
 * as a server-sent event, and a broken save's diagnostics as an overlay over
 * the last good page. Serves nothing but those pages, its own script, style
 * and fonts, and the files inside the document's folder (no path leaves it,
 * however encoded; symbolic links out of it are refused). Listens on
 * 127.0.0.1 unless told otherwise, and answers only requests addressed to it
 * by that name (a web page elsewhere cannot reach it through DNS rebinding).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { UserError, type Diagnostic } from '../diag/diagnostic.js';
import { composeLang, loadValidDocument } from '../render/index.js';
import type { ComposedDocument } from '../compose/layout.js';
import type { ResponseDocument } from '../model/types.js';
import { locateDocument } from '../read/document.js';
import { loadLocales } from '../compose/i18n.js';
import { didYouMean } from '../diag/suggest.js';
import { fontBytes, styleFamilies } from '../render/font-files.js';
import { fontFormat } from '../render/html/fonts.js';
import type { FontFaceName } from '../model/style.js';
import { defaultLocalesDir, defaultTemplatesDir } from '../paths.js';
import { langsForChange, liveLoop } from '../watch/loop.js';
import { PREVIEW_CSS, PREVIEW_SCRIPT } from './client.js';
import { emptyDocument, fileDocument, previewDocument, previewPage, problemsPayload, type PreviewPage, type ShellContext } from './page.js';

export interface PreviewOptions {
  document: string;
  /** The language (or pair) the address printed opens. */
  lang: string;
  host: string;
  port: number;
  templatesDir?: string;
  localesDir?: string;
  annex?: string[];
}

export interface PreviewHandle {
  url: string;
  done: Promise<void>;
  stop(): void;
}

/** Largest file of the document folder the preview shows. */
const MAX_SERVED_BYTES = 16 * 1024 * 1024;
const SPEC = /^[a-z]{2,3}(\+[a-z]{2,3})?$/;

function decoded(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

interface Client {
  spec: string;
  res: ServerResponse;
}

let morphdomSource: string | undefined;
/** morphdom's browser build, read from its package once. */
function morphdomScript(): string {
  morphdomSource ??= readFileSync(createRequire(import.meta.url).resolve('morphdom/dist/morphdom-umd.min.js'), 'utf8');
  return morphdomSource;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * A path under /source/ -> the file inside `root` it names, or undefined for
 * anything else: a segment "..", an absolute path, a NUL, a hidden file, a
 * symbolic link that leads out of the folder, a folder, a file too large.
 */
export function documentFile(rootReal: string, encoded: string): string | undefined {
  const rel = decoded(encoded);
  if (rel === undefined || rel === '' || rel.includes('\0') || isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) return undefined;
  const segments = rel.split(/[\\/]/);
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return undefined;
  const full = resolve(rootReal, rel);
  if (!full.startsWith(rootReal + sep)) return undefined;
  try {
    const real = realpathSync(full);
    if (!real.startsWith(rootReal + sep)) return undefined;
    const st = statSync(real);
    return st.isFile() && st.size <= MAX_SERVED_BYTES ? real : undefined;
  } catch {
    return undefined;
  }
}

export async function startPreview(options: PreviewOptions, print: (ds: Diagnostic[]) => void, log: (line: string) => void): Promise<PreviewHandle> {
  const { root } = locateDocument(options.document);
  const rootAbs = resolve(root);
  const rootReal = realpathSync(rootAbs);
  const templatesDir = options.templatesDir ?? defaultTemplatesDir;
  const localesDir = options.localesDir ?? defaultLocalesDir;
  const renderOptions = { langs: [], formats: [], outDir: '', templatesDir, localesDir, draft: true, warn: print, ...(options.annex ? { annex: options.annex } : {}) };
  const localeLangs = loadLocales(localesDir).langs;
  for (const l of options.lang.split('+')) {
    if (!localeLangs.includes(l)) {
      throw UserError.single({ file: localesDir, line: 1, column: 1 }, 'unknown-language', `no locale for language ‘${l}’ in ${localesDir}`, didYouMean(l, localeLangs) ?? `available: ${localeLangs.join(', ')}`, 2);
    }
  }

  let doc: ResponseDocument | undefined;
  let problems: Diagnostic[] | undefined;
  let generation = 0;
  /** Pages of the current version, by language; a save re-renders those that are open. */
  const pages = new Map<string, PreviewPage>();
  /** Compositions of single languages of the current version (a parallel page reuses them). */
  let single = new Map<string, ComposedDocument>();
  const clients = new Set<Client>();

  const specsOf = (d: ResponseDocument | undefined): string[] => {
    const langs = d ? [d.lang, ...[...d.translations.keys()].filter((l) => l !== d.lang)] : [];
    if (langs.includes('kk') && langs.includes('ru')) langs.push('kk+ru');
    return langs.length ? langs : [options.lang];
  };
  /** A language the switcher offers, or any the locales have (an untranslated one shows the source, marked). */
  const knownSpec = (spec: string): boolean => {
    if (!SPEC.test(spec)) return false;
    if (specsOf(doc).includes(spec)) return true;
    const parts = spec.split('+');
    const have = loadLocales(localesDir).langs;
    return parts.every((l) => have.includes(l)) && (parts.length === 1 || parts[0] !== parts[1]);
  };
  const shell = (): ShellContext => ({ documentName: doc?.id ?? basename(rootAbs), root: rootAbs, specs: [...new Set([...specsOf(doc), options.lang])] });

  /** The page of `spec` for the current version (throws UserError when the templates or locales fail). */
  const pageFor = (spec: string): PreviewPage => {
    const known = pages.get(spec);
    if (known) return known;
    const composed = composeLang(doc!, spec, renderOptions, single);
    const page = previewPage(composed, doc!, spec, generation);
    pages.set(spec, page);
    return page;
  };

  const send = (c: Client, event: string, data: unknown) => c.res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  const pagePayload = (p: PreviewPage) => ({ generation: p.generation, main: p.main, css: p.css, title: p.title, summary: p.summary });

  const render = async (changed: Set<string> | undefined): Promise<boolean> => {
    const started = performance.now();
    const open = [...new Set([...clients].map((c) => c.spec))];
    try {
      const read = loadValidDocument(options.document);
      print(read.warnings);
      // A saved translation changes only the pages showing its language.
      const stale = changed ? langsForChange([...pages.keys()], changed) : [...pages.keys()];
      const kept = new Map([...pages].filter(([spec]) => !stale.includes(spec)));
      const previous = { doc, generation, single, pages: new Map(pages) };
      doc = read.doc;
      generation++;
      single = new Map();
      pages.clear();
      for (const [spec, page] of kept) pages.set(spec, page);
      try {
        for (const spec of open.length ? open : [options.lang]) pageFor(spec);
      } catch (err) {
        // The templates or locales broke: the pages stay as they were.
        ({ doc, generation, single } = previous);
        pages.clear();
        for (const [spec, page] of previous.pages) pages.set(spec, page);
        throw err;
      }
      problems = undefined;
      for (const c of clients) send(c, 'page', pagePayload(pages.get(c.spec)!));
      log(`updated ${open.length ? open.join(', ') : options.lang} in ${Math.round(performance.now() - started)} ms`);
      return true;
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      problems = err.diagnostics;
      print(err.diagnostics);
      for (const c of clients) send(c, 'problems', problemsPayload(problems));
      log('the input has errors; the pages keep the last good version');
      return false;
    }
  };

  const reply = (res: ServerResponse, status: number, type: string, body: string | Buffer, head = false) => {
    res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
    res.end(head ? undefined : body);
  };
  const notFound = (res: ServerResponse, head: boolean) => reply(res, 404, 'text/plain; charset=utf-8', 'not found: the preview serves the pages and the files of the document folder only\n', head);

  let listeningPort = options.port;
  const allowedHosts = () => new Set([`127.0.0.1:${listeningPort}`, `localhost:${listeningPort}`, `[::1]:${listeningPort}`]);

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('only GET and HEAD\n');
      return;
    }
    if (isLoopback(options.host) && !allowedHosts().has(req.headers.host ?? '')) {
      reply(res, 421, 'text/plain; charset=utf-8', 'this preview answers only to 127.0.0.1 and localhost\n', head);
      return;
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://preview.invalid');
    } catch {
      notFound(res, head);
      return;
    }
    const path = url.pathname;
    if (path === '/') {
      res.writeHead(302, { ...SECURITY_HEADERS, Location: `/${options.lang}` });
      res.end();
      return;
    }
    if (path === '/favicon.ico') {
      res.writeHead(204, SECURITY_HEADERS);
      res.end();
      return;
    }
    if (path === '/_/preview.js') return reply(res, 200, 'text/javascript; charset=utf-8', PREVIEW_SCRIPT, head);
    if (path === '/_/preview.css') return reply(res, 200, 'text/css; charset=utf-8', PREVIEW_CSS, head);
    if (path === '/_/morphdom.js') return reply(res, 200, 'text/javascript; charset=utf-8', morphdomScript(), head);
    const font = /^\/_\/font\/(\d{1,2})\/(normal|italics|bold|bolditalics)\.ttf$/.exec(path);
    if (font) {
      // Only the faces of the style of the page last built: never another file.
      const style = [...pages.values()].at(-1)?.page.style;
      const family = style ? styleFamilies(style)[Number(font[1])] : undefined;
      if (!family) return notFound(res, head);
      const bytes = fontBytes(family.faces[font[2] as FontFaceName]);
      return reply(res, 200, fontFormat(bytes) === 'opentype' ? 'font/otf' : 'font/ttf', bytes, head);
    }
    const events = /^\/_\/events\/([^/]+)$/.exec(path);
    if (events) {
      const spec = decoded(events[1]!);
      if (!spec || !knownSpec(spec)) return notFound(res, head);
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
      res.flushHeaders();
      const client: Client = { spec, res };
      clients.add(client);
      req.on('close', () => clients.delete(client));
      const since = Number(url.searchParams.get('since') ?? '0');
      if (problems) send(client, 'problems', problemsPayload(problems));
      else if (doc) {
        try {
          const page = pageFor(spec);
          if (page.generation > since) send(client, 'page', pagePayload(page));
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
          send(client, 'problems', problemsPayload(err.diagnostics));
        }
      }
      return;
    }
    if (path.startsWith('/source/')) {
      const file = documentFile(rootReal, path.slice('/source/'.length));
      if (!file) return notFound(res, head);
      const rel = file.slice(rootReal.length + 1).split(sep).join('/');
      return reply(res, 200, 'text/html; charset=utf-8', fileDocument(rel, readFileSync(file, 'utf8')), head);
    }
    const spec = decoded(path.slice(1));
    if (!spec || !knownSpec(spec)) return notFound(res, head);
    if (!doc) return reply(res, 200, 'text/html; charset=utf-8', emptyDocument(spec, shell()), head);
    try {
      return reply(res, 200, 'text/html; charset=utf-8', previewDocument(pageFor(spec), shell()), head);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      // The overlay shows why; the page has no good version in this language yet.
      return reply(res, 200, 'text/html; charset=utf-8', emptyDocument(spec, shell()), head);
    }
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      if (!res.headersSent) reply(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
      else res.end();
      log(`internal error: ${(err as Error).message}`);
    }
  });
  await new Promise<void>((res, rej) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const hint = err.code === 'EADDRINUSE' ? 'choose another with --port, or --port 0 for any free port' : undefined;
      rej(UserError.single({ file: 'standpoint', line: 1, column: 1 }, 'preview-listen', `cannot listen on ${options.host}:${options.port} (${err.code ?? err.message})`, hint, 2));
    });
    server.listen(options.port, options.host, () => res());
  });
  listeningPort = (server.address() as AddressInfo).port;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${hostInUrl}:${listeningPort}/${options.lang}`;

  const closeServer = () =>
    new Promise<void>((res) => {
      for (const c of clients) c.res.end();
      clients.clear();
      server.close(() => res());
      server.closeAllConnections();
    });
  log(`preview at ${url}`);
  const loop = liveLoop({ document: options.document, templatesDir, localesDir }, render, {
    ready: (folders) => log(`watching ${folders.join(', ')} (Ctrl-C to stop)`),
    stopped: closeServer,
  });
  return { url, done: loop.done, stop: loop.stop };
}
