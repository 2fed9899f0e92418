/**
 * The parts of pdfmake's layout engine (pdfmake/js/*, version 0.3) that the
 * engine patches use, as TypeScript sees them. pdfmake ships no types for its
 * internals; these are written from its source. Owns nothing at run time.
 */
export type Dict = Record<string, unknown>;

export interface PdfFont {
  ascender: number;
  descender: number;
  lineHeight(size: number): number;
  widthOfString(text: string, size: number, features?: unknown): number;
}

/** A piece of text between two break opportunities, measured (TextInlines.measure). */
export interface Inline extends Dict {
  text: string;
  width: number;
  height: number;
  leadingCut: number;
  trailingCut: number;
  font: PdfFont;
  fontSize: number;
  fontFeatures?: unknown;
  characterSpacing?: number;
  alignment?: string;
  noWrap?: boolean | null;
  /** No line break is allowed after this piece (it and the next form one word). */
  noNewLine?: boolean;
  /** A forced line break follows. */
  lineEnd?: boolean;
  x?: number;
  justifyShift?: number;
}

export interface Line {
  maxWidth: number;
  inlines: Inline[];
  inlineWidths: number;
  leadingCut: number;
  trailingCut: number;
  x?: number;
  y?: number;
  newLineForced?: boolean;
  lastLineInParagraph?: boolean;
  id?: unknown;
  _node?: unknown;
  _outline?: unknown;
  _pageNodeRef?: unknown;
  addInline(inline: Inline): void;
  getHeight(): number;
  getAscenderHeight(): number;
  getWidth(): number;
  getAvailableWidth(): number;
  clone(): Line;
}
export type LineClass = new (maxWidth: number) => Line;

export interface PageItem {
  type: string;
  item: Dict;
}
export interface Page {
  items: PageItem[];
  pageSize: { width: number; height: number; orientation?: string };
  pageMargins: { left: number; top: number; right: number; bottom: number };
}

export interface Snapshot extends Dict {
  x: number;
  y: number;
  page: number;
  availableHeight: number;
  availableWidth: number;
  bottomMost?: { x: number; y: number; page: number; availableHeight: number; availableWidth: number };
  snakingColumns?: boolean;
}

export interface DocumentContext {
  pages: Page[];
  page: number;
  x: number;
  y: number;
  availableWidth: number;
  availableHeight: number;
  pageMargins: Page['pageMargins'];
  snapshots: Snapshot[];
  getCurrentPage(): Page | null;
  moveDown(offset: number): boolean;
  addMargin(left: number, right?: number): void;
  inSnakingColumns(): boolean;
  initializePage(): void;
  addPage(pageSize: Page['pageSize'], pageMargin?: Page['pageMargins'] | null, customProperties?: Dict): Page;
}

export interface PageElementWriter {
  context(): DocumentContext;
  contextStack: DocumentContext[];
  transactionLevel: number;
  addLine(line: Line, dontUpdateContextPosition?: boolean, index?: number): unknown;
  addVector(vector: Dict, ignoreContextX?: boolean, ignoreContextY?: boolean, index?: number, forcePage?: number): unknown;
  addPage(pageSize: unknown, pageOrientation?: unknown, pageMargin?: unknown, customProperties?: Dict): void;
  moveToNextPage(pageOrientation?: unknown): void;
}
export type PageElementWriterClass = new (context: DocumentContext) => PageElementWriter;
export type DocumentContextClass = new () => DocumentContext;

/** A measured document node (DocMeasure): text leaves carry their pieces in _inlines. */
export interface DocNode extends Dict {
  text?: unknown;
  stack?: DocNode[];
  table?: { body: DocNode[][]; widths: { _calcWidth: number }[] };
  ul?: DocNode[];
  ol?: DocNode[];
  _inlines?: Inline[];
  _margin?: [number, number, number, number] | null;
  positions: unknown[];
  pageOrientation?: unknown;
}

export interface LayoutBuilder {
  writer: PageElementWriter;
  linearNodeList: DocNode[];
  docMeasure: { measureBlock(node: Dict): DocNode };
  docPreprocessor: { preprocessBlock(node: Dict): Dict };
  processNode(node: DocNode, isVerticalAlignmentAllowed?: boolean): void;
  buildNextLine(node: DocNode): Line | null;
}
