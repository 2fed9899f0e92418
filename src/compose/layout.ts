/**
 * The block tree: a format-neutral layout that both writers consume. It is
 * what the templates' markup means, resolved: paragraphs with named styles,
 * runs with their formatting decided, footnotes with their content in place.
 * Knows no output library; writers know nothing above it.
 */

import type { HouseStyle, ImageAsset } from '../model/style.js';

/** Paragraph styles; each writer maps them to its own named styles. */
export type ParagraphStyle =
  | 'title'
  | 'subtitle'
  | 'body'
  | 'finding'
  | 'standpoint'
  | 'commitment'
  | 'verdict'
  | 'quotation'
  | 'closing'
  | 'abbreviation'
  | 'intro'
  | 'group-lead'
  /** The issuer's name under the logo, on the first page. */
  | 'letterhead'
  /** The issuer's address under its name. */
  | 'address'
  /** The outgoing number, the place and the date. */
  | 'dateline';

export const PARAGRAPH_STYLES: readonly ParagraphStyle[] = [
  'title', 'subtitle', 'body', 'finding', 'standpoint', 'commitment', 'verdict', 'quotation', 'closing', 'abbreviation', 'intro', 'group-lead',
  'letterhead', 'address', 'dateline',
];

/** Character styles: what a run is, so a Word user can restyle all of one kind. */
/** heading-number: the number the house style puts before a heading ("1.2."), not the data's text. */
export type RunStyle = 'quote' | 'ref' | 'lead' | 'number' | 'emphasis' | 'strong' | 'label' | 'heading-number';

export interface TextRun {
  kind: 'text';
  text: string;
  italic: boolean;
  bold: boolean;
  /** The innermost semantic style the run belongs to. */
  style?: RunStyle;
  /** Shown as untranslated source text (draft rendering). */
  draft?: boolean;
  /** With `draft`: the unit whose source text stands in, why (no translation, or a stale one), and the source's language. */
  draftUnit?: { id: string; state: 'missing' | 'stale'; lang?: string };
  /** Inside a quoted passage while styled otherwise (emphasis in a finding): HTML keeps it in the quotation. */
  inQuote?: boolean;
  /** The unit whose text starts here (a quoted passage, a purpose clause): DOCX bookmarks it. */
  anchor?: string;
}

export interface FootnoteRun {
  kind: 'footnote';
  /** The footnote's unit id. */
  id: string;
  runs: TextRun[];
}

export type Run = TextRun | FootnoteRun;

export interface ParagraphNode {
  kind: 'paragraph';
  style: ParagraphStyle;
  runs: Run[];
  /** Unit id(s) of the text: bookmarks in DOCX, rows of parallel layouts. */
  id?: string;
  lang?: string;
}

export interface HeadingNode {
  kind: 'heading';
  level: 1 | 2 | 3;
  runs: Run[];
  id?: string;
  lang?: string;
}

export type ListMarker = '1)' | '1.' | 'a)' | 'bullet';

export interface ListNode {
  kind: 'list';
  marker: ListMarker;
  id?: string;
  items: { id?: string; runs: Run[] }[];
  lang?: string;
}

export interface TableCell {
  id?: string;
  runs: Run[];
}

export interface TableNode {
  kind: 'table';
  id?: string;
  /** Relative column widths. */
  widths: number[];
  header: TableCell[];
  rows: TableCell[][];
  lang?: string;
}

export type ImageRole = 'logo' | 'signature' | 'figure';
export const IMAGE_ROLES: readonly ImageRole[] = ['logo', 'signature', 'figure'];

/** An image of the document folder (ComposedDocument.images holds its bytes). */
export interface ImageNode {
  kind: 'image';
  src: string;
  /** A logo is sized by the style's letterhead, a signature by its signature block, a figure by its width or the text width. */
  role: ImageRole;
  widthMm?: number;
  /** As the markup says; else the letterhead's alignment for a logo (house style), centred for the others. */
  align?: 'left' | 'center' | 'right';
  /** What it shows, in the render language. */
  alt: string;
  /** The unit the alt text is (an image block's `alt`), so that the DOCX can mark it for import. */
  altId?: string;
  id?: string;
  lang?: string;
}

/** The signature block: the signer's position and name, and a scanned signature between them. */
export interface SignatureNode {
  kind: 'signature';
  id?: string;
  position: { id?: string; runs: Run[] };
  name: { id?: string; runs: Run[] };
  /** The scanned signature's file (ComposedDocument.images). */
  image?: string;
  lang?: string;
}

/** An answered item: writers may gather its footnotes or keep it together. */
export interface ItemNode {
  kind: 'item';
  id: string;
  children: LayoutNode[];
}

/** A section of the document: the PDF outline and DOCX bookmarks follow these. */
export interface SectionNode {
  kind: 'section';
  id: string;
  children: LayoutNode[];
}

/** Two languages side by side: one row per pair of units. */
export interface ParallelNode {
  kind: 'parallel';
  langs: [string, string];
  /** Each column's language, named in that language ("Қазақша", "Русский"): printed above the columns on the first page. */
  columnLabels?: [string, string];
  rows: {
    id: string;
    cells: [LayoutNode[], LayoutNode[]];
    /** Ids of the sections and items that start at this row (the pairing flattens them): link targets. */
    opens?: string[];
  }[];
}

export type LayoutNode = ParagraphNode | HeadingNode | ListNode | TableNode | ImageNode | SignatureNode | ItemNode | SectionNode | ParallelNode;

export interface ComposedDocument {
  id: string;
  /** BCP 47 tag of the main language (en-GB, ru-RU, kk-KZ); the first one for parallel documents. */
  langTag: string;
  langs: string[];
  meta: {
    title: string;
    author: string;
    subject: string;
    keywords: string[];
    /** ISO date-time (UTC) stamped in the document's properties. */
    date: string;
    /** The data's own dates (YYYY-MM-DD), kept in DOCX custom properties for re-import. */
    dataDates?: { date?: string; electionDate?: string };
  };
  labels: {
    /**
     * The footer: "Page {{page}} of {{pages}}" (or "Page {{page}}", or nothing, as the style says), with the
     * placeholders left for the writer; in both languages in a parallel document ("{{page}}-бет / Страница {{page}}").
     */
    page: string;
    /** The running header on pages after the first (the short title), when the style prints one. */
    runningTitle?: string;
    /** The unit the running title is (meta.shortTitle). */
    runningTitleId?: string;
    /** The language's own name ("English", "Русский"). */
    languageName?: string;
    notes: string;
    /** The label of a link from a note back to its mark (HTML). */
    backToText: string;
    draftMark?: string;
  };
  /** A parallel document's two languages: each one's tag and labels (the notes of each are printed in its language). */
  sides?: { lang: string; langTag: string; labels: ComposedDocument['labels'] }[];
  body: LayoutNode[];
  /** Units shown untranslated (draft rendering), for the page mark. */
  untranslated: number;
  /** The house style every writer sets the document in. */
  style: HouseStyle;
  /** The images the body prints, by the path the data names them with. */
  images: Record<string, ImageAsset>;
}
