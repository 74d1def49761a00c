import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TeamDirectory } from '../../src/handoff/teams.js';

const member = (id: string) => `members:\n  - { id: ${id}, channel: zalo, name: ${id}, communes: [a], role: member }\n`;

describe('TeamDirectory', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-teams-'));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('re-reads teams.yaml when it changes and keeps the last good list on a broken edit', async () => {
    const file = path.join(dir, 'teams.yaml');
    const errors: string[] = [];
    const log = { info() {}, debug() {}, warn() {}, error: (o: object) => void errors.push(JSON.stringify(o)) };
    let now = 1_000_000;
    const teams = new TeamDirectory(file, log, () => now);
    expect(await teams.list()).toEqual([]); // no file: no members

    writeFileSync(file, member('demo-a'));
    now += 2000;
    expect((await teams.find('zalo', 'demo-a'))?.name).toBe('demo-a');

    writeFileSync(file, member('demo-b'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    now += 2000;
    expect(await teams.find('zalo', 'demo-a')).toBeUndefined();
    expect(await teams.find('zalo', 'demo-b')).toBeDefined();

    writeFileSync(file, 'members: [ { id: broken');
    utimesSync(file, new Date(), new Date(Date.now() + 10_000));
    now += 2000;
    expect(await teams.find('zalo', 'demo-b')).toBeDefined();
    expect(errors.join()).toMatch(/teams.yaml/);
  });
});
