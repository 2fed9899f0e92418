/**
 * The document model: one typed tree for a response to a monitoring report.
 * Readers produce it, the composer and writers consume it. It must not import
 * anything that knows a file format or a library (yaml, docx, pdfmake, i18next, fs).
 */

import type { HouseStyle, ImageAsset } from './style.js';

/** 1-based position of a node in the file it was read from. */
export interface Position {
  file: string;
  line: number;
  column: number;
}

/** Anything read from a user file remembers where it came from, for messages. */
export interface Located {
  pos?: Position;
}

/**
 * One translation unit: a stable id and its text in the document's source
 * language. The text uses the inline syntax of `inline.ts` (footnote
 * references, emphasis); it is never markup of an output format.
 */
export interface Unit extends Located {
  id: string;
  text: string;
  /** A remark for translators (a doubt about the source, a reference to check); exported, never printed. */
  note?: string;
}

export type VerdictCode =
  | 'accepted'
  | 'accepted-in-part'
  | 'not-accepted'
  | 'implemented'
  | 'being-implemented'
  | 'requires-further-study'
  | 'cannot-be-accepted';

/** Codes allowed per section kind; wording lives in the locales. */
export const OBSERVATION_VERDICTS: readonly VerdictCode[] = ['accepted', 'accepted-in-part', 'not-accepted'];
export const RECOMMENDATION_VERDICTS: readonly VerdictCode[] = [
  'implemented',
  'being-implemented',
  'accepted-in-part',
  'requires-further-study',
  'cannot-be-accepted',
];
export const ALL_VERDICTS: readonly VerdictCode[] = [
  ...OBSERVATION_VERDICTS,
  ...RECOMMENDATION_VERDICTS.filter((v) => !OBSERVATION_VERDICTS.includes(v)),
];

export type SectionKind = 'positive' | 'critical' | 'recommendations';
export const SECTION_KINDS: readonly SectionKind[] = ['positive', 'critical', 'recommendations'];

/** "(section 4, pages 4-5)": where in the monitoring report a quoted passage stands. */
export interface ReportRef extends Located {
  section?: string;
  page?: string;
  pages?: string;
}

/** One quoted passage of the report, printed in italics, with its reference upright. */
export interface FindingQuote extends Unit {
  ref?: ReportRef;
  /** Punctuation printed after the reference ("." unless the original differs). */
  end?: string;
  /** Starts a new paragraph instead of running on after the previous passage. */
  newParagraph?: boolean;
}

export interface Footnote extends Unit {}

export interface ParagraphBlock extends Located {
  kind: 'paragraph';
  unit: Unit;
}

export type ListStyle = '1)' | '1.' | 'a)' | 'bullet';
export const LIST_STYLES: readonly ListStyle[] = ['1)', '1.', 'a)', 'bullet'];

export interface ListBlock extends Located {
  kind: 'list';
  id: string;
  style: ListStyle;
  items: Unit[];
}

export interface TableColumn extends Unit {
  width: number;
}

export interface TableRow extends Located {
  id: string;
  cells: Unit[];
}

export interface TableBlock extends Located {
  kind: 'table';
  id: string;
  columns: TableColumn[];
  rows: TableRow[];
}

/** A passage of law or another text quoted at length, set apart from the standpoint. */
export interface QuotationBlock extends Located {
  kind: 'quotation';
  unit: Unit;
}

/** A figure from the document folder; `alt` says what it shows (HTML alt text, the DOCX picture's description). */
export interface ImageBlock extends Located {
  kind: 'image';
  id: string;
  /** The file, relative to the document folder (a key of ResponseDocument.images). */
  src: string;
  /** Printed width in millimetres; the text width when absent or wider. */
  widthMm?: number;
  alt: Unit;
}

export type Block = ParagraphBlock | ListBlock | TableBlock | QuotationBlock | ImageBlock;

/** "paragraphs 6, 7.1 and 7.3 of Copenhagen Document". */
export interface CommitmentRef extends Located {
  instrument: string;
  paragraphs: string[];
}

export interface Instrument extends Located {
  id: string;
  name: Unit;
  /** Name used after the first mention ("hereinafter – Copenhagen Document"). */
  short?: Unit;
  /** The short name as printed after the first mention, where a language inflects it. */
  cited?: Unit;
}

export interface Item extends Located {
  id: string;
  /** "4"; absent on sub-items, which have a label. */
  number?: string;
  /** "a" for "(a)". */
  label?: string;
  findings: FindingQuote[];
  footnotes: Footnote[];
  commitments: CommitmentRef[];
  purpose?: Unit;
  standpoint: Block[];
  verdict?: VerdictCode;
  verdictPos?: Position;
  verdictNote?: Unit;
  subitems: Item[];
}

export interface Group extends Located {
  id: string;
  label?: string;
  heading?: Unit;
  leadIn: FindingQuote[];
  items: Item[];
  groups: Group[];
}

export interface Section extends Located {
  id: string;
  kind: SectionKind;
  heading?: Unit;
  intro: Block[];
  items: Item[];
  groups: Group[];
  outro: Block[];
}

/** "CEC – Central Election Commission …": both the letters and the expansion are translated (ЦИК, ОСК). */
export interface Abbreviation extends Unit {
  short: Unit;
  /** Another short form of the same name used in the text (the report's OSDP beside the CEC's ANSDP). */
  alias?: Unit;
}

export interface DocumentMeta {
  title: Unit;
  issuer: Unit;
  issuerShort: Unit;
  state: Unit;
  report: Unit;
  election: Unit;
  electionDate?: string;
  date?: string;
  /** The running header's text on pages after the first. */
  shortTitle?: Unit;
  /** Where the response was signed, printed with the date. */
  place?: Unit;
  /** The outgoing number ("01-12/345"); printed as the language writes numbers ("No. 01-12/345", "№ 01-12/345"). */
  number?: string;
}

/** An image file the data names, where it names it. */
export interface ImageRef extends Located {
  src: string;
}

/** The first page's letterhead: a logo, then the issuer's name (meta.issuer) and address. */
export interface Letterhead extends Located {
  logo?: ImageRef;
  address?: Unit;
}

/** The signature block at the end of the response. */
export interface Signature extends Located {
  name: Unit;
  position: Unit;
  /** A scanned signature. */
  image?: ImageRef;
}

/** Translations of the units into one language, keyed by unit id. */
export interface Translation extends Located {
  lang: string;
  units: Map<string, TranslatedUnit>;
}

export interface TranslatedUnit extends Located {
  id: string;
  text: string;
  /** Hash of the source text the translation was made from; differs => stale. */
  sourceHash?: string;
  /** Where the translation came from (a translation-memory match, with its score). */
  note?: string;
  /**
   * Imported but not confirmed by the translator (an XLIFF target at state="initial",
   * a PO entry marked fuzzy): the unit stays stale until a confirmed version arrives.
   */
  unconfirmed?: boolean;
}

export interface ResponseDocument extends Located {
  id: string;
  /** Where the id is written (document.yaml). */
  idPos?: Position;
  lang: string;
  /** Folder the document was read from; paths in the data resolve inside it only. */
  root: string;
  meta: DocumentMeta;
  instruments: Instrument[];
  opening: Block[];
  sections: Section[];
  closing: Block[];
  abbreviations: Abbreviation[];
  letterhead?: Letterhead;
  signature?: Signature;
  translations: Map<string, Translation>;
  /** The house style (style.yaml over the default), when the reader could resolve it. */
  style?: HouseStyle;
  /** Every image the data names, read and checked, by the path the data writes. */
  images: Map<string, ImageAsset>;
}
