/**
 * Translation memory: fills missing or stale units of a document from the
 * translations of other documents (and of the same document's other units).
 * An identical source gives a translation; a close one (≥ 75 % similar by
 * words) gives a draft that stays stale until reviewed, with its score noted.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ResponseDocument, TranslatedUnit } from '../model/types.js';
import { documentUnits } from '../model/walk.js';
import { plainText } from '../model/inline.js';
import { readDocument, DOCUMENT_FILE } from '../read/document.js';
import { sourceHash } from './source-hash.js';
import { translationUnits } from './units.js';
import { compareCodes } from './inline-codes.js';

export interface MemoryEntry {
  doc: string;
  id: string;
  source: string;
  target: string;
  words: string[];
}

function words(text: string): string[] {
  return plainText(text).toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Current translations into `lang` of every document in `dirs` (document folders or folders of them). */
export function buildMemory(docs: ResponseDocument[], lang: string): MemoryEntry[] {
  const out: MemoryEntry[] = [];
  for (const d of docs) {
    const t = d.translations.get(lang);
    if (!t) continue;
    for (const v of documentUnits(d)) {
      const tu = t.units.get(v.unit.id);
      if (tu && !tu.unconfirmed && (tu.sourceHash === undefined || tu.sourceHash === sourceHash(v.unit.text))) {
        out.push({ doc: d.id, id: v.unit.id, source: v.unit.text, target: tu.text, words: words(v.unit.text) });
      }
    }
  }
  return out;
}

/** Documents in the folder that holds `doc` (its siblings), read without failing on broken ones. */
export function siblingDocuments(doc: ResponseDocument, memoryDir?: string): ResponseDocument[] {
  const dir = memoryDir ?? resolve(doc.root, '..');
  const out: ResponseDocument[] = [doc];
  let entries: string[] = [];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const e of entries) {
    const folder = join(dir, e);
    if (resolve(folder) === resolve(doc.root) || !existsSync(join(folder, DOCUMENT_FILE))) continue;
    const r = readDocument(folder);
    if (r.doc && !r.diagnostics.hasErrors) out.push(r.doc);
  }
  return out;
}

/** Similarity of two word sequences: 1 − edit distance / longer length. */
export function similarity(a: string[], b: string[]): number {
  if (a.length === 0 && b.length === 0) return 1;
  const n = a.length;
  const m = b.length;
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    for (let j = 1; j <= m; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    [prev, cur] = [cur, prev];
  }
  return 1 - prev[m]! / Math.max(n, m);
}

export interface PretranslateResult {
  units: Map<string, TranslatedUnit>;
  exact: string[];
  fuzzy: { id: string; score: number; from: string }[];
}

export function pretranslate(doc: ResponseDocument, lang: string, memory: MemoryEntry[], threshold = 0.75): PretranslateResult {
  const units = new Map(doc.translations.get(lang)?.units ?? []);
  const exactIndex = new Map<string, MemoryEntry>();
  for (const m of memory) if (!exactIndex.has(m.source)) exactIndex.set(m.source, m);
  const result: PretranslateResult = { units, exact: [], fuzzy: [] };
  for (const u of translationUnits(doc, lang)) {
    if (u.state === 'translated') continue;
    const exact = exactIndex.get(u.source);
    if (exact && !(exact.doc === doc.id && exact.id === u.id)) {
      units.set(u.id, { id: u.id, text: exact.target, sourceHash: u.sourceHash, note: `translation memory: exact match of ${exact.doc} ${exact.id}` });
      result.exact.push(u.id);
      continue;
    }
    const w = words(u.source);
    if (w.length === 0) continue;
    let best: MemoryEntry | undefined;
    let bestScore = 0;
    for (const m of memory) {
      // Lengths that differ by more than the threshold allows cannot reach it.
      if (Math.min(m.words.length, w.length) / Math.max(m.words.length, w.length) < threshold) continue;
      const s = similarity(w, m.words);
      if (s > bestScore) {
        best = m;
        bestScore = s;
      }
    }
    if (best && bestScore >= threshold && compareCodes(u.source, best.target).length === 0) {
      // The hash of the matched source, not of this one: the draft shows as stale until reviewed.
      units.set(u.id, { id: u.id, text: best.target, sourceHash: sourceHash(best.source), note: `translation memory: ${Math.round(bestScore * 100)} % match of ${best.doc} ${best.id}; review` });
      result.fuzzy.push({ id: u.id, score: bestScore, from: `${best.doc} ${best.id}` });
    }
  }
  return result;
}
