/**
 * The speed techniques that change no output byte, each of which can be
 * turned off for one process: for the benchmark, which measures each one's
 * effect side by side with the build before them, and for the test that every
 * output is byte-identical with and without each (test/e2e/speed-techniques.test.ts).
 * Owns their names and the switch, STANDPOINT_SPEED_OFF=name,name (an
 * environment variable, so PDF worker threads and child processes see it).
 * The typesetting cache has a switch of its own that users have too:
 * `--no-cache` and STANDPOINT_NO_CACHE (src/render/cache/location.ts).
 */
export const SPEED_TECHNIQUES = {
  /** One PDF renders on the main thread; a worker thread starts (early) only for two or more. */
  pdfOnMainThread: 'a single PDF is laid out on the main thread, without a worker',
  /** V8's code cache of the CLI bundle (every Node; src/startup/code-cache.ts) and Node's compile cache of the PDF engine (Node 22 and later). */
  compileCache: "V8's code cache of the CLI (made after a run, every Node) and Node's compile cache of the PDF engine (Node 22 and later), kept between runs",
  /** The shipped templates, precompiled by the build, used while every file is the shipped one (src/compose/templates.ts). */
  precompiledTemplates: 'the shipped Handlebars templates precompiled at build time, not compiled at every start',
  /** The DOCX's embedded faces deflated once, kept in the typesetting cache (src/render/docx/deflated-parts.ts). */
  deflatedFontCache: "the DOCX's embedded faces, deflated, kept in the typesetting cache",
  /** docx's preparation of its components for serialising, without its per-node copies and closures (src/render/docx/engine-patches.ts). */
  docxPreparation: "docx's components prepared for its serialiser by faster equivalents of three of its methods",
  /** Each DOCX part's XML written in one pass instead of docx's two (src/render/docx/xml-writer.ts). */
  docxWriter: "each DOCX part's XML written in one pass from docx's objects, not by docx's two-pass serialiser",
  /** PDF workers of watch, preview and library callers with a young generation large enough for a laid-out document (src/render/pdf/pool.ts). */
  pdfWorkerYoungGeneration: 'the PDF workers of a process that renders again and again have a larger young generation, so a laid-out document is copied by fewer scavenges',
} as const;

export type SpeedTechnique = keyof typeof SPEED_TECHNIQUES;
export const SPEED_OFF_VARIABLE = 'STANDPOINT_SPEED_OFF';

/** Whether `technique` is on in this process (all are, unless named in STANDPOINT_SPEED_OFF). */
export function techniqueOn(technique: SpeedTechnique): boolean {
  const off = process.env[SPEED_OFF_VARIABLE];
  return !off || !off.split(',').map((s) => s.trim()).includes(technique);
}
