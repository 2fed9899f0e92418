/**
 * The bundled serif: PT Serif (ParaType), which covers Latin and Cyrillic
 * including the Kazakh letters ӘҒҚҢӨҰҮҺІ, the default face of every format.
 * Owns finding its four faces in the installed package; their bytes come
 * through font-files.ts like any font a style names.
 */
import type { FontFaceName } from '../../model/style.js';
import { ptSerifFaces } from '../../paths.js';
import { fontBytes } from '../font-files.js';

export type FontFiles = Record<FontFaceName, Buffer>;

export function ptSerifFonts(): FontFiles {
  const faces = ptSerifFaces();
  return { normal: fontBytes(faces.normal), bold: fontBytes(faces.bold), italics: fontBytes(faces.italics), bolditalics: fontBytes(faces.bolditalics) };
}
