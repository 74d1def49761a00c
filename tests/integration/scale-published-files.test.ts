import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import YAML from 'yaml';
import { createTestSchema, type TestSchema } from '../helpers/pg-schema.js';
import { postgresAvailable } from '../helpers/require.js';
import type { TranslationTestApp } from '../helpers/translation-app.js';
import { until } from '../helpers/wait.js';

const pgReady = await postgresAvailable();
const ID = '1.001193';

/** Each app from its own module graph, as in two processes, on its own knowledge/ and locales/ copies: only the database is shared. */
async function separateInstance(env: Record<string, string>): Promise<TranslationTestApp> {
  vi.resetModules();
  const { startTranslationApp } = await import('../helpers/translation-app.js');
  return startTranslationApp(env);
}

describe.skipIf(!pgReady)('knowledge and translations edited on one instance reach every instance (one PostgreSQL)', () => {
  let schema: TestSchema;
  let a: TranslationTestApp;
  let b: TranslationTestApp;
  const started: TranslationTestApp[] = [];
  beforeAll(async () => {
    schema = await createTestSchema('files');
    a = await separateInstance({ DATABASE_URL: schema.url });
    b = await separateInstance({ DATABASE_URL: schema.url });
    started.push(a, b);
  }, 120_000);
  afterAll(async () => {
    for (const t of started) await t.close();
    await schema?.drop();
  }, 60_000);

  it('serves on B an entry saved on A, in B\'s folder too, and refuses B\'s save over the text it had loaded before (409)', async () => {
    const [onA, onB] = [await a.login('binh'), await b.login('binh')];
    const loadedA = await a.api('GET', `/admin/api/entries/${ID}`, onA);
    const loadedB = await b.api('GET', `/admin/api/entries/${ID}`, onB);
    const saved = await a.api('PUT', `/admin/api/entries/${ID}`, onA, { text: loadedA.body.text.replace(/^fee: .*$/m, 'fee: Miễn phí (edited on A)'), baseHash: loadedA.body.hash });
    expect(saved.status).toBe(200);
    // B applies it by itself (it follows the database every PUBLISHED_SYNC_MS)
    expect(await until(() => b.services.knowledge.current().kb.entries.get(ID)?.fee?.includes('edited on A') === true, 15_000)).toBe(true);
    const rel = b.services.knowledge.current().kb.files.get(ID) ?? '';
    expect(readFileSync(path.join(b.knowledgeDir, rel), 'utf8')).toContain('edited on A');
    expect((await b.api('GET', `/admin/api/entries/${ID}`, onB)).body.hash).toBe(saved.body.hash);
    const stale = await b.api('PUT', `/admin/api/entries/${ID}`, onB, { text: loadedB.body.text.replace(/^fee: .*$/m, 'fee: Miễn phí (stale on B)'), baseHash: loadedB.body.hash });
    expect(stale.status).toBe(409);
    expect(b.services.knowledge.current().kb.entries.get(ID)?.fee).toContain('edited on A');
  }, 60_000);

  it('starts a new instance with what was published before it started', async () => {
    const c = await separateInstance({ DATABASE_URL: schema.url });
    started.push(c);
    expect(c.services.knowledge.current().kb.entries.get(ID)?.fee).toContain('edited on A');
  }, 60_000);

  it('shows on B a translation saved on A', async () => {
    const tay = await a.login('tay1');
    const put = await a.api('PUT', '/admin/api/translations', tay, { lang: 'tay', key: 'label.steps', text: 'TEST-TÀY các bước (A)' });
    expect(put.status).toBe(200);
    expect(await until(() => b.services.locales.files.get('tay')?.strings?.['label.steps'] === 'TEST-TÀY các bước (A)', 15_000)).toBe(true);
    expect(YAML.parse(readFileSync(path.join(b.localesDir, 'tay.yaml'), 'utf8')).strings['label.steps']).toBe('TEST-TÀY các bước (A)');
  }, 60_000);
});
