/**
 * Containment: the PDF engine fetches no URL and reads no file; templates
 * cannot reach prototypes (Handlebars' prototype access is off).
 */
import { describe, expect, it } from 'vitest';
import Handlebars from 'handlebars';
import { packPdf } from '../../src/render/pdf/pack.js';
import { ptSerifFaces } from '../../src/paths.js';

const base = { content: [{ text: 'x' }], defaultStyle: { font: 'PT Serif' }, fontFiles: { 'PT Serif': ptSerifFaces() } };

describe('the PDF engine is contained', () => {
  it('refuses to fetch an image from a URL', async () => {
    await expect(packPdf({ ...base, content: [{ image: 'https://example.org/a.png' }] })).rejects.toThrow(/not allowed|denied|access/i);
  });
  it('refuses to read a local file', async () => {
    await expect(packPdf({ ...base, content: [{ image: '/etc/passwd' }] })).rejects.toThrow();
  });
  it('renders plain content', async () => {
    const bytes = await packPdf(base);
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
  });
});

describe('templates cannot reach prototypes', () => {
  it('constructor and __proto__ resolve to nothing', () => {
    const env = Handlebars.create();
    const t = env.compile('[{{constructor.name}}][{{__proto__}}][{{lookup this "constructor"}}]');
    expect(t({ a: 1 })).toBe('[][][]');
  });
});
