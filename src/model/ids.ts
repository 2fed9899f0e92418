/**
 * The id rule: what a stable id may hold. One definition for the schema test,
 * the importers (ids read from DOCX bookmarks, `--id`) and every path built
 * from an id, so no id can name a file outside its folder. Pure.
 */

/** The same pattern as `$defs/id` in schema/document.schema.json (a unit test keeps them equal). */
export const ID_PATTERN = /^[a-z0-9][a-z0-9.\-]*$/;

export function isValidId(id: unknown): id is string {
  return typeof id === 'string' && ID_PATTERN.test(id);
}
