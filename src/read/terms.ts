/**
 * Reads the termbase `terms.yaml` that sits beside the document folders
 * (data/terms.yaml serves every document in data/). Owns the file format:
 * schema check with positioned messages, duplicate concept ids, a term that
 * is both approved and forbidden. Knows nothing of how terms are matched.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Diagnostics } from '../diag/diagnostic.js';
import type { Concept, Endings, LanguageTerms, Termbase } from '../model/terms.js';
import { termText } from '../model/terms.js';
import { loadYamlFile } from './document.js';
import { validateAgainstSchema } from '../validate/schema.js';

export const TERMBASE_FILE = 'terms.yaml';

/** The termbase that serves a document: terms.yaml in the folder that holds the document folder. */
export function termbaseFileFor(documentRoot: string): string {
  const file = join(dirname(resolve(documentRoot)), TERMBASE_FILE);
  // Messages name it as the user would type it from here.
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

const list = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Reads a termbase; undefined (with diagnostics) when it cannot be used. */
export function readTermbase(file: string, diags: Diagnostics): Termbase | undefined {
  const parsed = loadYamlFile(file, diags);
  if (!parsed) return undefined;
  const { value, map } = parsed;
  if (!validateAgainstSchema('terms', value, map, diags)) return undefined;
  const concepts: Concept[] = [];
  const seen = new Map<string, Concept>();
  for (const raw of (value as { terms: Record<string, unknown>[] }).terms) {
    const id = raw.id as string;
    const pos = map.of(raw);
    const previous = seen.get(id);
    if (previous) {
      diags.error(map.value(raw, 'id') ?? pos, 'duplicate-id', `concept ‘${id}’ appears twice in the termbase`, previous.pos ? `first at line ${previous.pos.line}` : undefined);
      continue;
    }
    const langs = new Map<string, LanguageTerms>();
    for (const [key, v] of Object.entries(raw)) {
      if (key === 'id' || key === 'note') continue;
      const obj = v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
      const terms: LanguageTerms = {
        approved: list(obj ? obj.term : v),
        forbidden: list(obj?.forbidden),
        ...(obj?.endings ? { endings: obj.endings as Endings } : {}),
        ...(typeof obj?.note === 'string' ? { note: obj.note } : {}),
        pos: map.value(raw, key) ?? pos,
      };
      const approved = new Set(terms.approved.map((t) => termText(t)));
      for (const f of terms.forbidden) {
        if (approved.has(termText(f))) diags.error(terms.pos, 'term-conflict', `‘${termText(f)}’ is both approved and forbidden for concept ‘${id}’ in ${key}`);
      }
      langs.set(key, terms);
    }
    const concept: Concept = { id, ...(typeof raw.note === 'string' ? { note: raw.note } : {}), langs, ...(pos ? { pos } : {}) };
    seen.set(id, concept);
    concepts.push(concept);
  }
  return { file, concepts };
}

/** The termbase of a document, if there is one beside it. */
export function readTermbaseFor(documentRoot: string, diags: Diagnostics): Termbase | undefined {
  const file = termbaseFileFor(documentRoot);
  return existsSync(file) ? readTermbase(file, diags) : undefined;
}
