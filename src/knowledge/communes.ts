import { Ajv } from 'ajv';
import { Type } from '@sinclair/typebox';
import type { KnowledgeProblem } from './problems.js';
import { CommuneSchema, type Commune } from './types.js';
import { readYamlFile } from './lexicon.js';

const CommunesFile = Type.Object({ source: Type.Optional(Type.Array(Type.String())), communes: Type.Array(CommuneSchema) }, { additionalProperties: true });
let compiled: ReturnType<Ajv['compile']> | undefined;
/** Compiled on first use: a start from the knowledge snapshot never needs it. */
const validator = () => (compiled ??= new Ajv({ allErrors: true, strict: false }).compile(CommunesFile));

/** Loads knowledge/communes.yaml (missing file → no communes); problems point at the file. */
export async function loadCommunes(root: string, problems: KnowledgeProblem[]): Promise<Commune[]> {
  const data = await readYamlFile(root, 'communes.yaml', problems);
  if (data === undefined || data === null) return [];
  const validate = validator();
  if (!validate(data)) {
    for (const err of validate.errors ?? []) {
      problems.push({ file: 'communes.yaml', line: 1, col: 1, severity: 'error', message: `${err.instancePath || 'communes.yaml'} ${err.message ?? 'is invalid'}` });
    }
    return [];
  }
  const communes = (data as { communes: Commune[] }).communes;
  const seen = new Set<string>();
  for (const c of communes) {
    if (seen.has(c.code)) problems.push({ file: 'communes.yaml', line: 1, col: 1, severity: 'error', message: `duplicate commune code ${c.code}` });
    seen.add(c.code);
  }
  return communes;
}
