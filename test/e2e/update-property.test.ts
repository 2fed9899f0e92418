/**
 * Property: `import --update` with random edits and random damage to a
 * rendered DOCX either succeeds — the YAML validates, holds exactly the
 * reported changes, and holds what the DOCX holds — or fails and leaves every
 * file of the document byte-identical. The document (a smaller copy of the
 * 2011 response: four files, translations, sub-items, footnotes) has a unit
 * and an item whose ids are longer than a Word bookmark allows. fast-check,
 * fixed seed, 30 runs.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadValidDocument, renderDocumentBytes } from '../../src/render/index.js';
import { updateFromDocx } from '../../src/import/update.js';
import { diffDocuments } from '../../src/diff/document-diff.js';
import { documentUnits, sectionItems } from '../../src/model/walk.js';
import { plainText } from '../../src/model/inline.js';
import { loadLocales } from '../../src/compose/i18n.js';
import { bookmarkName } from '../../src/render/docx/bookmarks.js';
import { UserError } from '../../src/diag/diagnostic.js';
import { TRANSACTION_DIR } from '../../src/io/transaction.js';
import { stopPdfWorker } from '../../src/render/pdf/pool.js';
import { repoRoot, tempDir } from '../helpers/tools.js';
import { smallDocument } from '../helpers/small-document.js';
import { blockText, joinBody, newParagraph, partText, setCustomProperty, setPartText, splitBody, type Parts } from '../helpers/docx-edit.js';
import { strToU8, unzipSync, zipSync } from 'fflate';

const LONG_UNIT = 'co-3.a-paragraph-id-far-longer-than-a-word-bookmark-allows';
const LONG_ITEM = 'co-24-the-last-observation-with-an-identifier-longer-than-forty';
const locales = join(repoRoot, 'locales');
const templates = join(repoRoot, 'templates');

let base: string;
let en: Uint8Array;
let ru: Uint8Array;

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
    const p = join(dir, f);
    if (f.endsWith('.yaml')) out.set(f, readFileSync(p));
  }
  return out;
}

beforeAll(async () => {
  base = smallDocument();
  const critical = join(base, 'critical.yaml');
  let text = readFileSync(critical, 'utf8');
  text = text.replace('      - id: "co-3.s2"\n', `      - id: "${LONG_UNIT}"\n        text: "A paragraph whose id is long."\n      - id: "co-3.s2"\n`);
  text = text.replace('  - id: "co-24"\n', `  - id: "${LONG_ITEM}"\n`);
  expect(text).toContain(LONG_UNIT);
  expect(text).toContain(LONG_ITEM);
  writeFileSync(critical, text);
  const { doc } = loadValidDocument(base);
  const out = await renderDocumentBytes(doc, { langs: ['en', 'ru'], formats: ['docx'], outDir: tempDir('prop-out-'), draft: true });
  [en, ru] = [out[0]!.bytes, out[1]!.bytes];
  await stopPdfWorker();
});

type Edit =
  | { kind: 'text'; at: number; word: string }
  | { kind: 'delete'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'move'; from: number; to: number }
  | { kind: 'delete-item'; item: number }
  | { kind: 'verdict'; item: number; to: 'accepted' | 'accepted in part' | 'not accepted' };

type Damage =
  | { kind: 'none' }
  | { kind: 'truncate'; at: number }
  | { kind: 'other-document' }
  | { kind: 'other-language' }
  | { kind: 'xml-cut'; at: number }
  | { kind: 'flip'; at: number };

const word = fc.constantFrom('indeed', 'however', 'thus', 'вопрос', 'сайлау', '«ёлочки»', '<w:t>', '&amp;', 'a*b', '[^x]');
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('text' as const), at: fc.nat(), word }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.array(word, { minLength: 2, maxLength: 6 }).map((w) => `Added: ${w.join(' ')}.`) }),
  fc.record({ kind: fc.constant('move' as const), from: fc.nat(), to: fc.nat() }),
  fc.record({ kind: fc.constant('delete-item' as const), item: fc.nat() }),
  fc.record({ kind: fc.constant('verdict' as const), item: fc.nat(), to: fc.constantFrom('accepted' as const, 'accepted in part' as const, 'not accepted' as const) }),
);
const damage: fc.Arbitrary<Damage> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0.05, max: 0.999, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'other-document' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'other-language' as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('xml-cut' as const), at: fc.double({ min: 0.05, max: 0.95, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 0.999, noNaN: true }) }) },
);

const unitOf = (block: string) => /w:name="(sp_[A-Za-z0-9_]+)"/.exec(block)?.[1];
const isStandpoint = (block: string) => block.startsWith('<w:p>') && block.includes('<w:pStyle w:val="Standpoint"/>') && !!unitOf(block);

/** Applies the edits; returns the DOCX bytes and what the YAML must then hold. */
function applyEdits(bytes: Uint8Array, edits: Edit[], itemIds: string[]): { bytes: Uint8Array; expect: { texts: string[]; gone: string[]; verdicts: Map<string, string>; goneItems: string[]; order: () => string[] } } {
  const parts = unzipSync(bytes) as Parts;
  const body = splitBody(partText(parts, 'word/document.xml'));
  const texts: string[] = [];
  const gone: string[] = [];
  const goneItems: string[] = [];
  const verdicts = new Map<string, string>();
  const standpoints = () => body.blocks.flatMap((b, i) => (isStandpoint(b) ? [i] : []));
  for (const e of edits) {
    const sp = standpoints();
    if (e.kind === 'text' && sp.length) {
      const i = sp[e.at % sp.length]!;
      body.blocks[i] = body.blocks[i]!.replace(/(<\/w:t>)(?![\s\S]*<\/w:t>)/, ` ${e.word.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}$1`);
    } else if (e.kind === 'delete' && sp.length) {
      const [b] = body.blocks.splice(sp[e.at % sp.length]!, 1);
      gone.push(blockText(b!));
    } else if (e.kind === 'insert' && sp.length) {
      body.blocks.splice(sp[e.at % sp.length]! + 1, 0, newParagraph(e.text));
      texts.push(e.text);
    } else if (e.kind === 'move' && sp.length > 1) {
      const [b] = body.blocks.splice(sp[e.from % sp.length]!, 1);
      const after = standpoints();
      body.blocks.splice(after[e.to % after.length]! + 1, 0, b!);
    } else if (e.kind === 'delete-item') {
      const id = itemIds[e.item % itemIds.length]!;
      const first = body.blocks.findIndex((b) => b.includes(`w:name="${bookmarkName(id, 'item').name}"`));
      const last = body.blocks.findIndex((b) => b.includes(`w:name="${bookmarkName(`${id}.verdict`).name}"`));
      if (first >= 0 && last >= first) {
        body.blocks.splice(first, last - first + 1);
        goneItems.push(id);
      }
    } else if (e.kind === 'verdict') {
      const id = itemIds[e.item % itemIds.length]!;
      const i = body.blocks.findIndex((b) => b.includes(`w:name="${bookmarkName(`${id}.verdict`).name}"`));
      if (i >= 0) {
        body.blocks[i] = body.blocks[i]!.replace(/is (not accepted|accepted in part|accepted)\./, `is ${e.to}.`);
        verdicts.set(id, e.to.replace(/ /g, '-').replace('accepted-in-part', 'accepted-in-part'));
      }
    }
  }
  setPartText(parts, 'word/document.xml', joinBody(body));
  // The order of the standpoint paragraphs the DOCX now holds, by text (added ones have no id yet).
  const order = () => body.blocks.filter((b) => b.startsWith('<w:p>') && b.includes('<w:pStyle w:val="Standpoint"/>')).map((b) => blockText(b).replace(/^The CEC standpoint\.\s*/, ''));
  return { bytes: zipSync(parts), expect: { texts, gone, verdicts, goneItems, order } };
}

function damaged(bytes: Uint8Array, d: Damage): Uint8Array {
  switch (d.kind) {
    case 'truncate':
      return bytes.subarray(0, Math.floor(bytes.length * d.at));
    case 'other-document': {
      const parts = unzipSync(bytes) as Parts;
      setCustomProperty(parts, 'standpoint-document', 'kz-2015-parliamentary');
      return zipSync(parts);
    }
    case 'xml-cut': {
      const parts = unzipSync(bytes) as Parts;
      const xml = partText(parts, 'word/document.xml');
      parts['word/document.xml'] = strToU8(xml.slice(0, Math.floor(xml.length * d.at)));
      return zipSync(parts);
    }
    case 'flip': {
      // One byte of the package changed: wherever it lands, the package must be refused or read whole.
      const copy = new Uint8Array(bytes);
      const at = Math.floor(copy.length * d.at);
      copy[at] = copy[at]! ^ 0x5a;
      return copy;
    }
    default:
      return bytes;
  }
}

describe('import --update under random edits and damage', () => {
  it('either writes exactly what it reports, or writes nothing', () => {
    const { doc: original } = loadValidDocument(base);
    const itemIds = [...original.sections.find((s) => s.id === 'critical')!.items.map((i) => i.id)];
    const before = files(base);
    const loc = loadLocales(locales);
    let succeeded = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.array(edit, { maxLength: 4 }), damage, (edits, dmg) => {
        const dir = join(tempDir('prop-run-'), 'kz-2011-presidential');
        cpSync(base, dir, { recursive: true });
        const applied = applyEdits(dmg.kind === 'other-language' ? ru : en, edits, itemIds);
        const file = join(dir, '..', 'edited.docx');
        writeFileSync(file, damaged(applied.bytes, dmg));
        let plan;
        try {
          plan = updateFromDocx(dir, file, { locales: loc, localesDir: locales, templatesDir: templates });
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
          refused++;
          // Nothing written: every YAML file byte-identical, no staging left.
          const after = files(dir);
          expect([...after.keys()]).toEqual([...before.keys()]);
          for (const [f, b] of before) expect(after.get(f)!.equals(b), `${f} changed by a refused update: ${err.message}`).toBe(true);
          expect(existsSync(join(dir, TRANSACTION_DIR))).toBe(false);
          // Only damage or a wrong file may be refused: plain Word edits must come back.
          expect(dmg.kind, `edits ${JSON.stringify(edits)} refused: ${err.message}`).not.toBe('none');
          return;
        }
        succeeded++;
        // A damaged byte may land where it changes nothing standpoint reads (a media file, a zip comment…); anything else is refused.
        expect(['none', 'flip'], `${dmg.kind} was not refused`).toContain(dmg.kind);
        const { doc: after } = loadValidDocument(dir);
        // The files hold exactly the reported changes.
        expect(JSON.parse(JSON.stringify(diffDocuments(original, after)))).toEqual(JSON.parse(JSON.stringify(plan.diff)));
        if (dmg.kind === 'flip') return;
        // … and what the DOCX holds: its edits, deletions, insertions and order.
        const texts = [...documentUnits(after)].map((v) => plainText(v.unit.text));
        for (const t of applied.expect.texts) expect(texts, t).toContain(t);
        const allItems = after.sections.flatMap((s) => [...sectionItems(s)]);
        for (const id of applied.expect.goneItems) expect(allItems.some((i) => i.id === id), id).toBe(false);
        for (const [id, v] of applied.expect.verdicts) if (!applied.expect.goneItems.includes(id)) expect(allItems.find((i) => i.id === id)?.verdict, id).toBe(v);
        const norm = (t: string) => t.replace(/\s+/g, ' ').trim();
        const standpointOrder = [...documentUnits(after)].filter((v) => v.role === 'standpoint' && v.item).map((v) => norm(plainText(v.unit.text)));
        expect(standpointOrder).toEqual(applied.expect.order().map(norm).filter(Boolean));
      }),
      { seed: 20110403, numRuns: 30, endOnFailure: true },
    );
    console.log(`import --update, 30 random runs: ${succeeded} written, ${refused} refused with every file unchanged`);
    expect(succeeded).toBeGreaterThan(8);
    expect(refused).toBeGreaterThan(4);
  });
});
