/**
 * docx's serialiser (its stringifyXmlable, which writes an object from its
 * Formatter — `{ "w:b": { _attr: { "w:val": false } } }` — as XML) rewritten
 * as one pass that writes the text directly. Owns that function only; it
 * knows nothing of documents or parts. engine-patches.ts decides when it is
 * used.
 *
 * Why: docx writes every element in two passes, first an object per element
 * (its name, an array of attribute strings, an array of content) and then
 * the text from those; for the 2011 response that is some 30 ms of a cold
 * DOCX, and the garbage of a second tree as large as the first.
 *
 * The rules are docx's (which are those of the `xml` package it once used),
 * quirks included, without indentation (docx's `prettify`, which standpoint
 * never asks for):
 * - An element's name is its object's first key. An object without keys is
 *   written as nothing.
 * - Its value may be an object with `_attr` (attributes) and `_cdata`; an
 *   array of children, where an object whose first key is `_attr` adds
 *   attributes and any value that is not an object is text; or a value that
 *   is not an object, the element's text.
 * - A text item replaces the content item before it (the `xml` package's
 *   pop-then-push), so `[child, "a", "b"]` writes only `b`.
 * - An element with no content is self-closing; an array, even of
 *   attributes only, gives an open and a close tag.
 * - Attribute values and text are escaped as docx escapes them (`&`, quotes,
 *   `<`, `>`; C0 controls other than tab, LF, CR dropped); values that are
 *   not strings are written with String(), undefined as "undefined".
 */

const ESCAPED = /[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/;
const ESCAPED_ALL = /[&"'<>\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '"': '&quot;', "'": '&apos;', '<': '&lt;', '>': '&gt;' };

/** A string value escaped as docx escapes it; a value of another type as String() writes it. */
function escapeValue(value: unknown): string {
  if (typeof value !== 'string') return String(value);
  // Most values need nothing: a test is cheaper than a replace that finds nothing.
  return ESCAPED.test(value) ? value.replace(ESCAPED_ALL, (ch) => ENTITIES[ch] ?? '') : value;
}

/** ` key="value"` for each of an `_attr` object's entries, in their order. */
function attributesOf(attr: Record<string, unknown>): string {
  let out = '';
  for (const key of Object.keys(attr)) out += ` ${key}="${escapeValue(attr[key])}"`;
  return out;
}

/** The XML of one object from docx's Formatter, exactly as docx's stringifyXmlable writes it without indentation. */
export function writeXmlable(data: object): string {
  const name = Object.keys(data)[0];
  const values = name === undefined ? undefined : (data as Record<string, unknown>)[name];
  let attributes = '';
  // The content items: `done` holds all but the last, written; `last` the last one, which a text item replaces.
  let done = '';
  let last = '';
  let count = 0;
  const push = (item: string) => {
    if (count > 0) done += last;
    last = item;
    count++;
  };
  if (typeof values === 'object') {
    if (values !== null) {
      const { _attr: attr, _cdata: cdata } = values as { _attr?: Record<string, unknown>; _cdata?: string };
      if (attr) attributes += attributesOf(attr);
      if (cdata) push(`<![CDATA[${cdata.replace(/\]\]>/g, ']]]]><![CDATA[>')}]]>`);
      if (Array.isArray(values)) {
        let isStringContent = false;
        push('');
        for (const value of values) {
          if (typeof value === 'object') {
            // null throws here, as it does in docx.
            if (Object.keys(value as object)[0] === '_attr') attributes += attributesOf((value as { _attr: Record<string, unknown> })._attr);
            else push(writeXmlable(value as object));
          } else {
            // docx pops the item before and pushes the text; undefined is written as nothing.
            last = value === undefined ? '' : escapeValue(value);
            isStringContent = true;
          }
        }
        if (!isStringContent) push('');
      }
    }
  } else push(values === undefined ? '' : escapeValue(values));
  // Without a name docx still writes the attributes (after a space) and, with no content, "/>".
  if (count === 0) return name ? `<${name}${attributes}/>` : `${attributes}/>`;
  return name ? `<${name}${attributes}>${done}${last}</${name}>` : `${attributes}${done}${last}`;
}
