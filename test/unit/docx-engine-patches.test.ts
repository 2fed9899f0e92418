/**
 * The docx speed patches (src/render/docx/engine-patches.ts) on structures:
 * every part of the DOCX of the 2011 response side by side (kk+ru: footnotes,
 * the party table, bookmarks, two languages) and of the two golden cases
 * (mini: a list and a table; letter: a letterhead logo, a figure, a scanned
 * signature, numbered headings) is the same with docx's own methods and
 * serialiser and with the patches and the one-pass writer (each alone, and
 * both); the probe that guards the patches sees a patch that differs and
 * takes them all back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { XmlComponent, NextAttributeComponent, XmlAttributeComponent } from 'docx';
import { composeLang, loadValidDocument } from '../../src/render/index.js';
import { buildDocxPlan } from '../../src/render/docx/build.js';
import { docxParts } from '../../src/render/docx/pack.js';
import { docxPatchesInPlace, patchDocxEngine, unpatchDocxEngine } from '../../src/render/docx/engine-patches.js';
import { dataDoc, repoRoot } from '../helpers/tools.js';

const text = (parts: Map<string, Uint8Array>) => new Map([...parts].map(([name, bytes]) => [name, Buffer.from(bytes).toString('latin1')]));

function partsOf(folder: string, spec: string): Map<string, string> {
  const { doc } = loadValidDocument(folder, [spec]);
  return text(docxParts(buildDocxPlan(composeLang(doc, spec, { langs: [spec], formats: ['docx'], outDir: '', draft: true }))));
}

afterEach(() => unpatchDocxEngine());

/** Runs `fn` with the techniques `off` turned off, as STANDPOINT_SPEED_OFF does for a process: docxParts then leaves docx as it is. */
function withPatchesOff<T>(fn: () => T, off = 'docxPreparation,docxWriter'): T {
  const before = process.env.STANDPOINT_SPEED_OFF;
  process.env.STANDPOINT_SPEED_OFF = off;
  unpatchDocxEngine();
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.STANDPOINT_SPEED_OFF;
    else process.env.STANDPOINT_SPEED_OFF = before;
    unpatchDocxEngine();
  }
}

describe('docx engine patches', () => {
  it('replace three methods, and every part of a DOCX is the same with them and without', () => {
    const cases: [string, string][] = [
      [join(repoRoot, 'test', 'fixtures', 'mini', 'input'), 'ru'],
      [join(repoRoot, 'test', 'fixtures', 'letter', 'input'), 'en'],
      [dataDoc, 'kk+ru'],
    ];
    for (const [folder, lang] of cases) {
      const plain = withPatchesOff(() => {
        const parts = partsOf(folder, lang);
        expect(docxPatchesInPlace()).toEqual([]);
        return parts;
      });
      patchDocxEngine();
      expect(docxPatchesInPlace()).toEqual(['XmlComponent.prepForXml', 'XmlAttributeComponent.prepForXml', 'NextAttributeComponent.prepForXml']);
      const patched = partsOf(folder, lang);
      unpatchDocxEngine();
      // Each technique alone: the writer on docx's own objects, the patches with docx's serialiser.
      const writerOnly = withPatchesOff(() => partsOf(folder, lang), 'docxPreparation');
      const preparationOnly = withPatchesOff(() => partsOf(folder, lang), 'docxWriter');
      for (const parts of [patched, writerOnly, preparationOnly]) {
        expect([...parts.keys()]).toEqual([...plain.keys()]);
        for (const [name, data] of plain) expect(parts.get(name), `${lang} ${name}`).toBe(data);
      }
    }
  });

  it('are taken back when the probe prepares differently (a docx upgrade that changed a method)', () => {
    // A stand-in for a changed docx: the original drops undefined values, this one writes them.
    const original = Object.getOwnPropertyDescriptor(NextAttributeComponent.prototype, 'prepForXml')!;
    Object.defineProperty(NextAttributeComponent.prototype, 'prepForXml', {
      configurable: true,
      writable: true,
      value(this: { root: Record<string, { key: string; value: unknown }> }) {
        return { _attr: Object.fromEntries(Object.values(this.root).map(({ key, value }) => [key, value ?? null])) };
      },
    });
    try {
      patchDocxEngine();
      expect(docxPatchesInPlace()).toEqual([]);
      // docx's methods as they were: the changed one stays, the others are docx's own.
      expect(String(XmlComponent.prototype.prepForXml)).toContain('flatMap');
      expect(String(XmlAttributeComponent.prototype.prepForXml)).toContain('Object.entries');
    } finally {
      Object.defineProperty(NextAttributeComponent.prototype, 'prepForXml', original);
    }
  });

  it('are off when the technique is turned off', () => {
    withPatchesOff(() => {
      patchDocxEngine();
      expect(docxPatchesInPlace()).toEqual([]);
    });
  });
});
