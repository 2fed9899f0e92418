/**
 * Writes imported document data as a document folder: document.yaml and one
 * file per section, each naming its JSON Schema for editors. Atomic per file.
 */
import { join } from 'node:path';
import { stringify } from 'yaml';
import { writeFileAtomic } from '../render/output.js';

type Obj = Record<string, unknown>;

function yamlText(schema: string, data: Obj): string {
  return `# yaml-language-server: $schema=${schema}\n${stringify(data, { lineWidth: 0, defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN', indent: 2 })}`;
}

export function writeDocumentFolder(dir: string, document: Obj, sections: { file: string; data: Obj }[], schemaPath: string): string[] {
  const written: string[] = [];
  const doc = join(dir, 'document.yaml');
  writeFileAtomic(doc, yamlText(`${schemaPath}/document.schema.json`, document));
  written.push(doc);
  for (const s of sections) {
    const file = join(dir, s.file);
    writeFileAtomic(file, yamlText(`${schemaPath}/section.schema.json`, s.data));
    written.push(file);
  }
  return written;
}
