/**
 * The bytes of the font files a house style names, read once per process
 * (and again only when a file changes, for watch), for the PDF engine, the
 * DOCX's embedded fonts and the HTML page's subsets alike. Owns reading and
 * caching; the style reader (read/style.ts) has already checked every file.
 */
import { statSync } from 'node:fs';
import { FILE_LIMITS, readUserFileOrFail } from '../read/user-file.js';
import type { FontFamily, HouseStyle } from '../model/style.js';
import { FONT_ROLES } from '../model/style.js';

const cache = new Map<string, { stamp: string; bytes: Buffer }>();

/** A file's stamp: size, modification time and inode, as the YAML reader keys its cache. */
export function fileStamp(path: string): string {
  const st = statSync(path);
  return `${st.size}:${st.mtimeMs}:${st.ino}`;
}

export function fontBytes(path: string): Buffer {
  const stamp = fileStamp(path);
  const hit = cache.get(path);
  if (hit?.stamp === stamp) return hit.bytes;
  // Checked by the style reader; read again only through the same bounds (watch: the file may have changed since).
  const bytes = readUserFileOrFail(path, FILE_LIMITS.font);
  cache.set(path, { stamp, bytes });
  return bytes;
}

/** The distinct families a style uses (body, headings, notes), in that order, each once by name. */
export function styleFamilies(style: HouseStyle): FontFamily[] {
  const seen = new Map<string, FontFamily>();
  for (const role of FONT_ROLES) {
    const f = style.fonts[role];
    if (!seen.has(f.name)) seen.set(f.name, f);
  }
  return [...seen.values()];
}
