import { describe, expect, it } from 'vitest';
import { footnoteRefs, parseInline, plainText } from '../../src/model/inline.js';

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
