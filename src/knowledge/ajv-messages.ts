import type { ErrorObject } from 'ajv';

/** Field path as an admin reads it: `/steps/2/text` → `steps[2].text`. */
export function fieldName(instancePath: string, extra?: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out || 'the entry';
}

function describeValue(v: unknown): string {
  if (v === null) return 'nothing (null)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `"${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`;
  return `${typeof v} ${String(v)}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text', integer: 'a whole number', number: 'a number', boolean: 'true or false', array: 'a list', object: 'a mapping (field: value lines)',
};

/** Allowed constants of an `anyOf` of literals, or null when the union is of something else. */
function literalChoices(parentSchema: unknown): string[] | null {
  const anyOf = (parentSchema as { anyOf?: { const?: unknown }[] } | undefined)?.anyOf;
  if (!anyOf?.every((s) => typeof s.const === 'string')) return null;
  return anyOf.map((s) => String(s.const));
}

/** One ajv error → a sentence that says what is allowed. Needs ajv's `verbose: true`. */
export function describeAjvError(err: ErrorObject): string {
  const field = fieldName(err.instancePath);
  const p = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'required':
      return `missing field "${fieldName(err.instancePath === '' ? '' : err.instancePath, String(p.missingProperty)).replace(/^the entry\./, '')}"`;
    case 'additionalProperties':
      return `unknown field "${String(p.additionalProperty)}"; allowed: ${Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {}).join(', ')}`;
    case 'type':
      return `${field} must be ${TYPE_WORDS[String(p.type)] ?? p.type}, got ${describeValue(err.data)}`;
    case 'anyOf': {
      const choices = literalChoices(err.parentSchema);
      if (choices) return `${field} must be one of: ${choices.join(', ')} (got ${describeValue(err.data)})`;
      return `${field} does not match any allowed form`;
    }
    case 'maxLength':
      if (/steps\[\d+\]\.text$/.test(field)) {
        return `${field} is ${String(err.data).length} characters; a step must fit a phone screen: at most ${String(p.limit)}`;
      }
      return `${field} is too long: at most ${String(p.limit)} characters`;
    case 'minLength':
      return `${field} must not be empty`;
    case 'format':
      return p.format === 'uri' ? `${field} must be a full URL like https://…, got ${describeValue(err.data)}` : `${field} must be a valid ${String(p.format)}`;
    case 'pattern':
      return field.endsWith('updated') ? `${field} must be a date written YYYY-MM-DD, got ${describeValue(err.data)}` : `${field} must match ${String(p.pattern)}`;
    case 'minimum':
      return `${field} must be at least ${String(p.limit)}`;
    default:
      return `${field} ${err.message ?? 'is invalid'}`;
  }
}

/** Drops the per-branch `const` errors that an `anyOf` error already summarises. */
export function dropUnionNoise(errors: ErrorObject[]): ErrorObject[] {
  const unions = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => `${e.instancePath}|${e.schemaPath}`));
  return errors.filter((e) => {
    const m = /^(.*\/anyOf)\/\d+\//.exec(e.schemaPath);
    return !(m && unions.has(`${e.instancePath}|${m[1]}`));
  });
}
