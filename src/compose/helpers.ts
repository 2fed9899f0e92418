/**
 * Handlebars helpers available to templates. Owns turning units into markup
 * (escaping every character of data), the commitment sentence, verdict and
 * reference wording. Helpers are created per render so that per-render state
 * (first mentions of instruments, untranslated units) never leaks between runs.
 */
import Handlebars from 'handlebars';
import type { TFunction } from 'i18next';
import type { CommitmentRef, Instrument, ReportRef, ResponseDocument, Unit } from '../model/types.js';
import { parseInline, plainText } from '../model/inline.js';
import { documentFootnotes } from '../model/walk.js';
import type { TextSource } from './text-source.js';
import { applyTypography, unbreakable } from './typography.js';

export function escapeMarkup(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

export interface HelperContext {
  doc: ResponseDocument;
  text: TextSource;
  t: TFunction;
  /** Render untranslated units as marked source text instead of failing. */
  draft: boolean;
}

type HelperFn = (...args: unknown[]) => unknown;

function isUnit(x: unknown): x is Unit {
  return typeof x === 'object' && x !== null && typeof (x as Unit).id === 'string' && typeof (x as Unit).text === 'string';
}

/** Joins "4", "5.3", "6" into "4, 5.3 and 6" with the locale's words. */
export function joinList(items: string[], t: TFunction): string {
  if (items.length <= 1) return items.join('');
  const sep = t('list.separator', { defaultValue: ', ' });
  const last = t('list.lastSeparator', { defaultValue: ' and ' });
  return items.slice(0, -1).join(sep) + last + items[items.length - 1];
}

/**
 * A label letter of the data ("a", "b" of "2 (a)", "9-b") as the render language
 * writes it: locales give `label.letters`, the language's letters in the order
 * of a, b, c … (Russian and Kazakh legal texts letter sub-items а, б, в …).
 */
export function localLetter(letter: string, t: TFunction): string {
  const letters = t('label.letters', { defaultValue: '' });
  const i = letter.length === 1 ? 'abcdefghijklmnopqrstuvwxyz'.indexOf(letter.toLowerCase()) : -1;
  if (!letters || i < 0 || i >= [...letters].length) return letter;
  const local = [...letters][i]!;
  return letter === letter.toUpperCase() ? local.toUpperCase() : local;
}

/** "9-b" (a section with a lettered part) -> its number and letter; undefined for plain "9". */
function letteredSection(section: string): { number: string; letter: string } | undefined {
  const m = /^(\d+(?:\.\d+)*)[-.]?\(?([a-z])\)?$/i.exec(section);
  return m ? { number: m[1]!, letter: m[2]! } : undefined;
}

/**
 * Most loop iterations (`{{#each}}`) one render may run. The 2011 response
 * needs 495, the benchmark's 20× document 9 406; a template that nests loops
 * by mistake (a million paragraphs took 30 s and 1.4 GB before they even
 * reached the writers) stops here within about a second and a half.
 */
export const MAX_TEMPLATE_ITERATIONS = 500_000;

export class TemplateBudgetError extends Error {}

type EachOptions = { fn: (context: unknown, options?: unknown) => string } & Record<string, unknown>;

/** Handlebars' own `each`, counting iterations against MAX_TEMPLATE_ITERATIONS. */
function countedEach(): HelperFn {
  const builtin = Handlebars.helpers.each as (this: unknown, context: unknown, options: EachOptions) => string;
  let iterations = 0;
  return function (this: unknown, context: unknown, options: unknown) {
    // {{#each}} with nothing to loop over: Handlebars' own words, not a TypeError from reading the missing options.
    if (options === undefined) throw new Error('Must pass iterator to #each');
    const o = options as EachOptions;
    const fn = o.fn;
    return builtin.call(this, context, {
      ...o,
      fn: (c: unknown, opts?: unknown) => {
        if (++iterations > MAX_TEMPLATE_ITERATIONS) throw new TemplateBudgetError(`the templates ran more than ${MAX_TEMPLATE_ITERATIONS.toLocaleString('en')} loop iterations`);
        return fn(c, opts);
      },
    });
  } as HelperFn;
}

export function createHelpers(ctx: HelperContext): Record<string, HelperFn> {
  const footnotes = new Map<string, Unit>(documentFootnotes(ctx.doc).map((f) => [f.id, f]));
  const instruments = new Map<string, Instrument>(ctx.doc.instruments.map((i) => [i.id, i]));
  const mentioned = new Set<string>();

  /** Unit text in the render language -> markup, footnote contents in place. */
  const unitMarkup = (unit: Unit, depth = 0): string => {
    const resolved = ctx.text.resolve(unit);
    let out = '';
    // Open tags, outermost first. Validation refuses crossed emphasis; should
    // any reach here, tags are closed and reopened so the markup still nests.
    const open: ('i' | 'b')[] = [];
    for (const span of parseInline(resolved.text)) {
      if (span.kind === 'footnote') {
        const fn = footnotes.get(span.id);
        // Validation reports dangling references; print the mark rather than lose it.
        out += fn && depth === 0 ? `<fn id="${escapeMarkup(fn.id)}">${unitMarkup(fn, depth + 1)}</fn>` : escapeMarkup(`[^${span.id}]`);
        continue;
      }
      const wanted = (tag: 'i' | 'b') => (tag === 'i' ? span.emphasis : span.strong);
      const firstUnwanted = open.findIndex((tag) => !wanted(tag));
      if (firstUnwanted >= 0) while (open.length > firstUnwanted) out += `</${open.pop()!}>`;
      for (const tag of ['b', 'i'] as const) {
        if (wanted(tag) && !open.includes(tag)) {
          out += `<${tag}>`;
          open.push(tag);
        }
      }
      out += escapeMarkup(applyTypography(span.text, ctx.text.lang));
    }
    while (open.length) out += `</${open.pop()!}>`;
    if (!resolved.untranslated) return out;
    const state = ctx.text.untranslated.get(unit.id)?.state === 'stale' ? 'stale' : 'missing';
    return `<draft unit="${escapeMarkup(unit.id)}" state="${state}" lang="${escapeMarkup(ctx.doc.lang)}">${out}</draft>`;
  };

  const plain = (unit: Unit): string => plainText(ctx.text.resolve(unit).text);

  const safe = (s: string) => new Handlebars.SafeString(s);

  // A reference is never broken across lines, in any language or format.
  const reportRef = (ref: ReportRef): string => unbreakable(reportRefText(ref));
  const reportRefText = (ref: ReportRef): string => {
    const { page, pages } = ref;
    let { section } = ref;
    // A lettered section ("9-b") is written with the language's letters, and may be phrased differently ("9-б бөлім").
    const lettered = section !== undefined ? letteredSection(section) : undefined;
    const key = (name: string) => (lettered && ctx.t(`ref.lettered.${name}`, { defaultValue: '' }) ? `ref.lettered.${name}` : `ref.${name}`);
    if (lettered) section = ctx.t('label.section', { number: lettered.number, letter: localLetter(lettered.letter, ctx.t), defaultValue: `${lettered.number}-${localLetter(lettered.letter, ctx.t)}` });
    if (section !== undefined && pages !== undefined) return ctx.t(key('sectionPages'), { section, pages });
    if (section !== undefined && page !== undefined) return ctx.t(key('sectionPage'), { section, page });
    if (section !== undefined) return ctx.t(key('section'), { section });
    if (pages !== undefined) return ctx.t('ref.pages', { pages });
    return ctx.t('ref.page', { page });
  };

  const instrumentMarkup = (c: CommitmentRef): string => {
    const ins = instruments.get(c.instrument);
    if (!ins) return escapeMarkup(c.instrument);
    if (ins.short && mentioned.has(ins.id)) return unitMarkup(ins.cited ?? ins.short);
    mentioned.add(ins.id);
    if (!ins.short) return unitMarkup(ins.name);
    // i18next would escape nothing here (escapeValue is off), so markup passes through intact.
    return ctx.t('commitment.firstMention', { name: unitMarkup(ins.name), short: unitMarkup(ins.short) });
  };

  function formatDate(iso: unknown): string {
    if (typeof iso !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return '';
    const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
    const months = ctx.t('date.months', { returnObjects: true }) as unknown;
    const month = Array.isArray(months) ? String(months[m - 1]) : String(m);
    return ctx.t('date.long', { day: d, month, year: y });
  }

  return {
    each: countedEach(),
    t(...args: unknown[]) {
      const key = String(args[0]);
      const options = (args[args.length - 1] as { hash?: Record<string, unknown> }).hash ?? {};
      const value = ctx.t(key, options);
      return value;
    },
    text(unit: unknown) {
      return isUnit(unit) ? safe(unitMarkup(unit)) : '';
    },
    plain(unit: unknown) {
      return isUnit(unit) ? plain(unit) : '';
    },
    eq(a: unknown, b: unknown) {
      return a === b;
    },
    concat(...args: unknown[]) {
      return args.slice(0, -1).map(String).join('');
    },
    reportRef(ref: unknown) {
      return ref ? reportRef(ref as ReportRef) : '';
    },
    verdictPhrase(kind: unknown, code: unknown) {
      return ctx.t(`verdict.${String(kind)}.${String(code)}`);
    },
    leadIn() {
      return ctx.t('lead.standpoint', { issuer: plain(ctx.doc.meta.issuerShort) });
    },
    commitmentSentence(commitments: unknown, purpose: unknown) {
      const refs = (commitments as CommitmentRef[]).map((c) =>
        ctx.t('commitment.paragraphs', {
          count: c.paragraphs.length,
          list: joinList(c.paragraphs, ctx.t),
          instrument: instrumentMarkup(c),
        }),
      );
      // The purpose has its own slot: languages place it differently in the sentence.
      const sentence = ctx.t('commitment.sentence', {
        state: unitMarkup(ctx.doc.meta.state),
        references: joinList(refs, ctx.t),
        purpose: isUnit(purpose) ? `<span id="${escapeMarkup(purpose.id)}">${unitMarkup(purpose)}</span>` : '',
      });
      // A purpose may open with its own comma (Russian participial phrases): no space before it.
      return safe(sentence.replace(/\s+/g, ' ').replace(/ ,/g, ',').trim());
    },
    formatDate,
    /** "Astana, 3 April 2011" as the language writes it, the place marked as the unit it is. */
    dateline(place: unknown, iso: unknown) {
      const date = formatDate(iso);
      if (!isUnit(place)) return date;
      // A place without a date is printed alone: nothing the data holds is left out.
      if (!date) return safe(`<span id="${escapeMarkup(place.id)}">${unitMarkup(place)}</span>`);
      return safe(ctx.t('letter.dateline', { place: `<span id="${escapeMarkup(place.id)}">${unitMarkup(place)}</span>`, date: escapeMarkup(date) }));
    },
  };
}
