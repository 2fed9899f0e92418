/**
 * HTML page structure -> bytes: the <head> (title, metadata, a content
 * security policy that lets the page fetch nothing), the style sheet with
 * the style's fonts embedded as subsets of the characters printed, and the body,
 * serialised by hast-util-to-html. Equal pages give equal bytes.
 */
import type { Element, ElementContent, Properties, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { HtmlPage } from './build.js';
import { pageCss, type FontFaceSource } from './style.js';
import { charactersOf, embeddedFonts } from './fonts.js';

/** A published page loads nothing: its style sheet and fonts are inside it. */
export const PUBLISHED_CSP = "default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data:";

export interface HtmlShell {
  fonts: FontFaceSource[];
  /** Set as a meta element: a file opened from disk has no server to send the header. */
  csp?: string;
  /** Added to the <head> and around <main> (the preview's style sheet, script and toolbar). */
  head?: ElementContent[];
  bodyProps?: Properties;
  before?: ElementContent[];
  after?: ElementContent[];
}

function h(tagName: string, properties: Properties = {}, children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children };
}

const meta = (name: string, content: string) => h('meta', { name, content });

/** Everything the page prints with its own fonts: text, the draft labels, the page footer. */
export function printedText(page: HtmlPage): string {
  const parts: string[] = [page.pageLabel.map((p) => (typeof p === 'string' ? p : '')).join(''), page.runningTitle ?? '', page.draftMark ?? ''];
  const walk = (n: ElementContent) => {
    if (n.type === 'text') parts.push(n.value);
    else if (n.type === 'element') {
      if (typeof n.properties.dataLabel === 'string') parts.push(n.properties.dataLabel);
      n.children.forEach(walk);
    }
  };
  walk(page.main);
  return parts.join('');
}

/**
 * The window title: browsers and search results cut titles past some 70
 * characters (html-validate's long-title rule); the page's <h1> holds the
 * whole title, so a longer one is shortened at a word, with an ellipsis.
 */
export function shortTitle(title: string, max = 70): string {
  if (title.length <= max) return title;
  const cut = title.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/, '')}…`;
}

export function pageTree(page: HtmlPage, shell: HtmlShell): Root {
  const head: ElementContent[] = [
    h('meta', { charSet: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    ...(shell.csp ? [h('meta', { httpEquiv: ['Content-Security-Policy'], content: shell.csp })] : []),
    h('title', {}, [{ type: 'text', value: shortTitle(page.title) }]),
    meta('author', page.meta.author),
    meta('description', page.meta.description),
    meta('keywords', page.meta.keywords),
    meta('generator', 'standpoint'),
    meta('dcterms.modified', page.meta.date),
    h('style', {}, [{ type: 'text', value: pageCss(page, shell.fonts) }]),
    ...(shell.head ?? []),
  ];
  const bodyClass = page.parallel ? ['parallel-page'] : [];
  const bodyProps: Properties = { ...shell.bodyProps };
  if (bodyClass.length) bodyProps.className = [...bodyClass, ...((shell.bodyProps?.className as string[] | undefined) ?? [])];
  return {
    type: 'root',
    children: [
      { type: 'doctype' },
      h('html', { lang: page.langTag }, [h('head', {}, head), h('body', bodyProps, [...(shell.before ?? []), page.main, ...(shell.after ?? [])])]),
    ],
  };
}

export function serializeHtml(node: Root | ElementContent): string {
  // Characters stay as they are (UTF-8) except the few HTML requires escaped.
  return toHtml(node, { characterReferences: { useNamedReferences: false }, allowDangerousHtml: false, upperDoctype: true });
}

/** The page's <main> alone: what the preview swaps in on each save. */
export function mainHtml(page: HtmlPage): string {
  return serializeHtml(page.main);
}

/** A self-contained page: fonts embedded, nothing fetched. */
export async function packHtml(page: HtmlPage): Promise<Uint8Array> {
  const fonts = await embeddedFonts(charactersOf(printedText(page)), page.style);
  const html = `${serializeHtml(pageTree(page, { fonts, csp: PUBLISHED_CSP }))}\n`;
  return Buffer.from(html, 'utf8');
}
