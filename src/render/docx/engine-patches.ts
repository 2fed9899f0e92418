/**
 * Speed patches of the docx library, and the call of its Compiler that
 * serialises a document (compileDocx, for pack.ts). Owns the replaced
 * methods, applied once per process before the first DOCX is serialised,
 * and that call; nothing else: the document's objects are still docx's,
 * built by docx's own constructors, and docx's Compiler still makes every
 * part (names, declarations, placeholders). Each patch is the library's
 * method rewritten without its per-node overheads, with the same result
 * object for every input; the one-pass writer (xml-writer.ts, the docxWriter
 * technique) writes the same text as docx's serialiser. So the bytes are
 * equal with and without them (test/e2e/speed-techniques.test.ts renders
 * every DOCX of the 2011 response with each technique off and on,
 * test/unit/docx-engine-patches.test.ts compares every part of three
 * documents' DOCX files with docx's methods and serialiser and with these,
 * and test/unit/docx-xml-writer.test.ts the writer with docx's serialiser).
 *
 * Why: on a cold run docx spent 160–190 ms turning the 2011 response's
 * components into the objects it serialises — more than pandoc takes for
 * the whole DOCX. Most of it went to XmlComponent.prepForXml's flatMap and
 * filter with a closure per node, and to NextAttributeComponent.prepForXml,
 * which builds each element's attributes by copying the object once per
 * attribute (two object spreads for every key). docx has no option for
 * either. A docx upgrade must re-check them: at patch time a probe tree of
 * the cases they must get right is prepared both ways, and a difference
 * takes the patches back. docx is bundled at the exact version in
 * package.json, so the writer meets no other serialiser than the one its
 * unit test compares it with.
 */
import { EMPTY_OBJECT, NextAttributeComponent, Packer, XmlAttributeComponent, XmlComponent, isXmlComponent, type Document } from 'docx';
import { techniqueOn } from '../techniques.js';
import { writeXmlable } from './xml-writer.js';

/** What prepForXml returns: an object for the serialiser, or undefined to leave the node out. */
type Xmlable = Record<string, unknown> | undefined;
interface Preparable {
  prepForXml(context: { stack: unknown[] }): unknown;
  writtenAs?: Preparable[];
}
type Component = Preparable & { rootKey: string; root: unknown[] };

/** docx's flatMap keeps an array's items (one level); pushes `r`, or its items, leaving out undefined as its filter does. */
function pushFlat(out: unknown[], r: unknown): void {
  if (Array.isArray(r)) {
    for (const x of r) if (x !== undefined) out.push(x);
  } else if (r !== undefined) out.push(r);
}

/**
 * XmlComponent.prepForXml: the children's objects in order (a component's
 * `writtenAs` parts in its place), then the element as docx writes it — an
 * element holding only attributes takes them directly, an empty one the
 * shared EMPTY_OBJECT.
 */
function prepareComponent(this: Component, context: { stack: unknown[] }): Xmlable {
  context.stack.push(this);
  const children: unknown[] = [];
  for (const comp of this.root) {
    if (isXmlComponent(comp)) {
      const parts = (comp as Preparable).writtenAs;
      if (parts) {
        // docx maps the parts to an array that flatMap then flattens: one level, whatever each part returns.
        for (const part of parts) {
          const r = part.prepForXml(context);
          if (r !== undefined) children.push(r);
        }
      } else pushFlat(children, (comp as Preparable).prepForXml(context));
    } else pushFlat(children, comp);
  }
  context.stack.pop();
  const only = children.length === 1 ? (children[0] as { _attr?: unknown } | null) : undefined;
  return { [this.rootKey]: children.length ? (only?._attr ? only : children) : EMPTY_OBJECT };
}

/** XmlAttributeComponent.prepForXml: each defined value under its XML name. */
function prepareAttributes(this: { root: Record<string, unknown>; xmlKeys?: Record<string, string> }): Xmlable {
  const attrs: Record<string, unknown> = {};
  const root = this.root;
  const xmlKeys = this.xmlKeys;
  for (const key of Object.keys(root)) {
    const value = root[key];
    if (value !== undefined) attrs[(xmlKeys && xmlKeys[key]) || key] = value;
  }
  return { _attr: attrs };
}

/**
 * NextAttributeComponent.prepForXml: each entry with a defined value, as
 * `key: value`. docx copies the object for every key; assigning gives the
 * same object — same keys, same order (a repeated key keeps its first place
 * and takes the last value, as the copies did).
 */
function prepareNextAttributes(this: { root: Record<string, { key: string; value: unknown }> }): Xmlable {
  const attrs: Record<string, unknown> = {};
  for (const { key, value } of Object.values(this.root)) if (value !== undefined) attrs[key] = value;
  return { _attr: attrs };
}

/** A method of docx's that a patch replaces. */
interface Replaced {
  proto: object;
  name: string;
  patch: (...args: never[]) => Xmlable;
}

const REPLACED: Replaced[] = [
  { proto: XmlComponent.prototype, name: 'prepForXml', patch: prepareComponent },
  { proto: XmlAttributeComponent.prototype, name: 'prepForXml', patch: prepareAttributes },
  { proto: NextAttributeComponent.prototype, name: 'prepForXml', patch: prepareNextAttributes },
];

/** Attributes with XML names for two of their three keys (the third is written under its own name). */
class ProbeAttributes extends XmlAttributeComponent<{ val?: unknown; other?: unknown; plain?: unknown }> {
  protected override readonly xmlKeys = { val: 'w:val', other: 'w:other' } as unknown as Record<'val' | 'other' | 'plain', string>;
}

/** XmlComponent is abstract in docx's types only; an element with children of its own is all the probe needs. */
class ProbeElement extends XmlComponent {}

/** A component of the given element whose children are `children`, as docx's own components hold theirs. */
function probeElement(rootKey: string, children: unknown[]): XmlComponent {
  const c = new ProbeElement(rootKey);
  (c as unknown as Component).root.push(...children);
  return c;
}

/**
 * A small tree with what the patches must get right: attributes only, an
 * empty element, text, undefined children, a child that prepares to nothing,
 * a child that is an array, a component written as other parts, and keys
 * that repeat. Serialised with each method, the results must be equal.
 */
function probeTree(): XmlComponent {
  const nothing = { prepForXml: () => undefined };
  const asArray = { prepForXml: () => [{ 'w:x': EMPTY_OBJECT }, undefined, 'text'] };
  const writtenAs = probeElement('w:replaced', []);
  Object.defineProperty(writtenAs, 'writtenAs', { get: () => [probeElement('w:part1', ['a']), nothing, probeElement('w:part2', [])] });
  return probeElement('w:root', [
    new ProbeAttributes({ val: 1, other: undefined, plain: 'p' }),
    probeElement('w:onlyAttributes', [new ProbeAttributes({ val: 'x' })]),
    probeElement('w:empty', []),
    probeElement('w:text', ['t', undefined, ['u', undefined, 'v']]),
    nothing,
    asArray,
    writtenAs,
    new NextAttributeComponent({ a: { key: 'w:a', value: 1 }, b: { key: 'w:b', value: undefined as unknown as string }, c: { key: 'w:c', value: 'c' }, d: { key: 'w:a', value: 2 } }),
    probeElement('w:nested', [probeElement('w:deeper', [new NextAttributeComponent({ a: { key: 'w:k', value: true } })])]),
  ]);
}

const prepared = () => JSON.stringify(probeTree().prepForXml({ stack: [] } as never));

let applied: boolean | undefined;
const originals = new Map<Replaced, unknown>();

/**
 * Applies the patches once per process, unless the technique is off. The
 * probe tree is prepared with docx's methods and then with the patches; if a
 * docx upgrade made them differ, every patch is taken back (slower, never
 * different).
 */
export function patchDocxEngine(): void {
  if (applied !== undefined) return;
  applied = techniqueOn('docxPreparation');
  if (!applied) return;
  const before = prepared();
  for (const r of REPLACED) {
    const method = (r.proto as Record<string, unknown>)[r.name];
    if (typeof method !== 'function') continue;
    originals.set(r, method);
    Object.defineProperty(r.proto, r.name, { value: r.patch, writable: true, configurable: true, enumerable: false });
  }
  if (prepared() !== before) {
    restoreOriginals();
    applied = false;
  }
}

function restoreOriginals(): void {
  for (const [r, method] of originals) Object.defineProperty(r.proto, r.name, { value: method, writable: true, configurable: true, enumerable: false });
  originals.clear();
}

/** Puts docx's own methods back until the next patchDocxEngine (for the unit test, which compares the two). */
export function unpatchDocxEngine(): void {
  restoreOriginals();
  applied = undefined;
}

/** Which patches are in place: a docx upgrade that changes what a method returns takes them all back, and a test says so. */
export function docxPatchesInPlace(): string[] {
  return REPLACED.filter((r) => originals.has(r)).map((r) => `${(r.proto as { constructor: { name: string } }).constructor.name}.${r.name}`);
}

/** docx's Compiler (Packer's): the parts of a document by path, XML as text. */
interface DocxCompiler {
  formatter: DocxFormatter;
  compile(file: Document, prettify?: unknown, overrides?: unknown[]): Map<string, string | Uint8Array>;
}
interface DocxFormatter {
  format(input: unknown, context?: unknown): object;
}

/**
 * A value docx's serialiser writes as String() gives it, untouched: it
 * escapes strings and walks objects, but anything else it writes with
 * String(), and a function's String() is its toString.
 */
export function written(xml: string): () => void {
  const text = () => undefined;
  text.toString = () => xml;
  return text;
}

/**
 * The parts of `file`, as docx's Compiler writes them (it names them, adds the
 * XML declarations, fills in its placeholders); with the docxWriter technique
 * on, the XML of each part is written by writeXmlable (xml-writer.ts), in one
 * pass, instead of docx's two. The Compiler hands each part's object from its
 * formatter to its serialiser and uses it for nothing else; for the time of
 * this call its formatter gives the serialiser an element without a name
 * whose one value is the part's XML, already written, which docx's serialiser
 * writes as it is (`written`). Nothing else changes: the formatter is docx's
 * own, called as before, and put back after.
 */
export function compileDocx(file: Document): Map<string, string | Uint8Array> {
  // docx's compiler is reachable only as Packer's (it is not exported); calling it directly
  // lets pack.ts normalise the parts before zipping instead of unzipping Packer's output.
  const compiler = (Packer as unknown as { compiler: DocxCompiler }).compiler;
  patchDocxEngine();
  if (!techniqueOn('docxWriter')) return compiler.compile(file);
  const own = compiler.formatter;
  compiler.formatter = { format: (input, context) => ({ '': written(writeXmlable(own.format(input, context))) }) };
  try {
    return compiler.compile(file);
  } finally {
    compiler.formatter = own;
  }
}
