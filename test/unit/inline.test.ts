import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { footnoteRefs, parseInline, plainText, type InlineSpan } from '../../src/model/inline.js';

describe('inline syntax', () => {
  it('parses footnote references, emphasis and strong', () => {
    expect(parseInline('a *b* **c**[^fn-1] d')).toEqual([
      { kind: 'text', text: 'a ', emphasis: false, strong: false },
      { kind: 'text', text: 'b', emphasis: true, strong: false },
      { kind: 'text', text: ' ', emphasis: false, strong: false },
      { kind: 'text', text: 'c', emphasis: false, strong: true },
      { kind: 'footnote', id: 'fn-1', offset: 11 },
      { kind: 'text', text: ' d', emphasis: false, strong: false },
    ]);
  });

  it('keeps lone markers, brackets and markup characters literal', () => {
    expect(plainText('5 * 3 [and] <w:t> & {{x}} ]]>')).toBe('5 * 3 [and] <w:t> & {{x}} ]]>');
    expect(plainText('\\*not emphasis\\* \\[^x]')).toBe('*not emphasis* [^x]');
    expect(footnoteRefs('text [^ bad id] and [^co-4.fn1]')).toEqual([{ id: 'co-4.fn1', offset: 20 }]);
  });
});

/** The scanner as it was before literal runs were appended whole: one character at a time. */
function scanByCharacter(source: string): InlineSpan[] {
  const spans: InlineSpan[] = [];
  let emphasis = false;
  let strong = false;
  let buf = '';
  const flush = () => {
    if (buf) spans.push({ kind: 'text', text: buf, emphasis, strong });
    buf = '';
  };
  const closes = (from: number, marker: string): boolean => {
    for (let j = from; j < source.length; j++) {
      if (source[j] === '\\') j++;
      else if (source.startsWith(marker, j) && (marker === '**' || source[j + 1] !== '*')) return true;
    }
    return false;
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\' && i + 1 < source.length && ['*', '[', '\\', ']'].includes(source[i + 1]!)) {
      buf += source[++i];
    } else if (c === '[' && source[i + 1] === '^') {
      const end = source.indexOf(']', i + 2);
      const id = end > 0 ? source.slice(i + 2, end) : '';
      if (end > 0 && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) {
        flush();
        spans.push({ kind: 'footnote', id, offset: i });
        i = end;
      } else buf += c;
    } else if (c === '*' && source[i + 1] === '*' && (strong || closes(i + 2, '**'))) {
      flush();
      strong = !strong;
      i++;
    } else if (c === '*' && (emphasis || closes(i + 1, '*'))) {
      flush();
      emphasis = !emphasis;
    } else buf += c;
  }
  flush();
  return spans;
}

describe('inline syntax, scanned by runs', () => {
  it('gives the spans a character-by-character scan gives, for any text of syntax and letters', () => {
    const text = fc.array(fc.constantFrom('*', '**', '\\', '[', ']', '[^', '[^fn-1]', '[^a b]', 'ab', ' ', 'Қ', '😀', '\\*', '\\[', '\\\\', 'x'), { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, (t) => {
        expect(parseInline(t)).toEqual(scanByCharacter(t));
      }),
      { numRuns: 3000 },
    );
  });
});
