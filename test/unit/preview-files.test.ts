/**
 * Which paths the preview serves from the document's folder: only regular
 * files inside it, however the path is encoded.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentFile } from '../../src/preview/server.js';
import { tempDir } from '../helpers/tools.js';

describe('documentFile', () => {
  const base = realpathSync(tempDir('served-'));
  const root = join(base, 'doc');
  mkdirSync(join(root, 'translations'), { recursive: true });
  writeFileSync(join(root, 'critical.yaml'), 'a: 1\n');
  writeFileSync(join(root, 'translations', 'kk.yaml'), 'b: 2\n');
  writeFileSync(join(root, '.hidden.yaml'), 'c: 3\n');
  writeFileSync(join(base, 'secret.yaml'), 'secret: 1\n');
  // A sibling folder whose name starts with the document folder's.
  mkdirSync(join(base, 'doc-private'));
  writeFileSync(join(base, 'doc-private', 'x.yaml'), 'x: 1\n');
  symlinkSync(join(base, 'secret.yaml'), join(root, 'link.yaml'));
  symlinkSync(join(root, 'critical.yaml'), join(root, 'inner-link.yaml'));

  it('serves files inside the folder', () => {
    expect(documentFile(root, 'critical.yaml')).toBe(join(root, 'critical.yaml'));
    expect(documentFile(root, 'translations/kk.yaml')).toBe(join(root, 'translations', 'kk.yaml'));
    expect(documentFile(root, 'translations%2Fkk.yaml')).toBe(join(root, 'translations', 'kk.yaml'));
    expect(documentFile(root, 'inner-link.yaml')).toBe(join(root, 'critical.yaml'));
  });

  it('refuses everything else', () => {
    for (const p of [
      '../secret.yaml', '..%2fsecret.yaml', '..%2Fsecret.yaml', '%2e%2e/secret.yaml', '%2e%2e%2fsecret.yaml', 'translations/../../secret.yaml',
      'translations/..%2f..%2fsecret.yaml', '..%5csecret.yaml', '%2F' + encodeURIComponent(join(base, 'secret.yaml')).slice(3), encodeURIComponent(join(base, 'secret.yaml')),
      '/etc/passwd', '%2Fetc%2Fpasswd', 'C:%5Cwindows', 'link.yaml', '.hidden.yaml', 'translations', '', 'critical.yaml%00', '%E0%A4%A',
      '../doc-private/x.yaml', '..%2fdoc-private%2fx.yaml', 'missing.yaml',
    ]) {
      expect(documentFile(root, p), p).toBeUndefined();
    }
  });
});
