/**
 * The typesetting cache file: what one render learned that the next can
 * reuse instead of computing it again (words shaped by a font, words
 * hyphenated, font files checked, YAML files parsed), kept in one file in the
 * user's cache folder (location.ts).
 * Owns the file (and the DOCX's deflated faces' file of the same format):
 * its format, reading it defensively, merging and writing it atomically, and
 * its size bound. Knows nothing of what the entries mean;
 * each user names a section after everything its entries depend on (a font
 * file's hash, library versions, its own rules), so an entry found is an
 * entry that is still true.
 *
 * Why a file of our own: V8 serialisation and JSON took 60–330 ms just to
 * load the shapes of the 2011 response; this format is read with one decode
 * per section and entries are decoded only when asked for.
 *
 * Safety: a file that is not exactly what this module writes — another
 * format or version, a wrong length or checksum (truncated, corrupt, being
 * replaced), too large, not a regular file — is ignored, and the next write
 * replaces it. Writes go to a temporary file renamed over the old one, so
 * readers see a whole old or a whole new file; a write merges what the file
 * holds by then, so processes writing at once lose at most each other's
 * newest entries. The file never grows past MAX_FILE_BYTES: sections used
 * least recently are dropped first. No output depends on whether an entry
 * was found (test/e2e/speed-techniques.test.ts).
 *
 * Layout (little-endian): "SPTC", u16 format, u16 0, u32 body length,
 * u32 CRC-32 of the body, then the body: varint section count, and per
 * section its name (varint length + UTF-8), varint entry count, the keys'
 * lengths (varints, UTF-16 units), the values' lengths (varints), the keys as
 * one UTF-16LE block (varint byte length first) and the values as one block.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { typesetCacheFolder } from './location.js';
import { writeCacheFileAtomically } from './atomic-file.js';

const MAGIC = 'SPTC';
const FORMAT = 1;
const HEADER = 16;
export const CACHE_FILE_NAME = 'typeset-cache.bin';
/**
 * A second file of the same format for the DOCX's deflated faces: a run that
 * renders only DOCX reads this small file, not the shapes and hyphenations
 * of the first (megabytes, whose reading would cost more than the faces save).
 */
export const DOCX_FACES_FILE_NAME = 'docx-faces.bin';
/**
 * A third for what reading a document learns (YAML files parsed, font files
 * checked): every command reads it, so it holds nothing of the other two.
 */
export const READ_CACHE_FILE_NAME = 'read-cache.bin';
/** The file's largest size: about fifteen documents' worth of words in four fonts and three languages. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

/** One section: entries by key, values as bytes. */
interface SectionData {
  keys: string[];
  values: Uint8Array[];
}

/** A section as used in this thread: what the file had, what was learned here. */
export interface CacheSection {
  get(key: string): Uint8Array | undefined;
  /** Every entry, read or learned. */
  entries(): Iterable<[string, Uint8Array]>;
  /** Records an entry learned in this thread (written by the next flush). */
  add(key: string, value: Uint8Array): void;
}

interface LiveSection extends CacheSection {
  name: string;
  known: Map<string, Uint8Array>;
  learned: Map<string, Uint8Array>;
  /** The most entries the section keeps (the least recently written or found go first); unbounded when undefined. */
  maxEntries?: number;
  /** Keys found in this thread, kept before the others when the section must shrink. */
  found: Set<string>;
}

interface State {
  file: string;
  /** Sections of the file as read (undecoded: name -> bytes of the section body). */
  onDisk: Map<string, Uint8Array>;
  live: Map<string, LiveSection>;
}

/** The state of each cache file this thread used, by file name (null: the cache is off). */
const states = new Map<string, State | null>();

// ---- reading ----

/** Reads what Writer writes: varints and byte runs, throwing when the bytes run out. */
export class Reader {
  at = 0;
  constructor(readonly bytes: Uint8Array) {}
  varint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      if (this.at >= this.bytes.length) throw new Error('truncated');
      const b = this.bytes[this.at++]!;
      value += (b & 0x7f) * scale;
      if (b < 0x80) return value;
      scale *= 128;
    }
    throw new Error('varint too long');
  }
  take(n: number): Uint8Array {
    if (n < 0 || this.at + n > this.bytes.length) throw new Error('truncated');
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
}

/** The sections of a cache file's bytes, or undefined when they are not a whole file of this format. */
export function parseCacheFile(bytes: Uint8Array): Map<string, Uint8Array> | undefined {
  if (bytes.length < HEADER) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (Buffer.from(bytes.subarray(0, 4)).toString('latin1') !== MAGIC || view.getUint16(4, true) !== FORMAT || view.getUint16(6, true) !== 0) return undefined;
  const length = view.getUint32(8, true);
  if (length !== bytes.length - HEADER) return undefined;
  const body = bytes.subarray(HEADER);
  if (crc32(body) !== view.getUint32(12, true)) return undefined;
  try {
    const r = new Reader(body);
    const sections = new Map<string, Uint8Array>();
    const count = r.varint();
    for (let i = 0; i < count; i++) {
      const name = Buffer.from(r.take(r.varint())).toString('utf8');
      const start = r.at;
      // Skip the section, checking its lengths add up; decoded when first used.
      const entries = r.varint();
      let values = 0;
      for (let k = 0; k < entries; k++) r.varint();
      for (let k = 0; k < entries; k++) values += r.varint();
      r.take(r.varint());
      if (r.varint() !== values) throw new Error('values block of the wrong size');
      r.take(values);
      sections.set(name, body.subarray(start, r.at));
    }
    if (r.at !== body.length) return undefined;
    return sections;
  } catch {
    return undefined;
  }
}

/** The entries of a section body (as parseCacheFile keeps it). */
function decodeSection(body: Uint8Array): SectionData {
  const r = new Reader(body);
  const count = r.varint();
  const keyLengths: number[] = [];
  for (let k = 0; k < count; k++) keyLengths.push(r.varint());
  const valueLengths: number[] = [];
  for (let k = 0; k < count; k++) valueLengths.push(r.varint());
  const keyBytes = r.take(r.varint());
  const allKeys = Buffer.from(keyBytes.buffer, keyBytes.byteOffset, keyBytes.byteLength).toString('utf16le');
  r.varint();
  const keys: string[] = [];
  const values: Uint8Array[] = [];
  let at = 0;
  for (let k = 0; k < count; k++) {
    keys.push(allKeys.slice(at, at + keyLengths[k]!));
    at += keyLengths[k]!;
    values.push(r.take(valueLengths[k]!));
  }
  if (at !== allKeys.length) throw new Error('keys block of the wrong size');
  return { keys, values };
}

// ---- writing ----

export class Writer {
  private buffer: Buffer;
  length = 0;
  constructor(size = 1 << 16) {
    this.buffer = Buffer.allocUnsafe(size);
  }
  private room(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + n));
    this.buffer.copy(bigger, 0, 0, this.length);
    this.buffer = bigger;
  }
  varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`not a length: ${value}`);
    this.room(8);
    let v = value;
    while (v >= 0x80) {
      this.buffer[this.length++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buffer[this.length++] = v;
  }
  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buffer.set(b, this.length);
    this.length += b.length;
  }
  float64(x: number): void {
    this.room(8);
    this.buffer.writeDoubleLE(x, this.length);
    this.length += 8;
  }
  result(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}

/** A section's name and entries in the file's form (its name, then the body parseCacheFile keeps). */
function encodeSection(name: string, entries: Map<string, Uint8Array>): Uint8Array {
  let values = 0;
  for (const v of entries.values()) values += v.length;
  const keys = Buffer.from([...entries.keys()].join(''), 'utf16le');
  const w = new Writer(name.length * 3 + 16 + entries.size * 6 + keys.length + values);
  const nameBytes = Buffer.from(name, 'utf8');
  w.varint(nameBytes.length);
  w.bytes(nameBytes);
  w.varint(entries.size);
  for (const k of entries.keys()) w.varint(k.length);
  for (const v of entries.values()) w.varint(v.length);
  w.varint(keys.length);
  w.bytes(keys);
  w.varint(values);
  for (const v of entries.values()) w.bytes(v);
  return w.result();
}

/** A section as read from a file (its body undecoded): only its name is written anew. */
function encodeRawSection(name: string, body: Uint8Array): Uint8Array[] {
  const head = new Writer(name.length * 3 + 8);
  const nameBytes = Buffer.from(name, 'utf8');
  head.varint(nameBytes.length);
  head.bytes(nameBytes);
  return [head.result(), body];
}

/**
 * A whole cache file holding `sections` (in order; the first are kept when
 * over the size bound). A section is given as entries, or as the body read
 * from a file (parseCacheFile), which is written as it is: a write that
 * learned a few words does not decode and encode the sections it did not touch.
 */
export function encodeCacheFile(sections: [string, Map<string, Uint8Array> | Uint8Array][], maxBytes = MAX_FILE_BYTES): Uint8Array {
  const kept: Uint8Array[] = [];
  let count = 0;
  let size = 0;
  for (const [name, entries] of sections) {
    let parts = entries instanceof Uint8Array ? encodeRawSection(name, entries) : [encodeSection(name, entries)];
    let length = parts.reduce((n, p) => n + p.length, 0);
    if (size + length + HEADER + 8 > maxBytes) {
      if (count > 0 || entries instanceof Uint8Array) continue;
      // Even the most recent section alone is too large: its first entries that fit.
      const part = new Map<string, Uint8Array>();
      let estimate = name.length * 3 + 64;
      for (const [k, v] of entries) {
        estimate += k.length * 2 + v.length + 8;
        if (estimate > maxBytes - HEADER - 64) break;
        part.set(k, v);
      }
      parts = [encodeSection(name, part)];
      length = parts[0]!.length;
    }
    kept.push(...parts);
    count++;
    size += length;
  }
  const countBytes = new Writer(8);
  countBytes.varint(count);
  const head = countBytes.result();
  const out = Buffer.allocUnsafe(HEADER + head.length + size);
  let at = HEADER;
  out.set(head, at);
  at += head.length;
  for (const p of kept) {
    out.set(p, at);
    at += p.length;
  }
  const content = out.subarray(HEADER);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt16LE(FORMAT, 4);
  out.writeUInt16LE(0, 6);
  out.writeUInt32LE(content.length, 8);
  out.writeUInt32LE(crc32(content), 12);
  return out;
}

// ---- the cache of this thread ----

/** Reads the file's sections; an absent, foreign or damaged file is an empty cache. */
function readSections(file: string): Map<string, Uint8Array> {
  try {
    const st = statSync(file);
    // Never open what is not a regular file (a pipe would block), nor anything larger than this module writes.
    if (!st.isFile() || st.size > MAX_FILE_BYTES) return new Map();
    return parseCacheFile(readFileSync(file)) ?? new Map();
  } catch {
    return new Map();
  }
}

function currentState(fileName: string): State | null {
  let state = states.get(fileName);
  if (state !== undefined) return state;
  const folder = typesetCacheFolder();
  const file = folder ? join(folder, fileName) : undefined;
  state = file ? { file, onDisk: readSections(file), live: new Map() } : null;
  states.set(fileName, state);
  return state;
}

/**
 * The section named `name` of the cache file `file` (the typesetting cache's
 * own unless named), or undefined when the cache is turned off. With
 * `maxEntries`, a write keeps that many entries at most: those learned and
 * found in this thread, then the most recently written.
 */
export function cacheSection(name: string, options: { maxEntries?: number; file?: string } = {}): CacheSection | undefined {
  const s = currentState(options.file ?? CACHE_FILE_NAME);
  if (!s) return undefined;
  let section = s.live.get(name);
  if (section) return section;
  const known = new Map<string, Uint8Array>();
  const body = s.onDisk.get(name);
  if (body) {
    try {
      const { keys, values } = decodeSection(body);
      keys.forEach((k, i) => known.set(k, values[i]!));
    } catch {
      known.clear();
    }
  }
  const learned = new Map<string, Uint8Array>();
  const found = new Set<string>();
  section = {
    name,
    known,
    learned,
    found,
    ...(options.maxEntries !== undefined ? { maxEntries: options.maxEntries } : {}),
    get: (key) => {
      const value = known.get(key);
      if (value === undefined) return learned.get(key);
      if (options.maxEntries !== undefined) found.add(key);
      return value;
    },
    *entries() {
      yield* known;
      yield* learned;
    },
    add: (key, value) => {
      if (!known.has(key)) learned.set(key, value);
    },
  };
  s.live.set(name, section);
  return section;
}

/**
 * Writes what this thread learned, merged with the file as it is now (other
 * processes may have written it since it was read). Does nothing when nothing
 * was learned; never fails (a cache that cannot be written is a cache missed).
 */
export function flushCache(): void {
  for (const s of states.values()) if (s) flushFile(s);
}

function flushFile(s: State): void {
  const touched = [...s.live.values()].filter((l) => l.learned.size > 0);
  if (touched.length === 0) return;
  try {
    const onDisk = readSections(s.file);
    const sections: [string, Map<string, Uint8Array> | Uint8Array][] = [];
    // Sections learned in now first: they are the last used, kept when the file must shrink.
    for (const l of touched) {
      const merged = new Map<string, Uint8Array>();
      const body = onDisk.get(l.name);
      if (body) {
        try {
          const { keys, values } = decodeSection(body);
          keys.forEach((k, i) => merged.set(k, values[i]!));
        } catch {
          /* a damaged section is replaced */
        }
      }
      for (const [k, v] of l.known) if (!merged.has(k)) merged.set(k, v);
      for (const [k, v] of l.learned) if (!merged.has(k)) merged.set(k, v);
      if (l.maxEntries !== undefined) keepNewest(merged, l, l.maxEntries);
      sections.push([l.name, merged]);
    }
    // Sections not learned in go through as read (parseCacheFile checked their lengths; the file's CRC its bytes).
    for (const [name, body] of onDisk) if (!touched.some((l) => l.name === name)) sections.push([name, body]);
    writeCacheFileAtomically(s.file, encodeCacheFile(sections), (name) => [CACHE_FILE_NAME, DOCX_FACES_FILE_NAME, READ_CACHE_FILE_NAME].includes(name));
    for (const l of touched) {
      for (const [k, v] of l.learned) l.known.set(k, v);
      l.learned.clear();
      l.found.clear();
    }
  } catch {
    /* a cache that cannot be written is a cache missed */
  }
}

/** Shrinks `entries` to `max`: what this thread found and learned moves to the end, the oldest at the front go. */
function keepNewest(entries: Map<string, Uint8Array>, l: LiveSection, max: number): void {
  for (const k of [...l.found, ...l.learned.keys()]) {
    const v = entries.get(k);
    if (v === undefined) continue;
    entries.delete(k);
    entries.set(k, v);
  }
  for (const k of entries.keys()) {
    if (entries.size <= max) break;
    entries.delete(k);
  }
}

/** Forgets the files read by this thread (tests; a process reads each once). */
export function resetCacheState(): void {
  states.clear();
}
