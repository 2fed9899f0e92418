/**
 * Ids from text in any script: Cyrillic (Russian and Kazakh letters) is
 * transliterated to Latin, anything else becomes "-", so an id always matches
 * the data format's pattern (lower-case letters, digits, "-", "."). Owns no
 * knowledge of what the ids name.
 */
const LETTERS: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia',
  ә: 'a', ғ: 'g', қ: 'q', ң: 'n', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i',
};

export function transliterate(text: string): string {
  let out = '';
  for (const c of text.toLowerCase().normalize('NFC')) out += LETTERS[c] ?? c;
  return out;
}

/** "Средства массовой информации" -> "sredstva-massovoi-informatsii" (at most `max` characters, cut at a word end). */
export function slugOf(text: string, max = 30): string {
  const slug = transliterate(text)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const at = cut.lastIndexOf('-');
  return (at > 0 ? cut.slice(0, at) : slug.slice(0, max)).replace(/-+$/, '');
}

/** Hands out ids, unique in one document: a taken id gets "-2", "-3" … */
export class IdPool {
  private readonly taken = new Set<string>();

  claim(wanted: string, fallback: string): string {
    let base = /^[a-z0-9][a-z0-9.-]*$/.test(wanted) ? wanted : fallback;
    if (!/^[a-z0-9][a-z0-9.-]*$/.test(base)) base = 'x';
    let id = base;
    for (let n = 2; this.taken.has(id); n++) id = `${base}-${n}`;
    this.taken.add(id);
    return id;
  }
}
