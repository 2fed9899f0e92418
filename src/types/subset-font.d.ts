/** subset-font ships no types: the call standpoint makes (render/html/fonts.ts). */
declare module 'subset-font' {
  interface SubsetOptions {
    targetFormat?: 'sfnt' | 'truetype' | 'woff' | 'woff2';
    noHinting?: boolean;
    preserveNameIds?: number[];
    keepFeatures?: string[];
    dropTables?: string[];
  }
  export default function subsetFont(font: Buffer | Uint8Array, text: string, options?: SubsetOptions): Promise<Buffer>;
}
