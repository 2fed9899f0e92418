/**
 * The hash a translation keeps of the source text it was made from. Owns the
 * one definition, so the reader, the exporters and `status` agree on staleness.
 */
import { createHash } from 'node:crypto';

/** First 16 hex digits of SHA-256 of the source text with line endings normalised. */
export function sourceHash(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n?/g, '\n'), 'utf8').digest('hex').slice(0, 16);
}
