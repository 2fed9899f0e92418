/**
 * Reads `translations/<lang>.yaml` of a document folder: translated units keyed
 * by the source unit ids, each with the hash of the source it was made from.
 * Owns the translation file format; knows nothing of rendering.
 */
import { join } from 'node:path';
import type { Diagnostics } from '../diag/diagnostic.js';
import type { ResponseDocument, TranslatedUnit, Translation } from '../model/types.js';
import { didYouMean } from '../diag/suggest.js';
import { documentUnits } from '../model/walk.js';
import { folderEntries, isInside, loadYamlFile, NodeBudget, pathKind } from './document.js';

export const TRANSLATIONS_DIR = 'translations';

const TRANSLATION_KEYS = ['text', 'source', 'note', 'unconfirmed'];

/** Unknown units reported one by one (with a did-you-mean); the rest in one line. */
const MAX_UNKNOWN_REPORTED = 50;

export function translationFile(root: string, lang: string): string {
  return join(root, TRANSLATIONS_DIR, `${lang}.yaml`);
}

export function readTranslations(
  root: string,
  doc: ResponseDocument,
  diags: Diagnostics,
  only?: string[],
  budget = new NodeBudget(),
): { translations: Map<string, Translation>; files: string[] } {
  const translations = new Map<string, Translation>();
  const files: string[] = [];
  const dir = join(root, TRANSLATIONS_DIR);
  let names: string[];
  try {
    const kind = pathKind(dir);
    if (kind === undefined) return { translations, files };
    if (kind !== 'folder') {
      diags.error({ file: dir, line: 1, column: 1 }, 'not-a-folder', `${TRANSLATIONS_DIR} is a file, not a folder`, `translations live in ${TRANSLATIONS_DIR}/<lang>.yaml; rename or remove the file`);
      return { translations, files };
    }
    names = folderEntries(dir).sort();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { translations, files };
    diags.error({ file: dir, line: 1, column: 1 }, 'file-unreadable', `cannot read the ${TRANSLATIONS_DIR} folder (${code ?? 'error'})`);
    return { translations, files };
  }
  const ids = new Set<string>();
  for (const v of documentUnits(doc)) ids.add(v.unit.id);
  for (const name of names) {
    const m = /^([a-z]{2,3})\.ya?ml$/.exec(name);
    if (!m) continue;
    // Rendering English need not parse the Russian and Kazakh files.
    if (only && !only.includes(m[1]!)) continue;
    const file = join(dir, name);
    if (m[1] === doc.lang) {
      // The document's own language always prints the source; such a file would be ignored without a word.
      diags.warning({ file, line: 1, column: 1 }, 'translation-lang', `${name} translates into ${doc.lang}, the language the document is written in; it is not used`, 'edit the source text instead, or remove the file');
      continue;
    }
    if (!isInside(root, file)) {
      diags.error({ file, line: 1, column: 1 }, 'path-outside', `${name} points outside the document folder`);
      continue;
    }
    files.push(file);
    const parsed = loadYamlFile(file, diags);
    if (!parsed || !budget.spend(parsed.nodes, { file, line: 1, column: 1 }, diags)) continue;
    const t = readTranslation(file, m[1]!, parsed.value, parsed.map, ids, diags);
    if (t) translations.set(t.lang, t);
  }
  return { translations, files };
}

function readTranslation(
  file: string,
  lang: string,
  value: unknown,
  map: import('./yaml-source.js').SourceMap,
  ids: Set<string>,
  diags: Diagnostics,
): Translation | undefined {
  const top = value as Record<string, unknown>;
  if (!top || typeof top !== 'object' || Array.isArray(top)) {
    diags.error({ file, line: 1, column: 1 }, 'wrong-type', 'a translation file is a mapping with lang: and units:');
    return undefined;
  }
  for (const key of Object.keys(top)) {
    if (key !== 'lang' && key !== 'units') diags.error(map.key(top, key), 'unknown-key', `unknown key ‘${key}’ in a translation file`, didYouMean(key, ['lang', 'units']));
  }
  if (top.lang !== lang) {
    diags.error(map.value(top, 'lang') ?? map.start(), 'translation-lang', `the file is named ${lang}.yaml but says lang: ${String(top.lang)}`);
  }
  const units = new Map<string, TranslatedUnit>();
  const raw = top.units as Record<string, unknown> | undefined;
  if (raw && (typeof raw !== 'object' || Array.isArray(raw))) {
    diags.error(map.value(top, 'units'), 'wrong-type', 'units: must be a mapping from unit id to its translation');
    return undefined;
  }
  const unknown: string[] = [];
  for (const [id, entry] of Object.entries(raw ?? {})) {
    const pos = map.key(raw!, id);
    if (!ids.has(id)) {
      // Kept (never dropped silently) but reported: the source unit was removed or renamed.
      // A hint costs a comparison with every id, so only the first few get one each.
      if (unknown.push(id) <= MAX_UNKNOWN_REPORTED) {
        diags.warning(pos, 'unknown-unit', `translation of ‘${id}’, which the document does not have`, didYouMean(id, ids) ?? 'the source unit was removed or renamed; delete this entry');
      }
    }
    let text: unknown;
    let hash: unknown;
    let note: unknown;
    let unconfirmed: unknown;
    if (typeof entry === 'string') text = entry;
    else if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
      const e = entry as Record<string, unknown>;
      text = e.text;
      hash = e.source;
      note = e.note;
      unconfirmed = e.unconfirmed;
      for (const k of Object.keys(e)) {
        if (!TRANSLATION_KEYS.includes(k)) diags.error(map.key(e, k), 'unknown-key', `unknown key ‘${k}’ in translation of ‘${id}’`, didYouMean(k, TRANSLATION_KEYS));
      }
    }
    if (typeof text !== 'string') {
      diags.error(map.value(raw!, id) ?? pos, 'wrong-type', `translation of ‘${id}’ must have a text`);
      continue;
    }
    const textPos = entry && typeof entry === 'object' ? map.value(entry as object, 'text') : map.value(raw!, id);
    units.set(id, { id, text, sourceHash: typeof hash === 'string' ? hash : undefined, ...(typeof note === 'string' ? { note } : {}), ...(unconfirmed === true ? { unconfirmed: true } : {}), pos: textPos ?? pos });
  }
  if (unknown.length > MAX_UNKNOWN_REPORTED) {
    const rest = unknown.slice(MAX_UNKNOWN_REPORTED);
    diags.warning(map.key(raw!, rest[0]!), 'unknown-unit', `and ${rest.length.toLocaleString('en')} more translations of units the document does not have (${rest.slice(0, 5).join(', ')}, …)`, 'is this the translation of another document?');
  }
  return { lang, units, pos: map.start() };
}
