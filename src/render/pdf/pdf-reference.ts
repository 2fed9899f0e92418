/**
 * pdfkit's PDFReference (one PDF object, with its stream) as the speed
 * patches see it. Owns the way they reach its prototype — the class is not
 * exported; the prototype is taken from the first reference a document
 * creates — and the content strings held back from its buffer. Patches no
 * function itself.
 */
type Dict = Record<string, unknown>;

export interface PdfReference {
  buffer: Uint8Array[];
  data: Dict & { Length?: number };
  compress: boolean;
  uncompressedLength: number;
  /** Content operators kept as strings, joined into the buffer once (engine-patches.ts, bufferContentStrings). */
  __pending?: string[];
}

/** Moves the held-back content strings into the buffer, in pdfkit's encoding ('binary' = latin1). */
export function flushPending(ref: PdfReference): void {
  if (ref.__pending?.length) {
    ref.buffer.push(Buffer.from(ref.__pending.join(''), 'latin1'));
    ref.__pending = [];
  }
}

/**
 * Calls `patch` with PDFReference's prototype when the first reference is
 * made, once per `flag` (a patch applied again does nothing).
 */
export function onReferencePrototype(require: NodeRequire, flag: string, patch: (proto: Dict) => void): void {
  const PDFKit = require('pdfkit') as { prototype: Dict };
  if (PDFKit.prototype[flag]) return;
  const originalRef = PDFKit.prototype.ref as (this: unknown, data: Dict) => PdfReference;
  if (typeof originalRef !== 'function') throw new Error('pdfkit: PDFDocument.ref is missing; the engine patches need checking for this pdfkit');
  let patched = false;
  PDFKit.prototype.ref = function ref(this: unknown, data: Dict) {
    const r = originalRef.call(this, data);
    if (!patched) {
      patched = true;
      const proto = Object.getPrototypeOf(r) as Dict;
      if (typeof proto.write !== 'function' || typeof proto.finalize !== 'function') throw new Error('pdfkit: PDFReference.write or finalize is missing; the engine patches need checking for this pdfkit');
      patch(proto);
    }
    return r;
  };
  PDFKit.prototype[flag] = true;
}
