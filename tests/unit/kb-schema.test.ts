import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkKnowledge, ENTRY_DIRS, listYaml } from '../../src/knowledge/load.js';
import { entryJsonSchemaText, schemaComment } from '../../src/knowledge/schema.js';

const ROOT = path.resolve('knowledge');

describe('the shipped knowledge base', () => {
  it('has schema.json generated from src/knowledge/types.ts (run npm run kb:check -- --write-schema)', () => {
    expect(readFileSync(path.join(ROOT, 'schema.json'), 'utf8')).toBe(entryJsonSchemaText());
  });

  it('points every entry file at the schema with the right relative path', async () => {
    const files = (await Promise.all(ENTRY_DIRS.map((d) => listYaml(ROOT, d)))).flat();
    const wrong = files.filter((rel) => readFileSync(path.join(ROOT, rel), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/)[0] !== schemaComment(rel));
    expect(wrong).toEqual([]);
    expect(schemaComment('procedures/land/1.000001.yaml')).toBe('# yaml-language-server: $schema=../../schema.json');
    expect(schemaComment('guides/install-vneid.yaml')).toBe('# yaml-language-server: $schema=../schema.json');
  });

  // Issue 12: other provinces' own procedures are no longer imported, so the national superset
  // shrank from 2,604 to about 1,900 entries that Quang Ninh villagers can use.
  it('passes every check, with the catalogue imported (at least 1,850 province and commune procedures)', async () => {
    const report = await checkKnowledge(ROOT);
    expect(report.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const local = report.entries.filter((e) => e.kind === 'procedure' && (e.levels ?? [e.level]).some((l) => l === 'province' || l === 'commune'));
    expect(local.length).toBeGreaterThanOrEqual(1850);
  });
});
