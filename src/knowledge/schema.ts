import { Entry } from './types.js';

/** Where the generated JSON Schema lives, relative to the knowledge root. */
export const SCHEMA_FILE = 'schema.json';

/**
 * The JSON Schema of one knowledge entry, derived from the TypeBox `Entry` type, for editors
 * (`# yaml-language-server: $schema=…`). Symbols TypeBox adds are dropped by JSON.stringify.
 */
export function entryJsonSchema(): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(Entry)) as Record<string, unknown>;
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://quangninh-public-service-bot/knowledge/schema.json',
    title: 'Knowledge entry (procedure, guide or FAQ)',
    description: 'Generated from src/knowledge/types.ts by `npm run kb:check -- --write-schema`. Do not edit by hand.',
    ...plain,
  };
}

/** The exact text of knowledge/schema.json. */
export function entryJsonSchemaText(): string {
  return `${JSON.stringify(entryJsonSchema(), null, 2)}\n`;
}

/** The `$schema` comment line for a file at `relPath` (relative to the knowledge root). */
export function schemaComment(relPath: string): string {
  const depth = relPath.split(/[\\/]/).length - 1;
  const prefix = depth === 0 ? './' : '../'.repeat(depth);
  return `# yaml-language-server: $schema=${prefix}${SCHEMA_FILE}`;
}
