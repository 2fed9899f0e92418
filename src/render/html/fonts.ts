/**
 * PT Serif for HTML pages: each of the four styles cut down to the characters
 * the page prints (subset-font, HarfBuzz's hb-subset) and embedded as a
 * base64 TrueType data: URL, so a page is self-contained, Kazakh letters
 * render on any machine, and a page carries some 20 KB per style instead of
 * 215 KB.
 * Owns subsetting and its cache; the style sheet (style.ts) places the faces.
 *
 * Why TrueType and not WOFF2 or WOFF: the WOFF2 encoder on npm for Node
 * (wawoff2, Brotli compiled to wasm) takes 0.2–0.9 s per style, and the WOFF
 * one (pako's deflate in JavaScript) 0.1–0.5 s on a cold start, four times a
 * page; the subset itself takes a few ms. WOFF would save some 4 KB a style,
 * less than a web server's own compression of the page saves anyway. Hinting
 * is dropped: the screens the page is read on no longer use TrueType hints,
 * and it halves the files.
 */
import subsetFont from 'subset-font';
import { ptSerifFonts } from '../pdf/fonts.js';
import type { FontFaceSource } from './style.js';

const FACES = [
  { file: 'normal', style: 'normal', weight: 400 },
  { file: 'italics', style: 'italic', weight: 400 },
  { file: 'bold', style: 'normal', weight: 700 },
  { file: 'bolditalics', style: 'italic', weight: 700 },
] as const;

/** Characters a page may print besides its text: list markers, page numbers, the back-link caret. */
const ALWAYS = '0123456789abcdefghijklmnopqrstuvwxyz().,:;·•^–— \u00a0';

/** Subsets by face and character set: a process that renders a page again (watch) reuses them. */
const cache = new Map<string, Promise<string>>();
const CACHE_LIMIT = 64;

/** The characters of `text` plus the ones every page may print, sorted, each once. */
export function charactersOf(text: string): string {
  return [...new Set([...text, ...ALWAYS])].sort().join('');
}

/** The four PT Serif faces, subset to `characters`, as data: URLs. */
export async function embeddedFonts(characters: string): Promise<FontFaceSource[]> {
  const files = ptSerifFonts();
  return Promise.all(
    FACES.map(async (f) => {
      const key = `${f.file}:${characters}`;
      let url = cache.get(key);
      if (!url) {
        if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
        url = subsetFont(files[f.file], characters, { targetFormat: 'truetype', noHinting: true }).then((b) => `data:font/ttf;base64,${Buffer.from(b).toString('base64')}`);
        cache.set(key, url);
        url.catch(() => cache.delete(key));
      }
      return { style: f.style, weight: f.weight, url: await url, format: 'truetype' as const };
    }),
  );
}
