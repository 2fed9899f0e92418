/**
 * Scale: a synthetic response 20× the 2011 one (≈600 pages) reads, validates,
 * composes and builds its DOCX without a stack overflow. Time and memory are
 * measured by the benchmark (npm run bench), not here.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeSyntheticDocument } from '../../src/bench/synthetic.js';
import { dataDoc, tempDir } from '../helpers/tools.js';
import { loadValidDocument, composeLang } from '../../src/render/index.js';
import { documentUnits } from '../../src/model/walk.js';
import { buildDocxPlan } from '../../src/render/docx/build.js';
import { packDocx } from '../../src/render/docx/pack.js';

describe('a response 20 times the 2011 one', () => {
  it('validates, composes and packs into a DOCX', () => {
    const dir = writeSyntheticDocument(dataDoc, join(tempDir('scale-'), 'big'), 20);
    const { doc } = loadValidDocument(dir);
    const base = loadValidDocument(dataDoc).doc;
    const count = (d: typeof doc) => [...documentUnits(d)].length;
    const fixed = [...documentUnits(base)].filter((v) => ['meta', 'instrument', 'abbreviation'].includes(v.role) || /^(opening|closing)\./.test(v.unit.id)).length;
    expect(count(doc)).toBe(fixed + 20 * (count(base) - fixed));
    const composed = composeLang(doc, 'en', { langs: ['en'], formats: ['docx'], outDir: dir });
    const plan = buildDocxPlan(composed);
    expect(plan.footnotes).toHaveLength(20 * 18);
    expect(packDocx(plan).length).toBeGreaterThan(500_000);
  });
});
