/**
 * Bringing edits made in Word back into a document's YAML: the edited DOCX is
 * imported, compared with the document, and each change is written into the
 * YAML file and place the unit came from (comments and layout of the files are
 * kept: the yaml library edits the parsed documents). Paragraphs a person added
 * get new ids after their neighbours; deleted paragraphs are removed.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document as YamlDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ResponseDocument } from '../model/types.js';
import { readDocument } from '../read/document.js';
import { writeFileAtomic } from '../render/output.js';
import { UserError } from '../diag/diagnostic.js';
import { writeDocumentFolder } from './write.js';
import type { ImportedDocument } from './text.js';
import { diffDocuments, type DocumentDiff } from '../diff/document-diff.js';
import { schemaDir } from '../paths.js';

interface Place {
  file: string;
  doc: YamlDocument;
  /** The mapping with the id, or the cells sequence of a table row. */
  map?: YAMLMap;
  seq?: YAMLSeq;
  index: number;
  /** For table cells: the sequence of cells and the cell's index. */
  cells?: YAMLSeq;
}

function indexFiles(files: string[]): { docs: Map<string, YamlDocument>; places: Map<string, Place> } {
  const docs = new Map<string, YamlDocument>();
  const places = new Map<string, Place>();
  for (const file of files) {
    const doc = parseDocument(readFileSync(file, 'utf8'), { keepSourceTokens: false });
    docs.set(file, doc);
    const walk = (node: unknown, seq?: YAMLSeq, index = 0) => {
      if (isMap(node)) {
        const id = node.get('id');
        if (typeof id === 'string') places.set(id, { file, doc, map: node, ...(seq ? { seq } : {}), index });
        const cells = node.get('cells', true);
        if (typeof id === 'string' && isSeq(cells)) cells.items.forEach((_c, i) => places.set(`${id}.c${i + 1}`, { file, doc, cells, index: i }));
        for (const pair of node.items) walk(pair.value);
      } else if (isSeq(node)) node.items.forEach((item, i) => walk(item, node, i));
    };
    walk(doc.contents);
  }
  return { docs, places };
}

export interface UpdateResult {
  diff: DocumentDiff;
  files: string[];
}

export function applyDocxEdits(doc: ResponseDocument, documentFiles: string[], imported: ImportedDocument): UpdateResult {
  // The edited DOCX as a model of its own, read like any document.
  const tmp = mkdtempSync(join(tmpdir(), 'standpoint-update-'));
  try {
    imported.document.id = doc.id;
    writeDocumentFolder(tmp, imported.document, imported.sections, relative(tmp, schemaDir));
    const edited = readDocument(tmp);
    if (!edited.doc || edited.diagnostics.hasErrors) throw new UserError(edited.diagnostics.sorted(), 1);
    const diff = diffDocuments(doc, edited.doc);
    const yamlFiles = documentFiles.filter((f) => !/[\\/]translations[\\/]/.test(f));
    const { docs, places } = indexFiles(yamlFiles);
    const changed = new Set<string>();
    const setText = (id: string, text: string) => {
      const p = places.get(id);
      if (!p) return false;
      if (p.cells) p.cells.set(p.index, text);
      else if (p.map?.has('quote')) p.map.set('quote', text);
      else if (p.map) p.map.set('text', text);
      changed.add(p.file);
      return true;
    };
    for (const e of diff.edited) setText(e.id, e.to);
    for (const v of diff.verdicts) {
      const p = places.get(v.id);
      if (p?.map && v.to) {
        p.map.set('verdict', v.to);
        changed.add(p.file);
      }
    }
    // Paragraphs added in Word: after their previous neighbour, with a fresh id.
    const editedBlocks = new Map<string, { after?: string; text: string }>();
    for (const s of imported.sections) collectBlocks(s.data, editedBlocks);
    for (const added of diff.unitsAdded) {
      const info = editedBlocks.get(added.id);
      const anchor = info?.after ? places.get(info.after) : undefined;
      if (!info || !anchor?.seq || !anchor.map) continue;
      const owner = info.after!.replace(/\.[^.]+$/, '');
      const taken = new Set(places.keys());
      let n = anchor.seq.items.length + 1;
      while (taken.has(`${owner}.s${n}`)) n++;
      const id = `${owner}.s${n}`;
      const node = anchor.doc.createNode({ id, text: info.text }, { flow: false }) as YAMLMap;
      const textNode = node.get('text', true);
      if (isScalar(textNode)) textNode.type = 'QUOTE_DOUBLE';
      anchor.seq.items.splice(anchor.index + 1, 0, node);
      places.set(id, { file: anchor.file, doc: anchor.doc, map: node as YAMLMap, seq: anchor.seq, index: anchor.index + 1 });
      changed.add(anchor.file);
      added.id = id;
    }
    for (const removed of diff.unitsRemoved) {
      const p = places.get(removed.id);
      if (p?.seq && p.map && !p.cells) {
        const i = p.seq.items.indexOf(p.map);
        if (i >= 0) {
          p.seq.items.splice(i, 1);
          changed.add(p.file);
        }
      }
    }
    const written: string[] = [];
    for (const file of changed) {
      writeFileAtomic(file, docs.get(file)!.toString({ lineWidth: 0, flowCollectionPadding: false }));
      written.push(file);
    }
    return { diff, files: written };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Standpoint blocks in order, each with the id of the block before it. */
function collectBlocks(node: unknown, out: Map<string, { after?: string; text: string }>): void {
  if (Array.isArray(node)) {
    let prev: string | undefined;
    for (const b of node) {
      if (b && typeof b === 'object' && typeof (b as { id?: unknown }).id === 'string') {
        const o = b as { id: string; text?: string; quote?: string };
        if (typeof o.text === 'string' || typeof o.quote === 'string') out.set(o.id, { ...(prev ? { after: prev } : {}), text: (o.text ?? o.quote)! });
        prev = o.id;
      }
      collectBlocks(b, out);
    }
  } else if (node && typeof node === 'object') for (const v of Object.values(node)) collectBlocks(v, out);
}

