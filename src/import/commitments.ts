/**
 * The commitment sentence of a positive assessment, in English, Russian and
 * Kazakh: "The Republic of Kazakhstan has implemented provisions of paragraphs
 * 6, 7.1 and 7.3 of Copenhagen Document on …", "Республика Казахстан
 * выполнила положения пунктов 6, 7.1 и 7.3 Копенгагенского документа о …",
 * "Қазақстан Республикасы Копенгаген құжатының 6, 7.1 және 7.3-тармақтарының
 * … ережелерін орындады." -> the state, commitment references (instruments
 * collected on the way) and the purpose clause. Any dash in "(hereinafter –
 * …)". Pure: plain text in, plain data out.
 */
import { slugOf } from './ids.js';

type Obj = Record<string, unknown>;

export interface Instrument {
  id: string;
  name: string;
  short?: string;
  /** The short name as a sentence cites it (an inflected form). */
  cited?: string;
}

export interface CommitmentSentence {
  state: string;
  commitments: { instrument: string; paragraphs: string[] }[];
  purpose?: string;
}

const DASH = '[-–—‒]';
const STOP_WORDS = new Set(['Document', 'The', 'Conference', 'Meeting', 'Human', 'Dimension', 'Recommendations', 'On', 'Of', 'Документа', 'Документ', 'Құжатының']);

function instrumentFor(name: string, short: string | undefined, instruments: Instrument[], cited?: string): Instrument {
  const same = instruments.find((i) => i.name === name || (short && i.short === short) || i.short === name || i.cited === name);
  if (same) return same;
  // An inflected citation of a known short name ("Копенгагенского документа", "Копенгаген құжатының").
  const stem = (x: string) => x.split(/\s+/).map((w) => w.slice(0, 5).toLowerCase()).join(' ');
  const cites = instruments.find((i) => i.short && stem(i.short) === stem(name));
  if (cites) {
    cites.cited ??= name;
    return cites;
  }
  const words = (short ?? name).split(/[^\p{L}]+/u).filter(Boolean);
  const word = words.find((w) => /^\p{Lu}\p{Ll}+$/u.test(w) && !STOP_WORDS.has(w)) ?? words[0] ?? '';
  let id = slugOf(word, 20) || `instrument${instruments.length + 1}`;
  while (instruments.some((i) => i.id === id)) id += '-2';
  const inst: Instrument = { id, name, ...(short ? { short } : {}), ...(cited ? { cited } : {}) };
  instruments.push(inst);
  return inst;
}

const listOf = (s: string) => s.split(/,|\s+(?:and|и|және)\s+/u).map((x) => x.trim()).filter(Boolean);

/** "paragraphs 4, 5.3 and 6 of Document … (hereinafter – Copenhagen Document) concerning …" */
export function parseCommitments(rest: string, instruments: Instrument[], wholeName = false): { commitments: Obj[]; purpose?: string } | undefined {
  const commitments: Obj[] = [];
  let text = rest.trim().replace(/\.$/, '');
  for (;;) {
    const m = /^(?:the\s+)?paragraphs?\s+([\d.,\sиand]+?)\s+of\s+/u.exec(text);
    if (!m) return commitments.length ? { commitments, purpose: text.replace(/^,\s*/, '') || undefined } : undefined;
    const list = listOf(m[1]!);
    text = text.slice(m[0].length);
    let name: string | undefined;
    let short: string | undefined;
    let used = 0;
    const known = instruments.find((i) => i.short && text.startsWith(i.short));
    const here = new RegExp(`^(.*?)\\s*\\((?:hereinafter|further)(?:\\s+referred\\s+to\\s+as)?\\s*(?:${DASH}\\s*)?([^)]+)\\)`, 'u').exec(text);
    const place = /^(.*?\([^()]*\d{4}\))/u.exec(text);
    const dated = /^(.*?\bof \d{1,2} [A-Z][a-z]+ \d{4})/u.exec(text);
    if (known) {
      name = known.short;
      used = known.short!.length;
    } else if (here) {
      name = here[1];
      short = here[2]!.trim().replace(/^["“]|["”]$/g, '');
      used = here[0].length;
    } else if (place) {
      name = place[1];
      used = place[0].length;
    } else if (dated) {
      name = dated[1];
      used = dated[0].length;
    } else if (wholeName) {
      const upto = /^(.*?)(?=(?:,\s*|,?\s*and\s+|,?\s*и\s+)paragraphs?\s|$)/u.exec(text)!;
      name = upto[1]!.trim();
      used = upto[0].length;
    } else {
      // "paragraph 8 of Copenhagen Document on ensuring …": the name runs to the purpose.
      const upto = /^(.*?)(?=\s+(?:on|about|concerning|regarding|with regards? to|in respect of|to)\s|,|$)/u.exec(text)!;
      if (!upto[1]) return undefined;
      name = upto[1].trim();
      used = upto[0].length;
    }
    const inst = known ?? instrumentFor(name!, short, instruments);
    commitments.push({ instrument: inst.id, paragraphs: list });
    text = text.slice(used).trim();
    const more = /^(?:,\s*|,?\s*and\s+|,?\s*и\s+)(?=paragraphs?\s)/u.exec(text);
    if (more) {
      text = text.slice(more[0].length);
      continue;
    }
    return { commitments, purpose: text.replace(/^,\s*/, '') || undefined };
  }
}

/** Russian: the text after "выполнила положения". */
export function parseCommitmentsRu(rest: string, instruments: Instrument[]): { commitments: Obj[]; purpose?: string } | undefined {
  const commitments: Obj[] = [];
  let text = rest.trim().replace(/\.$/, '');
  for (;;) {
    const m = /^пункт(?:а|ов|ы)?\s+([\d.,\s]+?(?:\s+и\s+[\d.]+)?)\s+(?=[^\d\s])/u.exec(text);
    if (!m) return commitments.length ? { commitments, purpose: text.replace(/^,\s*/, '') || undefined } : undefined;
    text = text.slice(m[0].length);
    let name: string;
    let short: string | undefined;
    let used: number;
    const known = instruments.find((i) => (i.cited && text.startsWith(i.cited)) || (i.short && text.startsWith(i.short)));
    const here = new RegExp(`^(.*?)\\s*\\(далее\\s*(?:${DASH}\\s*)?([^)]+)\\)`, 'u').exec(text);
    if (known) {
      name = text.startsWith(known.cited ?? '\0') ? known.cited! : known.short!;
      used = name.length;
    } else if (here && !/,\s*пункт/u.test(here[1]!)) {
      name = here[1]!.trim();
      short = here[2]!.trim();
      used = here[0].length;
    } else if (/^(.*?\d{4}\s+года)(?=[\s,]|$)/u.test(text) && !/,\s*пункт/u.test(/^(.*?\d{4}\s+года)/u.exec(text)![1]!)) {
      // "Документа Московского совещания … от 3 октября 1991 года об …": a dated name ends at its year.
      name = /^(.*?\d{4}\s+года)/u.exec(text)![1]!;
      used = name.length;
    } else {
      const upto = /^(.*?)(?=\s*,?\s+(?:о|об|касающ\S*|касательно|относительно|в\s+части|в\s+отношении|в\s+связи)\s|,?\s+и\s+пункт|,\s*пункт|$)/u.exec(text)!;
      if (!upto[1]) return undefined;
      name = upto[1].trim();
      used = upto[0].length;
    }
    const inst = known ?? instrumentFor(name, short, instruments, short ? undefined : name);
    commitments.push({ instrument: inst.id, paragraphs: listOf(m[1]!) });
    text = text.slice(used).trim();
    const more = /^(?:,\s*|,?\s*и\s+)(?=пункт)/u.exec(text);
    if (more) {
      text = text.slice(more[0].length);
      continue;
    }
    return { commitments, purpose: text.replace(/^,\s*/, '') || undefined };
  }
}

/** Kazakh: "<state> <instrument> <list>-тармақтарының <purpose>" (the verb already cut off). */
export function parseCommitmentsKk(body: string, instruments: Instrument[]): { state: string; commitments: Obj[]; purpose?: string } | undefined {
  const marks = [...body.matchAll(/(\d[\d.]*(?:\s*,\s*\d[\d.]*)*(?:\s+және\s+\d[\d.]*)?)-(?:тармақтарының|тармағының|тармақтары|тармағы)/gu)];
  if (!marks.length) return undefined;
  const first = body.slice(0, marks[0]!.index).trim();
  // The state: up to "Республикасы" when it is there, else the first word.
  const st = /^(.*?Республикасы)\s+(.*)$/u.exec(first) ?? /^(\S+)\s+(.*)$/u.exec(first);
  if (!st) return undefined;
  const commitments: Obj[] = [];
  let before = st[2]!;
  for (let k = 0; k < marks.length; k++) {
    const m = marks[k]!;
    const here = new RegExp(`^(.*?)\\s*\\(бұдан\\s+әрі\\s*(?:${DASH}\\s*)?([^)]+)\\)\\s*$`, 'u').exec(before.trim());
    const name = (here ? here[1]! : before).trim().replace(/^(?:,|және)\s*/u, '');
    if (!name) return undefined;
    const inst = instrumentFor(name, here?.[2]?.trim(), instruments, here ? undefined : name);
    commitments.push({ instrument: inst.id, paragraphs: listOf(m[1]!) });
    const next = marks[k + 1];
    const after = body.slice(m.index! + m[0].length, next ? next.index : undefined);
    if (next) before = after;
    else return { state: st[1]!, commitments, ...(after.trim() ? { purpose: after.trim() } : {}) };
  }
  return undefined;
}

/** Instruments read from commitment sentences -> the `instruments:` of document.yaml (absent when none). */
export function instrumentsData(instruments: Instrument[]): Obj {
  if (!instruments.length) return {};
  return {
    instruments: instruments.map((i) => ({
      id: i.id,
      name: { id: `instrument.${i.id}.name`, text: i.name },
      ...(i.short ? { short: { id: `instrument.${i.id}.short`, text: i.short }, cited: { id: `instrument.${i.id}.cited`, text: i.cited ?? i.short } } : {}),
    })),
  };
}
