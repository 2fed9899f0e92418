/**
 * id-too-long: the document id names every output file (`<id>.<lang>.<format>`,
 * first written under a longer temporary name), so it must leave room for the
 * longest of them within a file system's 255-byte names. Checked here, before
 * anything renders, so no id that validates fails half-way through writing.
 */
import type { Rule } from '../rule.js';
import { MAX_DOCUMENT_ID_LENGTH } from '../../render/names.js';

export const documentId: Rule = {
  id: 'id-too-long',
  description: 'the document id fits in every output file name',
  check(doc, diags) {
    if (doc.id.length > MAX_DOCUMENT_ID_LENGTH) {
      diags.error(
        doc.idPos ?? doc.pos,
        'id-too-long',
        `the document id is ${doc.id.length} characters long; output files are named <id>.<lang>.<format> and a file name has at most 255 bytes, so the id may have at most ${MAX_DOCUMENT_ID_LENGTH}`,
        'choose a short id such as kz-2011-presidential',
      );
    }
  },
};
