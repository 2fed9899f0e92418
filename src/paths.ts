/**
 * Where the installed package keeps its own files (default templates, locales,
 * schema, fonts). Owns only path arithmetic relative to this module.
 */
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** dist/paths.js -> the package folder. */
export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const defaultTemplatesDir = join(packageRoot, 'templates');
export const defaultLocalesDir = join(packageRoot, 'locales');
export const schemaDir = join(packageRoot, 'schema');
