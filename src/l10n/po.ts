/**
 * gettext PO export and import (gettext-parser). msgctxt is the unit id, so
 * equal source texts stay separate entries; the inline syntax ([^id], *…*) is
 * the placeholder translators keep; stale translations are `#, fuzzy`; the
 * extracted comments carry the context and the hash of the source.
 */
import { po as gettextPo, type GetTextComment, type GetTextTranslation, type GetTextTranslations } from 'gettext-parser';
import type { ImportedFile, ImportedUnit } from './xliff.js';
import { FileFormatError } from './xliff.js';
import type { TranslationUnit } from './units.js';

export interface PoExportOptions {
  docId: string;
  srcLang: string;
  trgLang: string;
  /** Shown as PO-Revision-Date; pinned so exports are reproducible. */
  date: string;
  /** Path shown in `#:` references, relative to the document folder. */
  fileOf(u: TranslationUnit): string | undefined;
}

/** The date a PO export carries: SOURCE_DATE_EPOCH when set (reproducible builds), else the document's date. */
export function exportDate(docDate: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000).toISOString().replace(/\.\d+Z$/, '+0000').replace('T', ' ').slice(0, 16) + '+0000';
  return `${docDate ?? '2000-01-01'} 00:00+0000`;
}

export function exportPo(units: TranslationUnit[], o: PoExportOptions): string {
  const translations: Record<string, Record<string, GetTextTranslation>> = {
    '': {
      '': {
        msgid: '',
        msgstr: [''],
      },
    },
  };
  for (const u of units) {
    const extracted = [u.context, ...(u.note ? [`note: ${u.note}`] : []), `source-hash: ${u.sourceHash}`];
    if (u.target?.note) extracted.push(`translation note: ${u.target.note}`);
    const file = o.fileOf(u);
    translations[u.id] = {
      [u.source]: {
        msgctxt: u.id,
        msgid: u.source,
        msgstr: [u.target?.text ?? ''],
        comments: {
          extracted: extracted.join('\n'),
          ...(file ? { reference: `${file}:${u.pos?.line ?? 1}` } : {}),
          ...(u.state === 'stale' ? { flag: 'fuzzy' } : {}),
        } as GetTextComment,
      },
    };
  }
  const po = gettextPo.compile(
    {
      charset: 'utf-8',
      headers: {
        'Project-Id-Version': o.docId,
        'Report-Msgid-Bugs-To': '',
        'POT-Creation-Date': o.date,
        'PO-Revision-Date': o.date,
        'Last-Translator': '',
        'Language-Team': o.trgLang,
        Language: o.trgLang,
        'MIME-Version': '1.0',
        'Content-Type': 'text/plain; charset=UTF-8',
        'Content-Transfer-Encoding': '8bit',
        'X-Source-Language': o.srcLang,
        'X-Generator': 'standpoint',
      },
      translations,
    },
    { foldLength: 0 },
  );
  return po.toString('utf8');
}

export function parsePo(text: string): ImportedFile {
  let parsed: GetTextTranslations;
  try {
    parsed = gettextPo.parse(text, { validation: true });
  } catch (err) {
    throw new FileFormatError(`not a valid PO file: ${(err as Error).message}`);
  }
  const lines = text.split('\n');
  const units: ImportedUnit[] = [];
  for (const [ctx, entries] of Object.entries(parsed.translations)) {
    for (const e of Object.values(entries)) {
      if (ctx === '' && e.msgid === '') continue;
      const id = e.msgctxt ?? '';
      const hash = /source-hash: ([0-9a-f]{16})/.exec(e.comments?.extracted ?? '')?.[1];
      const fuzzy = (e.comments?.flag ?? '').split(',').map((f) => f.trim()).includes('fuzzy');
      const msgstr = e.msgstr.join('');
      const line = lines.findIndex((l) => l === `msgctxt ${JSON.stringify(id)}`);
      units.push({
        id,
        ...(msgstr !== '' ? { target: msgstr } : {}),
        state: msgstr === '' ? 'initial' : fuzzy ? 'initial' : 'translated',
        ...(hash ? { sourceHash: hash } : {}),
        problems: id ? [] : ['entry without msgctxt (the unit id)'],
        ...(line >= 0 ? { line: line + 1 } : {}),
      });
    }
  }
  const lang = /^Language:\s*(\S+)/m.exec(Object.entries(parsed.headers ?? {}).map(([k, v]) => `${k}: ${v}`).join('\n'))?.[1];
  const src = parsed.headers?.['X-Source-Language'];
  return { format: 'po', ...(src ? { srcLang: src } : {}), ...(lang ? { trgLang: lang } : {}), units };
}
