/**
 * Fonts embedded in the DOCX, as Word embeds them ("Embed fonts in the file"):
 * every face of every family the style names, obfuscated with a key as the
 * Office Open XML standard says (ECMA-376 Part 1, 17.8.1), in word/fonts/,
 * declared in fontTable.xml. The docx library does the embedding; this module
 * gives it the faces and then pins what it leaves to chance (a random key per
 * face), so equal input gives equal bytes.
 * Owns nothing else; the faces' bytes come from font-files.ts.
 */
import { createHash } from 'node:crypto';
import type { HouseStyle } from '../../model/style.js';
import { fontBytes, styleFamilies } from '../font-files.js';

interface EmbeddedFont {
  name: string;
  data: Buffer;
  bold?: Buffer;
  italic?: Buffer;
  boldItalic?: Buffer;
}

/** The docx library's `fonts` option: each family with the faces it has (a face that is the regular file again is left out). */
export function embeddedFonts(style: HouseStyle): EmbeddedFont[] {
  return styleFamilies(style).map((f) => {
    const regular = f.faces.normal;
    const face = (file: string) => (file === regular ? undefined : fontBytes(file));
    const bold = face(f.faces.bold);
    const italic = face(f.faces.italics);
    const boldItalic = face(f.faces.bolditalics);
    return { name: f.name, data: fontBytes(regular), ...(bold ? { bold } : {}), ...(italic ? { italic } : {}), ...(boldItalic ? { boldItalic } : {}) };
  });
}

/** The faces in the order the docx library writes them: word/fonts/font1.odttf, font2 … */
function faceOrder(style: HouseStyle): Buffer[] {
  return embeddedFonts(style).flatMap((f) => [f.data, f.bold, f.italic, f.boldItalic].filter((b): b is Buffer => !!b));
}

/** A face's key: a GUID from its bytes, so the same face always gets the same key. */
function keyOf(bytes: Buffer): string {
  const h = createHash('sha256').update(bytes).digest('hex').toUpperCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * Obfuscation of an embedded font (ECMA-376 Part 1, 17.8.1): the first 32 bytes
 * XORed with the key's 16 bytes, read from the key's last byte to its first.
 * The docx library's own function is internal to it (not exported), and it
 * must run again here with the pinned key.
 */
export function obfuscateFont(bytes: Uint8Array, key: string): Uint8Array {
  const hex = key.replace(/[{}-]/g, '');
  const keyBytes = Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16)).reverse();
  const out = new Uint8Array(bytes);
  for (let i = 0; i < 32 && i < out.length; i++) out[i]! ^= keyBytes[i % 16]!;
  return out;
}

/** Obfuscated faces by key: a face embedded in many documents of one process (watch, render-all) is prepared once. */
const obfuscated = new Map<string, Uint8Array>();

/**
 * Replaces the docx library's random font keys in fontTable.xml, in order, by
 * keys made from each face's bytes, and the word/fonts/ files by the faces
 * obfuscated with those keys.
 */
export function pinEmbeddedFonts(parts: Map<string, string | Uint8Array>, style: HouseStyle): Map<string, string | Uint8Array> {
  const table = parts.get('word/fontTable.xml');
  if (typeof table !== 'string') return parts;
  const faces = faceOrder(style);
  const keys = faces.map(keyOf);
  let i = 0;
  const pinned = table.replace(/w:fontKey="\{[0-9A-Fa-f-]{36}\}"/g, () => `w:fontKey="{${keys[i++] ?? keys[keys.length - 1]}}"`);
  if (i !== faces.length) throw new Error(`fontTable.xml declares ${i} embedded faces, not the ${faces.length} the style has`);
  parts.set('word/fontTable.xml', pinned);
  faces.forEach((bytes, k) => {
    const path = `word/fonts/font${k + 1}.odttf`;
    if (!parts.has(path)) throw new Error(`the DOCX has no ${path}`);
    let data = obfuscated.get(keys[k]!);
    if (!data) obfuscated.set(keys[k]!, (data = obfuscateFont(bytes, keys[k]!)));
    parts.set(path, data);
  });
  return parts;
}
