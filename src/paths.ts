/**
 * Where the installed package keeps its own files (default templates, locales,
 * schema, fonts). Owns only path arithmetic relative to this module.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

/** dist/paths.js -> the package folder. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultTemplatesDir = join(packageRoot, 'templates');
export const defaultLocalesDir = join(packageRoot, 'locales');
export const schemaDir = join(packageRoot, 'schema');

let version: string | undefined;

/** The version in the package's own package.json: one source for --version, the library and outputs. */
export function packageVersion(): string {
  if (version === undefined) {
    try {
      version = String((JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version?: unknown }).version ?? 'unknown');
    } catch {
      version = 'unknown';
    }
  }
  return version;
}

/** The four faces of the bundled PT Serif, in the installed @expo-google-fonts/pt-serif package. */
export function ptSerifFaces(): { normal: string; bold: string; italics: string; bolditalics: string } {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@expo-google-fonts/pt-serif/package.json'));
  const face = (style: string) => join(dir, style, `PTSerif_${style}.ttf`);
  return { normal: face('400Regular'), bold: face('700Bold'), italics: face('400Regular_Italic'), bolditalics: face('700Bold_Italic') };
}
