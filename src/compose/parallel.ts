/**
 * Pairs two composed languages of one document into a parallel layout: one row
 * per unit pair, in document order. Both sides come from the same templates
 * and data, so their block sequences correspond one to one; the pairing is
 * checked, never assumed.
 */
import type { ComposedDocument, LayoutNode, ParallelNode } from './layout.js';
import { UserError } from '../diag/diagnostic.js';

/** Leaf blocks in order, with the id that pairs them; `opens` gets the containers that start at each leaf. */
function leaves(nodes: LayoutNode[], out: LayoutNode[] = [], opens: string[][] = [], pending: string[] = []): LayoutNode[] {
  for (const n of nodes) {
    if (n.kind === 'item' || n.kind === 'section') {
      if (n.id) pending.push(n.id);
      leaves(n.children, out, opens, pending);
    } else {
      opens[out.length] = pending.splice(0);
      out.push(n);
    }
  }
  return out;
}

function keyOf(n: LayoutNode, index: number): string {
  return ('id' in n && n.id) || `${n.kind}#${index}`;
}

export function composeParallel([left, right]: [ComposedDocument, ComposedDocument]): ComposedDocument {
  const opens: string[][] = [];
  const a = leaves(left.body, [], opens);
  const b = leaves(right.body);
  // Pair by id, in the first language's order: lists such as the abbreviations
  // are sorted per language, so the second side may order them differently.
  const byKey = new Map(b.map((n, i) => [keyOf(n, i), n]));
  const keysA = a.map((n, i) => keyOf(n, i));
  if (a.length !== b.length || keysA.some((k, i) => byKey.get(k)?.kind !== a[i]!.kind)) {
    throw UserError.single(undefined, 'parallel-mismatch', `the ${left.langs[0]} and ${right.langs[0]} documents do not have the same blocks, so they cannot be set side by side`, 'the templates must not print blocks in one language only', 2);
  }
  const la = left.langs[0]!;
  const lb = right.langs[0]!;
  // An image printed alike in both languages (a logo) is set once across both columns: the parallel text is
  // cut there into two. A signature's scan is printed once, under the first column's signature.
  const body: LayoutNode[] = [];
  let rows: ParallelNode['rows'] = [];
  let labelled = false;
  const flush = () => {
    if (rows.length === 0) return;
    const labels = !labelled && left.labels.languageName && right.labels.languageName ? { columnLabels: [left.labels.languageName, right.labels.languageName] as [string, string] } : {};
    labelled = true;
    body.push({ kind: 'parallel', langs: [la, lb], ...labels, rows });
    rows = [];
  };
  a.forEach((n, i) => {
    const m = byKey.get(keysA[i]!)!;
    if (n.kind === 'image' && m.kind === 'image' && n.src === m.src) {
      flush();
      body.push(n);
      return;
    }
    const second = m.kind === 'signature' && n.kind === 'signature' && n.image ? (({ image: _once, ...rest }) => rest)(m) : m;
    rows.push({
      id: keysA[i]!,
      cells: [[{ ...n, lang: la } as LayoutNode], [{ ...second, lang: lb } as LayoutNode]],
      ...(opens[i]?.length ? { opens: opens[i] } : {}),
    });
  });
  flush();
  const both = (x: string | undefined, y: string | undefined) => (x && y ? (x === y ? x : `${x} / ${y}`) : x || y);
  return {
    ...left,
    langs: [la, lb],
    meta: { ...left.meta, title: `${left.meta.title} / ${right.meta.title}` },
    labels: {
      ...left.labels,
      // Pages are numbered, and the running header printed, in both languages: "1-бет / Страница 1".
      page: both(left.labels.page, right.labels.page) ?? '',
      ...(left.labels.runningTitle || right.labels.runningTitle ? { runningTitle: both(left.labels.runningTitle, right.labels.runningTitle)! } : {}),
      ...(left.labels.draftMark || right.labels.draftMark ? { draftMark: [left.labels.draftMark, right.labels.draftMark].filter(Boolean).join(' · ') } : {}),
    },
    sides: [
      { lang: la, langTag: left.langTag, labels: left.labels },
      { lang: lb, langTag: right.langTag, labels: right.labels },
    ],
    body,
    untranslated: left.untranslated + right.untranslated,
    images: { ...left.images, ...right.images },
  };
}
