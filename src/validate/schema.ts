/**
 * Structural validation of YAML files against the JSON Schema in `schema/`,
 * the same schema editors use for autocompletion. Owns turning schema errors
 * into positioned diagnostics with hints; the rules in `validate/rules/`
 * check what a schema cannot (ids, references, verdicts per section kind).
 */
import type { ErrorObject } from 'ajv';
import * as compiled from './generated/schema-validators.js';
import type { Diagnostics } from '../diag/diagnostic.js';
import { didYouMean } from '../diag/suggest.js';
import type { SourceMap } from '../read/yaml-source.js';

interface CompiledValidator {
  (value: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Compiled from schema/ at build time (scripts/compile-schema.mjs): no schema compilation at start-up. */
const validators = compiled as unknown as Record<SchemaKind, CompiledValidator>;

export type SchemaKind = 'document' | 'section' | 'translation' | 'terms' | 'style';

export function validateAgainstSchema(kind: SchemaKind, value: unknown, map: SourceMap, diags: Diagnostics): boolean {
  const validate = validators[kind];
  if (validate(value)) return true;
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'if' || e.keyword === 'oneOf' || e.keyword === '$ref') continue;
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    report(e, value, map, diags);
  }
  return false;
}

/** Follows a JSON pointer into the plain value, remembering the parent for key positions. */
function locate(root: unknown, pointer: string): { parent?: object; key?: string; value: unknown } {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let parent: object | undefined;
  let key: string | undefined;
  let value: unknown = root;
  for (const p of parts) {
    parent = value as object;
    key = p;
    value = value == null ? undefined : Object.prototype.hasOwnProperty.call(value, p) ? (value as Record<string, unknown>)[p] : undefined;
  }
  return { parent, key, value };
}

/** "‘co-4’" for the nearest enclosing node with an id, else the path ("‘meta’"), else "the file". */
function describePath(root: unknown, pointer: string): string {
  if (pointer === '') return 'the file';
  const parts = pointer.split('/').slice(1);
  let value: unknown = root;
  let named: string | undefined;
  let rest: string[] = [];
  for (const p of parts) {
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[p] : undefined;
    rest.push(p);
    const id = value && typeof value === 'object' && !Array.isArray(value) ? (value as { id?: unknown }).id : undefined;
    if (typeof id === 'string') {
      named = id;
      rest = [];
    }
  }
  if (named) return rest.length ? `‘${rest.join('.')}’ of ‘${named}’` : `‘${named}’`;
  return `‘${parts.join('.')}’`;
}

function describe(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`.slice(0, 60);
}

/** What a value of a shared definition looks like, for the hint of a pattern error. */
const FORM_HINTS: Record<string, string> = {
  length: 'a length with its unit: 20mm, 2cm, 0.75in or 12pt',
  colour: 'a colour as #RRGGBB, like #1F3864',
};

function report(e: ErrorObject, root: unknown, map: SourceMap, diags: Diagnostics): void {
  const { parent, key, value } = locate(root, e.instancePath);
  const where = describePath(root, e.instancePath);
  const valuePos = () => {
    if (parent && key !== undefined) {
      if (Array.isArray(parent)) return map.element(parent, Number(key));
      return map.value(parent, key);
    }
    return map.start();
  };
  switch (e.keyword) {
    case 'additionalProperties': {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      diags.error(
        (value && typeof value === 'object' ? map.key(value, extra) : undefined) ?? valuePos(),
        'unknown-key',
        `unknown key ‘${extra}’ in ${where}`,
        didYouMean(extra, allowed) ?? `allowed keys: ${allowed.join(', ')}`,
      );
      return;
    }
    case 'required': {
      const missing = (e.params as { missingProperty: string }).missingProperty;
      diags.error(map.of(value as object) ?? valuePos(), 'missing-field', `${where} has no ‘${missing}’`, `add ${missing}: …`);
      return;
    }
    case 'enum': {
      const allowed = ((e.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String);
      const isVerdict = key === 'verdict';
      diags.error(
        valuePos(),
        isVerdict ? 'unknown-verdict' : 'invalid-value',
        isVerdict ? `unknown verdict code ‘${String(value)}’` : `${where} is ${describe(value)}, not one of ${allowed.join(', ')}`,
        didYouMean(String(value), allowed) ?? `use one of: ${allowed.join(', ')}`,
      );
      return;
    }
    case 'type':
      diags.error(valuePos(), 'wrong-type', `${where} must be ${(e.params as { type: string | string[] }).type.toString().replace(',', ' or ')}, not ${describe(value)}`);
      return;
    case 'pattern':
      if (key === 'id' || (e.schemaPath.includes('/id/') || e.schemaPath.endsWith('id/pattern'))) {
        diags.error(valuePos(), 'invalid-id', `id ${JSON.stringify(value)} may hold only lower-case letters, digits, ‘-’ and ‘.’`, 'ids never change once set; choose one like co-12.s3');
      } else {
        const described = Object.entries(FORM_HINTS).find(([def]) => e.schemaPath.includes(`/$defs/${def}/`));
        diags.error(valuePos(), 'invalid-value', `${where} ${JSON.stringify(value)} does not have the expected form`, described ? described[1] : e.message);
      }
      return;
    default:
      diags.error(valuePos(), 'invalid-value', `${where} ${e.message ?? 'is not valid'}`);
  }
}
