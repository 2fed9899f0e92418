/**
 * The preview's pages: the HTML writer's page (render/html) with the
 * preview's additions — each unit's file:line for the hover link, the
 * toolbar with the language switcher and the draft counts, the script and
 * style of client.ts, fonts served by the preview instead of embedded — and
 * the viewer of the document's own files. Pure: plain structures and strings.
 */
import type { Element, ElementContent, Properties } from 'hast';
import { relative, resolve, sep } from 'node:path';
import type { Position, ResponseDocument } from '../model/types.js';
import { documentUnits, sectionItems } from '../model/walk.js';
import { buildHtmlPage, type HtmlPage } from '../render/html/build.js';
import { mainHtml, pageTree, serializeHtml, shortTitle } from '../render/html/pack.js';
import { pageCss, type FontFaceSource } from '../render/html/style.js';
import { FACES, fontFormat } from '../render/html/fonts.js';
import { fontBytes, styleFamilies } from '../render/font-files.js';
import type { HouseStyle } from '../model/style.js';
import type { ComposedDocument } from '../compose/layout.js';
import type { Diagnostic } from '../diag/diagnostic.js';

/** The faces the preview serves for a style: /_/font/<family>/<face>.ttf, the family by its place in the style. */
export function servedFonts(style: HouseStyle): FontFaceSource[] {
  return styleFamilies(style).flatMap((family, i) =>
    FACES.map((f) => ({ family: family.name, style: f.style, weight: f.weight, url: `/_/font/${i}/${f.file}.ttf`, format: fontFormat(fontBytes(family.faces[f.file])) })),
  );
}

function h(tagName: string, properties: Properties = {}, children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children };
}
const text = (value: string): ElementContent => ({ type: 'text', value });

/** "critical.yaml:122:7": a position relative to the document folder, for data-src. */
export function sourceOf(pos: Position | undefined, root: string): string | undefined {
  if (!pos) return undefined;
  const rel = relative(resolve(root), resolve(pos.file)).split(sep).join('/');
  return `${rel}:${pos.line}:${pos.column}`;
}

/**
 * Where each unit's text comes from in a language: the translation's line
 * when the language has a current or stale translation of it, else the
 * source's (a missing translation is written in translations/<lang>.yaml, but
 * has no line there yet).
 */
export function unitSources(doc: ResponseDocument): (unitId: string, lang: string) => string | undefined {
  const source = new Map<string, Position | undefined>();
  for (const v of documentUnits(doc)) source.set(v.unit.id, v.unit.pos);
  // Lines the templates print from codes rather than units: the verdict and the commitment sentence.
  for (const s of doc.sections) {
    for (const item of sectionItems(s)) {
      if (item.verdictPos) source.set(`${item.id}.verdict`, item.verdictPos);
      if (item.commitments[0]?.pos) source.set(`${item.id}.commitments`, item.commitments[0].pos);
    }
  }
  return (id, lang) => {
    const translated = lang === doc.lang ? undefined : doc.translations.get(lang)?.units.get(id)?.pos;
    return sourceOf(translated ?? source.get(id), doc.root);
  };
}

export interface PreviewPage {
  spec: string;
  generation: number;
  page: HtmlPage;
  /** The serialised <main>, what a save sends to open pages. */
  main: string;
  css: string;
  title: string;
  /** "3 untranslated: 1 stale, 2 missing" (the toolbar). */
  summary: string;
}

export function previewPage(composed: ComposedDocument, doc: ResponseDocument, spec: string, generation: number): PreviewPage {
  const page = buildHtmlPage(composed, { source: unitSources(doc) });
  return { spec, generation, page, main: mainHtml(page), css: pageCss(page, servedFonts(page.style)), title: shortTitle(page.title), summary: draftSummary(page) };
}

/** Counts the untranslated units the page shows, by state. */
export function draftSummary(page: HtmlPage): string {
  const states = new Map<string, string>();
  const walk = (n: ElementContent) => {
    if (n.type !== 'element') return;
    const cls = n.properties.className;
    if (n.tagName === 'mark' && Array.isArray(cls) && cls.includes('draft') && typeof n.properties.dataUnit === 'string') {
      states.set(n.properties.dataUnit, cls.includes('stale') ? 'stale' : 'missing');
    }
    n.children.forEach(walk);
  };
  walk(page.main);
  if (states.size === 0) return 'all translated';
  const stale = [...states.values()].filter((s) => s === 'stale').length;
  return `${states.size} untranslated: ${stale} stale, ${states.size - stale} missing`;
}

export interface ShellContext {
  documentName: string;
  /** Absolute folder of the document, for vscode://file links. */
  root: string;
  /** Languages offered by the switcher. */
  specs: string[];
}

function toolbar(spec: string, ctx: ShellContext, summary: string): Element {
  const links = ctx.specs.map((s) => h('li', {}, [h('a', { href: `/${s}`, ...(s === spec ? { ariaCurrent: 'page' } : {}), lang: 'en' }, [text(s)])]));
  return h('header', { className: ['sp-toolbar'], lang: 'en' }, [
    h('span', { className: ['sp-doc'] }, [text(`${ctx.documentName} — preview`)]),
    h('nav', { ariaLabel: 'Languages' }, [h('ul', {}, links)]),
    h('span', { id: 'sp-count' }, [text(summary)]),
    h('span', { id: 'sp-status', role: 'status' }, [text('connecting…')]),
  ]);
}

/** The whole page of one language; later versions replace its <main> and style sheet. */
export function previewDocument(p: PreviewPage, ctx: ShellContext): string {
  const tree = pageTree(p.page, {
    fonts: servedFonts(p.page.style),
    head: [h('link', { rel: ['stylesheet'], href: '/_/preview.css' }), h('script', { src: '/_/morphdom.js', defer: true }), h('script', { src: '/_/preview.js', defer: true })],
    bodyProps: { dataSpec: p.spec, dataGeneration: String(p.generation), dataRoot: ctx.root },
    before: [toolbar(p.spec, ctx, p.summary)],
  });
  // The page's own style sheet is the one a save replaces.
  const head = (tree.children[1] as Element).children[0] as Element;
  const style = head.children.find((c): c is Element => c.type === 'element' && c.tagName === 'style');
  if (style) style.properties.id = 'sp-page-style';
  return `${serializeHtml(tree)}\n`;
}

/** A page for a language that has no good version yet (the first read failed): the problems arrive by the event stream. */
export function emptyDocument(spec: string, ctx: ShellContext): string {
  const tree: Element = h('html', { lang: 'en' }, [
    h('head', {}, [
      h('meta', { charSet: 'utf-8' }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('title', {}, [text(`${ctx.documentName} — preview`)]),
      h('style', { id: 'sp-page-style' }, [text('')]),
      h('link', { rel: ['stylesheet'], href: '/_/preview.css' }),
      h('script', { src: '/_/morphdom.js', defer: true }),
      h('script', { src: '/_/preview.js', defer: true }),
    ]),
    h('body', { dataSpec: spec, dataGeneration: '0', dataRoot: ctx.root }, [toolbar(spec, ctx, ''), h('main', {}, [])]),
  ]);
  return `${serializeHtml({ type: 'root', children: [{ type: 'doctype' }, tree] })}\n`;
}

/** A file of the document folder with numbered lines (#L12), what a diagnostic's file:line points at. */
export function fileDocument(relPath: string, content: string): string {
  const lines = content.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  const tree: Element = h('html', { lang: 'en' }, [
    h('head', {}, [h('meta', { charSet: 'utf-8' }), h('title', {}, [text(relPath)]), h('link', { rel: ['stylesheet'], href: '/_/preview.css' })]),
    h('body', { className: ['sp-file'] }, [h('main', {}, [h('h1', {}, [text(relPath)]), h('ol', {}, lines.map((l, i) => h('li', { id: `L${i + 1}` }, [text(l)])))])]),
  ]);
  return `${serializeHtml({ type: 'root', children: [{ type: 'doctype' }, tree] })}\n`;
}

/** Diagnostics as the overlay shows them: the path relative to the working folder, and absolute for the editor link. */
export function problemsPayload(ds: Diagnostic[]): { file: string; path: string; line: number; column: number; severity: string; message: string; rule: string; hint?: string }[] {
  return ds.map((d) => ({
    file: d.pos.file,
    path: resolve(d.pos.file),
    line: d.pos.line,
    column: d.pos.column,
    severity: d.severity,
    message: d.message,
    rule: d.rule,
    ...(d.hint ? { hint: d.hint } : {}),
  }));
}
