import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type MergedDetail, mergeDetails } from '../../src/knowledge/import/detail-to-entry.js';
import { parseRecordA, parseRecordB, type PortalDetail } from '../../src/knowledge/import/portal-detail.js';
import { loadImportRules } from '../../src/knowledge/import/rules-files.js';

/**
 * Real national-portal records copied unchanged into tests/fixtures/portal, read the way
 * `npm run kb:import` reads them, for the importer's golden tests.
 */
const FIXTURES = path.resolve('tests/fixtures/portal');
export const rules = loadImportRules(path.resolve('knowledge'));
/** "Today" for dated facts in these tests. */
export const TODAY = new Date('2026-11-29T00:00:00Z');

function record(rel: string): PortalDetail {
  const text = readFileSync(path.join(FIXTURES, rel), 'utf8');
  return rel.endsWith('.json') ? parseRecordA(JSON.parse(text)) : parseRecordB(text);
}
/** A set-A record by `<ministry folder>/<code>`. */
export const recordA = (rel: string) => record(`national-portal-a/${rel}.json`);
/** A set-B record by its code. */
export const recordB = (code: string) => record(`national-portal-b/${code.replace('.', '_')}_procedure_detail.md`);

export function merged(...details: PortalDetail[]): MergedDetail {
  const m = mergeDetails(details);
  if (!m) throw new Error('no record');
  return m;
}
