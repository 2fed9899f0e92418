/**
 * The contract of a validation rule: an id (printed in every message) and a
 * check over the model. Rules only report; they never change the model.
 */
import type { Diagnostics } from '../diag/diagnostic.js';
import type { ResponseDocument } from '../model/types.js';

export interface Rule {
  id: string;
  description: string;
  check(doc: ResponseDocument, diags: Diagnostics): void;
}
