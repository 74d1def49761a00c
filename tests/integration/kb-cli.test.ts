import { execFile } from 'node:child_process';
import { copyFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { writeEntryFile } from '../../src/knowledge/write.js';
import { entryYaml, makeKnowledge } from '../helpers/kb-fixture.js';

const run = promisify(execFile);
/** Runs a compiled CLI (dist/, built by tests/global-setup.ts): `npm run kb:*` runs the same code through tsx. */
async function cli(script: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [path.resolve('dist/cli', script), ...args], { env: { ...process.env, KNOWLEDGE_DIR: '' } });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

describe('npm run kb:import and kb:check', () => {
  const root = makeKnowledge({ 'lexicon/.keep': '' });
  copyFileSync('knowledge/schema.json', path.join(root, 'schema.json'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('imports a CSV with a column map, then checks clean and prints the counts', async () => {
    const csv = path.join(root, '..', `${path.basename(root)}-cat.csv`);
    writeFileSync(csv, 'code,name,field,cap,agency\n1.000001,Đăng ký nuôi ong,Nông nghiệp,Cấp xã,UBND xã\n2.000002,Việc của bộ,Thuế,Cấp bộ,Bộ\n');
    const imp = await cli('kb-import.js', [csv, '--knowledge', root, '--map', 'name=title,cap=level', '--source-name', 'test']);
    rmSync(csv);
    expect(imp.code).toBe(0);
    expect(imp.out).toContain('added 1, updated 0, unchanged 0, rejected 1');
    expect(imp.out).toContain('rejected 1: level not imported: ministry (e.g. 2.000002)');
    expect(readdirSync(path.join(root, 'procedures/agriculture'))).toEqual(['1.000001.yaml']);
    const check = await cli('kb-check.js', ['--dir', root]);
    expect(check.out).toContain('entries: 1 (curated 0, catalogue-only 1)');
    expect(check.out).toContain('by domain: agriculture 1');
    expect(check.out).toContain('tay: 0 reviewed, 0 draft');
    expect(check.code).toBe(0);
  }, 90_000); // spawns a CLI three times: slow on a busy machine

  it('exits 1 and prints file:line:col for a broken entry', async () => {
    await writeEntryFile(root, 'procedures/agriculture/1.000001.yaml', entryYaml('1.000001', { level: 'xa' }));
    const check = await cli('kb-check.js', ['--dir', root]);
    expect(check.code).toBe(1);
    expect(check.out).toContain('procedures/agriculture/1.000001.yaml:7:8 level must be one of: commune, district, province, ministry, other (got "xa")');
  });

  it('refuses to write outside the knowledge folder', async () => {
    await expect(writeEntryFile(root, '../evil.yaml', 'x')).rejects.toThrow(/inside the knowledge folder/);
  });
});
