import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadConfig } from '../../src/config.js';
import { LANGS } from '../../src/domain/messages.js';
import type { LocaleFile } from '../../src/replies/locales.js';
import { openStore } from '../../src/store/open-store.js';
import { makeRepliesKnowledge } from '../helpers/replies-fixture.js';

const run = promisify(execFile);
/** The compiled CLI (dist/, built by tests/global-setup.ts): `npm run locales:check` runs the same code through tsx. */
const LOCALES_CHECK = 'dist/cli/locales-check.js';

describe('npm run locales:check -- --json', () => {
  let dataDir: string;
  let localesDir: string;
  let knowledgeDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-traffic-'));
    localesDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-traffic-locales-'));
    knowledgeDir = makeRepliesKnowledge();
    cpSync(path.resolve('locales'), localesDir, { recursive: true });
    const tay = YAML.parse(readFileSync(path.join(localesDir, 'tay.yaml'), 'utf8'));
    tay.review['label.fee'] = 'reviewed';
    writeFileSync(path.join(localesDir, 'tay.yaml'), YAML.stringify(tay));
    const store = await openStore(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { warn: () => undefined, error: () => undefined, info: () => undefined, debug: () => undefined } as never);
    const now = Date.now();
    // 3 showings of label.fee (reviewed in Tày), 1 of label.where (draft), 40 days ago: not counted
    for (const shown of [['label.fee', 'label.where'], ['label.fee'], ['label.fee']]) await store.recordEvent({ at: now, channel: 'api', lang: 'vi', decision: 'smalltalk', shown });
    await store.recordEvent({ at: now - 40 * 86_400_000, channel: 'api', lang: 'vi', decision: 'smalltalk', shown: ['label.where', 'label.where'] });
    await store.close();
  });

  afterAll(() => {
    for (const d of [dataDir, localesDir, knowledgeDir]) rmSync(d, { recursive: true, force: true });
  });

  it('reports strings, reviewed, draft and the share of last month\'s traffic that is reviewed', async () => {
    const { stdout } = await run(process.execPath, [LOCALES_CHECK, localesDir, '--json'], { env: { ...process.env, DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledgeDir, DATABASE_URL: '' } });
    const { languages } = JSON.parse(stdout);
    expect(languages.tay).toMatchObject({ strings: 11, reviewed: 1, draft: 10, trafficCoverage: 75 });
    expect(languages['dao-kimmun']).toMatchObject({ strings: 0, reviewed: 0, draft: 0, trafficCoverage: 0 });
    expect(languages['dao-iumien']).toMatchObject({ strings: 2, trafficCoverage: 0 });
    expect(languages.vi.trafficCoverage).toBe(100);
  }, 60_000);
});

describe('npm run locales:check', () => {
  it('exits 1 on a broken placeholder and 0 on the real files', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-locales-'));
    try {
      for (const lang of LANGS) cpSync(path.resolve('locales', `${lang}.yaml`), path.join(dir, `${lang}.yaml`));
      const ok = await run(process.execPath, [LOCALES_CHECK]);
      expect(ok.stdout).toMatch(/^vi: 100% of vi keys/m);
      expect(ok.stdout).toMatch(/^tay: [\d.]+% of vi keys/m);
      const en = YAML.parse(readFileSync(path.join(dir, 'en.yaml'), 'utf8')) as LocaleFile;
      en.strings['handoff.waiting'] = 'I told {commune}; wait {minuts} minutes.';
      writeFileSync(path.join(dir, 'en.yaml'), YAML.stringify(en));
      const bad = await run(process.execPath, [LOCALES_CHECK, dir]).then(() => null, (err: { code: number; stderr: string }) => err);
      expect(bad?.code).toBe(1);
      expect(bad?.stderr).toMatch(/placeholder mismatch handoff\.waiting/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
