/**
 * Naming Word bookmarks after ids, and reading ids back from bookmark names.
 * Word allows letters, digits and "_" in a bookmark name, 40 characters at
 * most. An id is spelled reversibly ("-" -> "_", "." -> "X"; ids hold no
 * capitals) after a prefix that says what it names (sp_ unit, si_ item, ss_
 * section). An id too long for that gets a name of exactly 40 characters: the
 * start of its spelling, "Z" (never part of a spelling) and 8 characters of a
 * hash of the id; the DOCX then carries a custom property
 * standpoint-bookmark-<hash> holding the id, and a reader that knows the
 * document's ids can also find it by the hash alone. Pure.
 */
import { createHash } from 'node:crypto';
import { ID_PATTERN } from '../../model/ids.js';

export type BookmarkKind = 'unit' | 'item' | 'section';

const PREFIX: Record<BookmarkKind, string> = { unit: 'sp_', item: 'si_', section: 'ss_' };

export const BOOKMARK_MAX_LENGTH = 40;
const HASH_LENGTH = 8;

/** Custom document property that maps a long bookmark's hash to its id. */
export const LONG_BOOKMARK_PROPERTY = 'standpoint-bookmark-';

function spell(id: string): string {
  return id.replace(/-/g, '_').replace(/\./g, 'X');
}

/** 8 base-36 characters of SHA-256 of the id. */
export function bookmarkHash(id: string): string {
  const n = BigInt(`0x${createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 16)}`);
  return n.toString(36).padStart(HASH_LENGTH, '0').slice(-HASH_LENGTH);
}

/** The bookmark name of an id; `long` when it needs the mapping property. */
export function bookmarkName(id: string, kind: BookmarkKind = 'unit'): { name: string; long: boolean } {
  const readable = `${PREFIX[kind]}${spell(id)}`;
  if (readable.length <= BOOKMARK_MAX_LENGTH) return { name: readable, long: false };
  const head = readable.slice(0, BOOKMARK_MAX_LENGTH - 1 - HASH_LENGTH);
  return { name: `${head}Z${bookmarkHash(id)}`, long: true };
}

/**
 * The id a bookmark name carries, or undefined for bookmarks that are not
 * standpoint's (or whose long id cannot be resolved). `resolveLong` maps a
 * hash to an id (from the mapping property or from the document's ids); the
 * answer is checked against the hash.
 */
export function parseBookmarkName(raw: string, resolveLong?: (hash: string) => string | undefined): { kind: BookmarkKind; id: string } | undefined {
  // LibreOffice renames bookmarks it copies ("sp_co_4Xfn2_Copy_1").
  const name = raw.replace(/(_Copy_\d+)+$/, '');
  const kind = (Object.keys(PREFIX) as BookmarkKind[]).find((k) => name.startsWith(PREFIX[k]));
  if (!kind) return undefined;
  const rest = name.slice(PREFIX[kind].length);
  const long = /^[a-z0-9_X]*Z([0-9a-z]{8})$/.exec(rest);
  if (long) {
    const id = resolveLong?.(long[1]!);
    return id !== undefined && bookmarkHash(id) === long[1] && ID_PATTERN.test(id) ? { kind, id } : undefined;
  }
  if (!/^[a-z0-9_X]+$/.test(rest)) return undefined;
  const id = rest.replace(/X/g, '.').replace(/_/g, '-');
  return ID_PATTERN.test(id) ? { kind, id } : undefined;
}
