/**
 * The files of an imported document folder: document.yaml and one file per
 * section, each naming its JSON Schema for editors. Builds texts only; the
 * caller checks them and commits them as one transaction (io/transaction.ts).
 * File names come from section ids, so an id that is not an id is refused
 * here: no name can leave the folder.
 */
import { join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { UserError } from '../diag/diagnostic.js';
import { isValidId } from '../model/ids.js';
import type { FileWrite } from '../io/transaction.js';
import type { ImportedDocument } from './text.js';
import { schemaDir } from '../paths.js';

type Obj = Record<string, unknown>;

export function yamlText(schema: string, data: Obj): string {
  return `# yaml-language-server: $schema=${schema}\n${stringify(data, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', indent: 2 })}`;
}

/** document.yaml and the section files of `imported`, to be written into `dir`. */
export function documentFolderFiles(dir: string, imported: Pick<ImportedDocument, 'document' | 'sections' | 'media'>, schemaPath = relative(resolve(dir), schemaDir) || '.'): FileWrite[] {
  const files: FileWrite[] = [{ path: join(dir, 'document.yaml'), data: yamlText(`${schemaPath}/document.schema.json`, imported.document) }];
  for (const s of imported.sections) {
    const id = s.file.replace(/\.yaml$/, '');
    if (!isValidId(id) || s.file !== `${id}.yaml`) {
      throw UserError.single({ file: s.file, line: 1, column: 1 }, 'invalid-id', `the section id ${JSON.stringify(id)} is not an id (lower-case letters, digits, ‘-’ and ‘.’), so it cannot name a file`);
    }
    files.push({ path: join(dir, s.file), data: yamlText(`${schemaPath}/section.schema.json`, s.data) });
  }
  // The importer named them (safe relative names, PNG or JPEG by their bytes); the staged folder is read back and checked before commit.
  for (const m of imported.media ?? []) files.push({ path: join(dir, m.file), data: m.data });
  return files;
}
