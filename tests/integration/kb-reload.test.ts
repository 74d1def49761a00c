import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeEntryFile } from '../../src/knowledge/write.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { entryYaml, makeKnowledge } from '../helpers/kb-fixture.js';
import { waitFor } from '../helpers/wait.js';

const BEES = 'procedures/agriculture/1.000001.yaml';
const MUSHROOM = 'procedures/agriculture/1.000002.yaml';

describe('knowledge hot reload on a running server', () => {
  let t: TestApp;
  let root: string;
  let base: string;
  const ask = async (text: string) => {
    const res = await fetch(`${base}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: `u${Math.random()}`, text, lang: 'vi' }) });
    return { status: res.status, body: (await res.json()) as { match: { id: string | null; title: string | null } } };
  };

  beforeAll(async () => {
    root = makeKnowledge({
      [BEES]: entryYaml('1.000001', { title: 'Đăng ký nuôi ong mật', examples: '[đăng ký nuôi ong mật ở đâu]' }),
      [MUSHROOM]: entryYaml('1.000002', { title: 'Cấp phép trồng rừng keo', examples: '[xin phép trồng rừng keo]' }),
      'lexicon/.keep.yaml': '',
    });
    writeFileSync(path.join(root, 'schema.json'), readFileSync('knowledge/schema.json'));
    t = await startTestApp({ KNOWLEDGE_DIR: root, KNOWLEDGE_RELOAD: 'true' });
    base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves an edited example without a restart, without failing requests in flight', async () => {
    const before = await ask('nuôi ong mật');
    expect(before.body.match.id).toBe('1.000001');
    expect((await ask('trồng nấm linh chi')).body.match.id).not.toBe('1.000002');

    // requests keep arriving, two at a time, from before the edit until the edit is served
    let served = false;
    const statuses: number[] = [];
    const keepAsking = async () => {
      while (!served) statuses.push((await ask('nuôi ong mật')).status);
    };
    const inFlight = [keepAsking(), keepAsking()];
    await writeEntryFile(root, MUSHROOM, entryYaml('1.000002', { title: 'Cấp phép trồng rừng keo', examples: '[xin phép trồng rừng keo, trồng nấm linh chi]' }));
    const value = await waitFor(() => ask('trồng nấm linh chi'), (r) => r.body.match.id === '1.000002');
    served = true;
    await Promise.all(inFlight);
    expect(value.body.match.id).toBe('1.000002');
    expect(statuses.length).toBeGreaterThan(1);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(t.services.knowledgeReload?.lastError()).toBeNull();
  });

  it('sees a file replaced by a rename (an atomic save, rsync, git checkout), and edits to it after that', async () => {
    // the new text is written outside the knowledge folder, so no temporary file shows up in it
    const outside = mkdtempSync(path.join(os.tmpdir(), 'kb-replace-'));
    const replace = (title: string) => {
      writeFileSync(path.join(outside, 'next.yaml'), entryYaml('1.000001', { title, examples: '[đăng ký nuôi ong mật ở đâu]' }));
      renameSync(path.join(outside, 'next.yaml'), path.join(root, BEES));
    };
    const titled = (title: string) => waitFor(() => ask('nuôi ong mật'), (r) => r.body.match.title === title);
    replace('Đăng ký nuôi ong mật (bản 1)');
    expect((await titled('Đăng ký nuôi ong mật (bản 1)')).body.match.title).toBe('Đăng ký nuôi ong mật (bản 1)');
    replace('Đăng ký nuôi ong mật (bản 2)');
    expect((await titled('Đăng ký nuôi ong mật (bản 2)')).body.match.title).toBe('Đăng ký nuôi ong mật (bản 2)');
    writeFileSync(path.join(root, BEES), entryYaml('1.000001', { title: 'Đăng ký nuôi ong mật', examples: '[đăng ký nuôi ong mật ở đâu]' }));
    expect((await titled('Đăng ký nuôi ong mật')).body.match.title).toBe('Đăng ký nuôi ong mật');
    rmSync(outside, { recursive: true, force: true });
  });

  it('keeps serving the last good knowledge after a broken edit and reports it with file:line', async () => {
    const good = await ask('nuôi ong mật');
    expect(good.body.match.title).toBe('Đăng ký nuôi ong mật');
    writeFileSync(path.join(root, BEES), entryYaml('1.000001', { title: 'Nuôi ong rừng' }, 'online:\n\tmode: full\n'));
    const value = await waitFor(async () => t.services.knowledgeReload?.lastError() ?? null, (e) => e !== null);
    expect(value?.problems).toEqual([`${BEES}:9:1 tab used for indentation; indent with spaces`]);
    const still = await ask('nuôi ong mật');
    expect(still.status).toBe(200);
    expect(still.body.match.title).toBe('Đăng ký nuôi ong mật');
    const ready = await t.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().rejectedEdit.problems[0]).toContain(`${BEES}:9:1`);

    writeFileSync(path.join(root, BEES), entryYaml('1.000001', { title: 'Đăng ký nuôi ong mật rừng' }));
    const fixed = await waitFor(() => ask('nuôi ong mật'), (r) => r.body.match.title === 'Đăng ký nuôi ong mật rừng');
    expect(fixed.body.match.title).toBe('Đăng ký nuôi ong mật rừng');
    expect(t.services.knowledgeReload?.lastError()).toBeNull();
  });
});
