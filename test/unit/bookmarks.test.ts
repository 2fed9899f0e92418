/** Bookmark names of ids (src/render/docx/bookmarks.ts) and the id rule they share with the schema. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bookmarkHash, bookmarkName, parseBookmarkName } from '../../src/render/docx/bookmarks.js';
import { ID_PATTERN } from '../../src/model/ids.js';
import { repoRoot } from '../helpers/tools.js';

const LONG = 'co-12.s3.a-paragraph-id-far-longer-than-a-word-bookmark-allows';

describe('bookmark names', () => {
  it('short ids are spelled reversibly, as older DOCX files have them', () => {
    expect(bookmarkName('co-4.fn2')).toEqual({ name: 'sp_co_4Xfn2', long: false });
    expect(bookmarkName('rec-b-administration', 'section').name).toBe('ss_rec_b_administration');
    expect(parseBookmarkName('sp_co_4Xfn2')).toEqual({ kind: 'unit', id: 'co-4.fn2' });
    expect(parseBookmarkName('si_co_4')).toEqual({ kind: 'item', id: 'co-4' });
    // LibreOffice renames a copied bookmark.
    expect(parseBookmarkName('sp_co_4Xfn2_Copy_1')).toEqual({ kind: 'unit', id: 'co-4.fn2' });
  });

  it('a long id gets exactly 40 characters and is read back through its hash', () => {
    const b = bookmarkName(LONG);
    expect(b.long).toBe(true);
    expect(b.name).toHaveLength(40);
    expect(b.name).toMatch(/^sp_co_12Xs3Xa_paragraph_id_fa\w*Z[0-9a-z]{8}$/);
    expect(b.name.endsWith(bookmarkHash(LONG))).toBe(true);
    const mapping = new Map([[bookmarkHash(LONG), LONG]]);
    expect(parseBookmarkName(b.name, (h) => mapping.get(h))).toEqual({ kind: 'unit', id: LONG });
    expect(parseBookmarkName(`${b.name}_Copy_2`, (h) => mapping.get(h))).toEqual({ kind: 'unit', id: LONG });
    // Without the mapping, or with a mapping that does not hash to the name, nothing is guessed.
    expect(parseBookmarkName(b.name)).toBeUndefined();
    expect(parseBookmarkName(b.name, () => 'co-12.s4')).toBeUndefined();
  });

  it('names standpoint did not write give no id, and no name gives a path', () => {
    for (const raw of ['_GoBack', 'ss_../../etc/passwd', 'sp_AbC', 'sp_', 'sp_Xstart', 'ss_a/b', 'sp_a b']) expect(parseBookmarkName(raw), raw).toBeUndefined();
  });

  it('the id rule is the schema’s', () => {
    const schema = JSON.parse(readFileSync(join(repoRoot, 'schema', 'document.schema.json'), 'utf8')) as { $defs: { id: { pattern: string } } };
    expect(new RegExp(schema.$defs.id.pattern).source).toBe(ID_PATTERN.source);
  });
});
