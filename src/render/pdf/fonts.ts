/**
 * The serif fonts embedded in PDFs (and, subset, in HTML pages; the preview
 * serves them whole): PT Serif (ParaType), which covers Latin and Cyrillic
 * including the Kazakh letters ӘҒҚҢӨҰҮҺІ. Owns finding the TTF files in the
 * installed package and reading them once per process.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface FontFiles {
  normal: Buffer;
  bold: Buffer;
  italics: Buffer;
  bolditalics: Buffer;
}

let cached: FontFiles | undefined;

export function ptSerifFonts(): FontFiles {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@expo-google-fonts/pt-serif/package.json'));
  const read = (style: string) => readFileSync(join(dir, style, `PTSerif_${style}.ttf`));
  cached = { normal: read('400Regular'), bold: read('700Bold'), italics: read('400Regular_Italic'), bolditalics: read('700Bold_Italic') };
  return cached;
}
