/**
 * One document, one id, once per command: two documents with the same id
 * would write the same output files (render, render-all) or be counted twice
 * (stats). Refused with both places named, before anything is rendered.
 */
import { resolve } from 'node:path';
import { UserError } from '../diag/diagnostic.js';
import type { Position, ResponseDocument } from '../model/types.js';

export class DistinctDocuments {
  private readonly ids = new Map<string, { pos?: Position; root: string }>();

  constructor(private readonly consequence: string) {}

  add(doc: ResponseDocument): void {
    const first = this.ids.get(doc.id);
    if (first) {
      const where = (p?: Position) => (p ? `${p.file}:${p.line}:${p.column}` : '?');
      const same = resolve(first.root) === resolve(doc.root);
      throw UserError.single(
        doc.idPos ?? doc.pos,
        'duplicate-document-id',
        same ? `the document ${doc.root} is given twice` : `document id ‘${doc.id}’ is also the id of the document at ${where(first.pos)}; ${this.consequence}`,
        same ? 'name each document once' : 'give one of them another id (ids never change once published, so usually the copy)',
      );
    }
    this.ids.set(doc.id, { pos: doc.idPos ?? doc.pos, root: doc.root });
  }
}
