/**
 * The style's fonts for HTML pages (PT Serif unless the style names others):
 * each family's four faces cut down to the characters the page prints
 * (subset-font, HarfBuzz's hb-subset) and embedded as base64 data: URLs, so a
 * page is self-contained, Kazakh letters render on any machine, and a page
 * carries some 20 KB per face instead of 215 KB.
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
import { createRequire } from 'node:module';
import type { HouseStyle } from '../../model/style.js';
import { fontBytes, styleFamilies } from '../font-files.js';
import type { FontFaceSource } from './style.js';

export const FACES = [
  { file: 'normal', style: 'normal', weight: 400 },
  { file: 'italics', style: 'italic', weight: 400 },
  { file: 'bold', style: 'normal', weight: 700 },
  { file: 'bolditalics', style: 'italic', weight: 700 },
] as const;

/** An OpenType font with PostScript outlines (CFF) begins with "OTTO"; TrueType outlines otherwise. */
export function fontFormat(bytes: Uint8Array): 'truetype' | 'opentype' {
  return bytes[0] === 0x4f && bytes[1] === 0x54 && bytes[2] === 0x54 && bytes[3] === 0x4f ? 'opentype' : 'truetype';
}

/** Characters a page may print besides its text: list markers, page numbers, the back-link caret. */
const ALWAYS = '0123456789abcdefghijklmnopqrstuvwxyz().,:;·•^–— \u00a0';

/** Subsets by face and character set: a process that renders a page again (watch) reuses them. */
const cache = new Map<string, Promise<string>>();
const CACHE_LIMIT = 64;

/** The characters of `text` plus the ones every page may print, sorted, each once. */
export function charactersOf(text: string): string {
  return [...new Set([...text, ...ALWAYS])].sort().join('');
}

/**
 * subset-font, loaded with the first HTML page: loading it (HarfBuzz's wasm,
 * the WOFF encoders it imports) cost every command 50 ms at start, HTML or not.
 */
let subsetter: typeof import('subset-font').default | undefined;

/** Each family's four faces, subset to `characters`, as data: URLs. */
export async function embeddedFonts(characters: string, style: HouseStyle): Promise<FontFaceSource[]> {
  // Required, not imported: subset-font is a CommonJS package, and the CLI bundle is compiled as a script (src/startup/code-cache.ts).
  const subsetFont = (subsetter ??= createRequire(import.meta.url)('subset-font') as typeof import('subset-font').default);
  const all = styleFamilies(style).flatMap((family) =>
    FACES.map(async (f) => {
      const file = family.faces[f.file];
      const bytes = fontBytes(file);
      const format = fontFormat(bytes);
      // A CFF font stays CFF (sfnt): hb-subset does not convert outlines.
      const key = `${file}:${bytes.length}:${characters}`;
      let url = cache.get(key);
      if (!url) {
        if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
        url = subsetFont(bytes, characters, { targetFormat: format === 'opentype' ? 'sfnt' : 'truetype', noHinting: true }).then((b) => `data:font/${format === 'opentype' ? 'otf' : 'ttf'};base64,${Buffer.from(b).toString('base64')}`);
        cache.set(key, url);
        url.catch(() => cache.delete(key));
      }
      return { family: family.name, style: f.style, weight: f.weight, url: await url, format };
    }),
  );
  return Promise.all(all);
}
