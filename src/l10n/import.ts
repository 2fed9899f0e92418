/**
 * Merging a returned XLIFF or PO file into a document's translations.
 * Everything is checked before anything changes: the target language, every
 * id, every inline code. A translation made from an older source never
 * replaces a current one without `force`. Returns the new units and a report;
 * the caller writes the file (atomically).
 */
import { FILE_LIMITS, readUserFileOrFail } from '../read/user-file.js';
import { decodeText, poDeclaredCharset, xmlDeclaredEncoding } from '../io/text-encoding.js';
import { extname } from 'node:path';
import type { ResponseDocument, TranslatedUnit } from '../model/types.js';
import { Diagnostics, UserError } from '../diag/diagnostic.js';
import { didYouMean } from '../diag/suggest.js';
import { compareCodes, sameInline } from './inline-codes.js';
import { FileFormatError, parseXliff, type ImportedFile } from './xliff.js';
import { parsePo } from './po.js';
import { translationUnits } from './units.js';

/** Unknown units reported one by one (with a did-you-mean); the rest in one line. */
const MAX_UNKNOWN_REPORTED = 50;

export interface ImportReport {
  lang: string;
  added: string[];
  updated: string[];
  unchanged: string[];
  /** Imported, but made from an older source: they stay stale until reviewed. */
  stale: string[];
  /** Units in the file with no target. */
  empty: number;
}

export function readTranslationExchange(file: string): ImportedFile {
  // A regular file of bounded size: a FIFO or /dev/zero is refused, not read.
  return parseTranslationExchange(readUserFileOrFail(file, FILE_LIMITS.exchange), file);
}

/** An XLIFF or PO file's bytes (held in memory by a caller of the library); `file` names it in messages and tells .po from .xlf. */
export function parseTranslationExchange(bytes: Uint8Array, file: string): ImportedFile {
  if (bytes.length > FILE_LIMITS.exchange) throw UserError.single({ file, line: 1, column: 1 }, 'too-large', `the file is larger than ${FILE_LIMITS.exchange / 1048576} MB`);
  const ext = extname(file).toLowerCase();
  const sniffXml = () => /^(\uFEFF)?\s*</.test(Buffer.from(bytes.subarray(0, 64)).toString('latin1').replace(/\0/g, '').replace(/^\xEF\xBB\xBF|^\xFF\xFE|^\xFE\xFF/, ''));
  const isXml = ext === '.xlf' || ext === '.xliff' || ext === '.xml' || (ext !== '.po' && ext !== '.pot' && sniffXml());
  // The file's own declaration decides its encoding; bytes that are not valid in it are refused with their line.
  const declared = isXml ? xmlDeclaredEncoding(bytes) : poDeclaredCharset(bytes);
  const { text } = decodeText(bytes, { file, ...(declared ? { declared } : {}) });
  try {
    return isXml ? parseXliff(text) : parsePo(text);
  } catch (err) {
    if (err instanceof FileFormatError) throw UserError.single({ file, line: err.line, column: 1 }, 'exchange-format', err.message);
    throw err;
  }
}

export function mergeTranslations(
  doc: ResponseDocument,
  file: string,
  imported: ImportedFile,
  options: { lang?: string; force?: boolean; checkLang?: (lang: string, pos: { file: string; line: number; column: number }) => void },
): { units: Map<string, TranslatedUnit>; report: ImportReport } {
  const diags = new Diagnostics();
  const at = (line?: number) => ({ file, line: line ?? 1, column: 1 });
  const lang = imported.trgLang?.split(/[-_]/)[0]?.toLowerCase();
  if (!lang) throw UserError.single(at(), 'translation-lang', 'the file does not say its target language', 'XLIFF: trgLang="ru" on <xliff>; PO: a "Language: ru" header');
  // The language names a file (translations/<lang>.yaml): nothing but a language code may get there.
  if (!/^[a-z]{2,3}$/.test(lang)) throw UserError.single(at(), 'translation-lang', `the file's target language ${JSON.stringify(imported.trgLang)} is not a language code (ru, kk)`);
  if (options.lang && options.lang !== lang) {
    throw UserError.single(at(), 'translation-lang', `the file is a ${lang} translation, not ${options.lang}`);
  }
  if (lang === doc.lang) throw UserError.single(at(), 'translation-lang', `the file's target language ${lang} is the document's own language`);
  options.checkLang?.(lang, at());
  const srcLang = imported.srcLang?.split(/[-_]/)[0]?.toLowerCase();
  if (srcLang && srcLang !== doc.lang) throw UserError.single(at(), 'translation-lang', `the file translates from ${srcLang}, but the document is written in ${doc.lang}`);

  const sources = new Map(translationUnits(doc, lang).map((u) => [u.id, u]));
  const seen = new Set<string>();
  let unknown = 0;
  for (const u of imported.units) {
    if (seen.has(u.id)) diags.error(at(u.line), 'duplicate-id', `unit ‘${u.id}’ appears twice in the file`);
    seen.add(u.id);
    const src = sources.get(u.id);
    if (!src) {
      // A hint compares with every id: the first few unknown units get one, the rest are counted.
      if (++unknown <= MAX_UNKNOWN_REPORTED) {
        diags.error(at(u.line), 'unknown-unit', `unit ‘${u.id}’ is not in ${doc.id}`, didYouMean(u.id, sources.keys()) ?? 'the file belongs to another document or the unit was removed');
      }
      continue;
    }
    for (const p of u.problems) diags.error(at(u.line), 'inline-code', `unit ‘${u.id}’: ${p}`);
    if (u.target !== undefined) {
      for (const p of compareCodes(src.source, u.target)) diags.error(at(u.line), 'inline-code', `unit ‘${u.id}’: ${p}`, 'inline codes (footnote marks, emphasis) must be kept as they are in the source');
    }
  }
  if (unknown > MAX_UNKNOWN_REPORTED) diags.error(at(), 'unknown-unit', `and ${(unknown - MAX_UNKNOWN_REPORTED).toLocaleString('en')} more units that are not in ${doc.id}`, 'is this the translation of another document?');
  if (diags.hasErrors) throw new UserError(diags.sorted(), 1);

  const current = doc.translations.get(lang)?.units ?? new Map<string, TranslatedUnit>();
  const units = new Map(current);
  const report: ImportReport = { lang, added: [], updated: [], unchanged: [], stale: [], empty: 0 };
  const conflicts: string[] = [];
  for (const u of imported.units) {
    const src = sources.get(u.id)!;
    if (u.target === undefined || u.target === '') {
      report.empty++;
      continue;
    }
    const existing = current.get(u.id);
    // The same text however it is escaped: keep the stored spelling, so a round trip changes nothing.
    if (existing && sameInline(existing.text, u.target)) u.target = existing.text;
    const confirmed = u.state === 'translated' || u.state === 'reviewed' || u.state === 'final';
    const madeFrom = u.sourceHash ?? src.sourceHash;
    const fromOlderSource = madeFrom !== src.sourceHash;
    if (fromOlderSource && existing && src.state === 'translated' && existing.text !== u.target && !options.force) {
      conflicts.push(u.id);
      continue;
    }
    // An unconfirmed target (XLIFF initial, PO fuzzy) that repeats the stored text changes nothing;
    // one with new text is kept, marked unconfirmed, so it stays stale until someone confirms it.
    if (!confirmed && existing && existing.text === u.target) {
      report.unchanged.push(u.id);
      continue;
    }
    const hash = fromOlderSource ? madeFrom : src.sourceHash;
    const unconfirmed = !confirmed;
    if (existing && existing.text === u.target && existing.sourceHash === hash && !existing.unconfirmed) {
      report.unchanged.push(u.id);
      continue;
    }
    units.set(u.id, { id: u.id, text: u.target, ...(hash ? { sourceHash: hash } : {}), ...(unconfirmed ? { unconfirmed: true } : {}), pos: at(u.line) });
    if (hash !== src.sourceHash || unconfirmed) report.stale.push(u.id);
    else if (existing) report.updated.push(u.id);
    else report.added.push(u.id);
  }
  if (conflicts.length) {
    throw UserError.single(
      at(),
      'older-translation',
      `${conflicts.length} unit(s) in the file were translated from an older source and would replace current translations: ${conflicts.slice(0, 10).join(', ')}${conflicts.length > 10 ? ', …' : ''}`,
      'export again and send the new file, or import with --force to take the older translations anyway',
    );
  }
  return { units, report };
}
