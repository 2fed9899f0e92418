/**
 * `standpoint i18n …`: export, import, status and pretranslate. Command-line
 * surface only; the work is in src/l10n.
 */
import { basename, relative } from 'node:path';
import type { Command } from 'commander';
import { loadValidDocument } from '../render/index.js';
import { UserError, diagnosticToJson } from '../diag/diagnostic.js';
import { translationStatus, translationUnits, type TranslationState } from '../l10n/units.js';
import { checkTranslation, writeTranslation } from '../l10n/translation-file.js';
import { loadLocales } from '../compose/i18n.js';
import { checkLanguageSpec, parseLanguages } from '../compose/languages.js';
import { defaultLocalesDir } from '../paths.js';
// The XLIFF, PO and memory modules (and their XML and gettext parsers) load
// only for the commands that use them, so `render` starts faster.
import { refuseOverwritingInputs, writeFileAtomic } from '../render/output.js';
import { didYouMean, didYouMeanChoice } from '../diag/suggest.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { cli } from './output.js';

type Print = (ds: Diagnostic[]) => void;

const STATES: Record<string, TranslationState> = { missing: 'new', new: 'new', stale: 'stale', translated: 'translated' };

function usage(message: string, hint?: string): never {
  throw UserError.usage(message, hint);
}

/** The document's termbase, if there is one; its problems are the user's to fix first. */
async function documentTermbase(root: string): Promise<import('../model/terms.js').Termbase | undefined> {
  const { readTermbaseFor } = await import('../read/terms.js');
  const { Diagnostics } = await import('../diag/diagnostic.js');
  const diags = new Diagnostics();
  const termbase = readTermbaseFor(root, diags);
  if (diags.hasErrors) throw new UserError(diags.sorted(), 1);
  return termbase;
}

function knownLanguages(): { known: string[]; localesDir: string } {
  return { known: loadLocales(defaultLocalesDir).langs, localesDir: defaultLocalesDir };
}

/** The one language a translation command works on: known to the locales, not a pair, not the document's own. */
function targetLanguage(value: string, source: string): string {
  return parseLanguages(value, { ...knownLanguages(), from: '--lang', not: { lang: source, why: 'is the document’s own language; translations go into another' } })[0]!;
}

export function registerI18n(program: Command, print: Print): void {
  // Without a subcommand, commander prints this command's help on stderr; main() makes that exit 2.
  const i18n = program.command('i18n').description('send drafts to translators and take their work back (XLIFF 2.0, PO)');

  i18n
    .command('export')
    .description('write the translation units of a document for one language')
    .argument('<document>', 'document folder or document.yaml')
    .requiredOption('--lang <lang>', 'target language (ru, kk)')
    .option('--format <format>', 'xliff or po', 'xliff')
    .option('--only <states>', 'only units in these states: missing, stale, translated (comma-separated)')
    .option('-o, --out <file>', 'write here instead of standard output')
    .action(async (document: string, flags: { lang: string; format: string; only?: string; out?: string }) => {
      const { exportXliff } = await import('../l10n/xliff.js');
      const { exportPo, exportDate } = await import('../l10n/po.js');
      const { doc, warnings, files } = loadValidDocument(document);
      print(warnings);
      const lang = targetLanguage(flags.lang, doc.lang);
      if (flags.out !== undefined) {
        if (flags.out.trim() === '') usage('--out is empty', `give the file to write, for example -o ${lang}.xlf`);
        refuseOverwritingInputs([flags.out], files);
      }
      const format = flags.format.toLowerCase();
      if (format !== 'xliff' && format !== 'po') usage(`unknown format ‘${flags.format}’ (known: xliff, po)`, didYouMeanChoice(format, ['xliff', 'po']));
      // An exchange file named .yaml in translations/ would be read as a translation next time, and fail.
      if (flags.out !== undefined && /\.(ya?ml|docx|pdf)$/i.test(flags.out)) usage(`--out names ‘${flags.out}’, but the export is ${format === 'po' ? 'a PO file' : 'XLIFF'}`, `for example -o ${lang}.${format === 'po' ? 'po' : 'xlf'}`);
      let units = translationUnits(doc, lang);
      if (flags.only) {
        const wanted = new Set(
          flags.only.split(',').map((s) => {
            const st = STATES[s.trim()];
            if (!st) usage(`unknown state ‘${s}’`, didYouMean(s.trim(), Object.keys(STATES)) ?? 'states: missing, stale, translated');
            return st;
          }),
        );
        units = units.filter((u) => wanted.has(u.state));
      }
      const termbase = format === 'xliff' ? await documentTermbase(doc.root) : undefined;
      const text =
        format === 'xliff'
          ? exportXliff(units, {
              docId: doc.id,
              original: doc.id,
              srcLang: doc.lang,
              trgLang: lang,
              ...(termbase ? { glossary: (await import('../l10n/glossary.js')).glossaryFor(termbase, doc.lang, lang), glossarySource: basename(termbase.file) } : {}),
            })
          : exportPo(units, { docId: doc.id, srcLang: doc.lang, trgLang: lang, date: exportDate(doc.meta.date ?? doc.meta.electionDate), fileOf: (u) => (u.pos ? relative(doc.root, u.pos.file) : undefined) });
      if (flags.out) {
        writeFileAtomic(flags.out, text);
        cli.wrote(flags.out, `(${units.length} unit(s))`);
      } else cli.data(text);
    });

  i18n
    .command('import')
    .description('merge a returned XLIFF or PO file into the document’s translations')
    .argument('<document>', 'document folder or document.yaml')
    .argument('<file>', 'the returned .xlf/.xliff or .po file')
    .option('--lang <lang>', 'refuse the file unless it is this language')
    .option('--force', 'take translations made from an older source over current ones')
    .option('--dry-run', 'report what would change, write nothing')
    .option('--json', 'print the report and the messages as JSON')
    .action(async (document: string, file: string, flags: { lang?: string; force?: boolean; dryRun?: boolean; json?: boolean }) => {
      cli.reportFailuresAsJson(flags.json);
      const { mergeTranslations, readTranslationExchange } = await import('../l10n/import.js');
      const { doc, warnings } = loadValidDocument(document);
      print(warnings);
      if (flags.lang !== undefined) targetLanguage(flags.lang, doc.lang);
      const imported = readTranslationExchange(file);
      const { units, report } = mergeTranslations(doc, file, imported, {
        ...flags,
        checkLang: (lang, pos) => checkLanguageSpec(lang, { ...knownLanguages(), from: 'the file’s target language', pos }),
      });
      const changed = report.added.length + report.updated.length + report.stale.length;
      // Checked on a dry run too: it reports what a real import would refuse.
      if (changed) checkTranslation(doc, report.lang, units);
      const written = changed && !flags.dryRun ? writeTranslation(doc, report.lang, units) : undefined;
      if (flags.json) {
        cli.data(
          `${JSON.stringify(
            {
              ok: true,
              lang: report.lang,
              written: written ?? null,
              dryRun: flags.dryRun ?? false,
              added: report.added,
              updated: report.updated,
              stale: report.stale,
              unchanged: report.unchanged.length,
              empty: report.empty,
              diagnostics: warnings.map(diagnosticToJson),
            },
            null,
            2,
          )}\n`,
        );
        return;
      }
      if (written) cli.wrote(written);
      const list = (ids: string[]) => (ids.length ? `: ${ids.join(', ')}` : '');
      cli.info(`${report.lang}: ${report.added.length} added${list(report.added)}`);
      cli.info(`${report.lang}: ${report.updated.length} updated${list(report.updated)}`);
      cli.info(`${report.lang}: ${report.stale.length} imported but still stale (made from an older source or not confirmed)${list(report.stale)}`);
      cli.info(`${report.lang}: ${report.unchanged.length} unchanged, ${report.empty} without a translation`);
      if (flags.dryRun) cli.info('dry run: nothing written');
    });

  i18n
    .command('status')
    .description('how many units are translated, missing and stale, per language')
    .argument('<document>', 'document folder or document.yaml')
    .option('--lang <langs>', 'languages (default: every translation of the document)')
    .option('--json', 'print JSON')
    .option('--strict', 'exit 1 when any unit is missing or stale')
    .action((document: string, flags: { lang?: string; json?: boolean; strict?: boolean }) => {
      const { doc, warnings } = loadValidDocument(document);
      print(warnings);
      const langs = flags.lang !== undefined ? parseLanguages(flags.lang, { ...knownLanguages(), from: '--lang', many: true }) : [...doc.translations.keys()].sort();
      const statuses = langs.map((l) => translationStatus(doc, l));
      if (flags.json) {
        cli.data(`${JSON.stringify({ document: doc.id, source: doc.lang, languages: statuses.map((s) => ({ lang: s.lang, total: s.total, translated: s.translated.length, missing: s.missing, stale: s.stale })) }, null, 2)}\n`);
      } else {
        for (const s of statuses) {
          cli.data(`${s.lang}: ${s.total} units — ${s.translated.length} translated, ${s.missing.length} missing, ${s.stale.length} stale\n`);
          if (s.missing.length) cli.data(`  missing: ${s.missing.join(', ')}\n`);
          if (s.stale.length) cli.data(`  stale: ${s.stale.join(', ')}\n`);
        }
      }
      if (flags.strict && statuses.some((s) => s.missing.length || s.stale.length)) process.exitCode = 1;
    });

  i18n
    .command('terms')
    .description('export the termbase that serves a document (terms.yaml beside it) as TBX for CAT tools')
    .argument('<document>', 'document folder or document.yaml')
    .option('-o, --out <file>', 'write here instead of standard output')
    .action(async (document: string, flags: { out?: string }) => {
      const { exportTbx } = await import('../l10n/tbx.js');
      const { termbaseFileFor } = await import('../read/terms.js');
      const { doc, warnings } = loadValidDocument(document);
      print(warnings);
      const termbase = await documentTermbase(doc.root);
      if (!termbase) throw UserError.single({ file: termbaseFileFor(doc.root), line: 1, column: 1 }, 'file-not-found', `no termbase for ${doc.id}`, 'a terms.yaml in the folder that holds the document folder serves every document there', 2);
      const text = exportTbx(termbase, { sourceLang: doc.lang, title: `Termbase of ${basename(termbase.file)}` });
      if (flags.out !== undefined) {
        if (flags.out.trim() === '') usage('--out is empty', 'give the file to write, for example -o terms.tbx');
        refuseOverwritingInputs([flags.out], [termbase.file]);
        writeFileAtomic(flags.out, text);
        cli.wrote(flags.out, `(${termbase.concepts.length} concept(s))`);
      } else cli.data(text);
    });

  i18n
    .command('check')
    .description('check translations as a reviewer would: terms, numbers, dates, marks, punctuation, scripts, untranslated text, consistency')
    .argument('<document>', 'document folder or document.yaml')
    .option('--lang <langs>', 'languages (default: every translation of the document)')
    .option('--json', 'print the messages as JSON')
    .action(async (document: string, flags: { lang?: string; json?: boolean }) => {
      const { checkLanguages } = await import('../l10n/check-run.js');
      const { diagnosticsToJson } = await import('../diag/diagnostic.js');
      const { doc, warnings } = loadValidDocument(document);
      // The languages this document has are the ones to check: said first, as it is the more useful answer.
      for (const l of (flags.lang ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
        if (l !== doc.lang && !doc.translations.has(l)) usage(`${doc.id} has no ${l} translation`, didYouMean(l, [...doc.translations.keys()]) ?? `translations: ${[...doc.translations.keys()].join(', ') || 'none'}`);
      }
      const langs = flags.lang !== undefined ? parseLanguages(flags.lang, { ...knownLanguages(), from: '--lang', many: true }) : [...doc.translations.keys()].sort();
      const found = checkLanguages(doc, langs);
      const all = [...warnings, ...found];
      if (flags.json) cli.data(`${diagnosticsToJson(all)}\n`);
      else print(all);
      const errors = all.filter((d) => d.severity === 'error').length;
      if (!flags.json) cli.note(`${langs.join(', ')}: ${errors} error(s), ${all.length - errors} warning(s)`);
      if (errors) process.exitCode = 1;
    });

  i18n
    .command('pretranslate')
    .description('fill missing and stale units from the translations of other documents (translation memory)')
    .argument('<document>', 'document folder or document.yaml')
    .requiredOption('--lang <lang>', 'target language')
    .option('--memory <dir>', 'folder of documents to draw on (default: the folder that holds the document)')
    .option('--threshold <percent>', 'least similarity for a close match', '75')
    .action(async (document: string, flags: { lang: string; memory?: string; threshold: string }) => {
      const { buildMemory, pretranslate, siblingDocuments } = await import('../l10n/memory.js');
      const { doc, warnings } = loadValidDocument(document);
      print(warnings);
      const lang = targetLanguage(flags.lang, doc.lang);
      const threshold = Number(flags.threshold) / 100;
      if (!(threshold > 0 && threshold <= 1)) usage(`--threshold must be a percentage from 1 to 100, not ${flags.threshold}`);
      const memory = buildMemory(siblingDocuments(doc, flags.memory), lang);
      const result = pretranslate(doc, lang, memory, threshold);
      if (result.exact.length + result.fuzzy.length) {
        const written = writeTranslation(doc, lang, result.units);
        cli.wrote(written);
      }
      cli.info(`${lang}: ${result.exact.length} filled from exact matches${result.exact.length ? `: ${result.exact.join(', ')}` : ''}`);
      cli.info(`${lang}: ${result.fuzzy.length} close matches left stale for review${result.fuzzy.length ? `: ${result.fuzzy.map((f) => `${f.id} (${Math.round(f.score * 100)} % ${f.from})`).join(', ')}` : ''}`);
      cli.info(`memory: ${memory.length} translated units`);
    });
}
