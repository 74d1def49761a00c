import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/handoff/commands.js';
import { searchCommunes } from '../../src/handoff/communes.js';
import { normaliseCaseId } from '../../src/handoff/desk.js';
import { mayServe, parseTeams } from '../../src/handoff/teams.js';
import { deliveryWindow } from '../../src/handoff/windows.js';

const HOUR = 3_600_000;

describe('member commands', () => {
  it('parses the commands with or without Vietnamese marks', () => {
    expect(parseCommand('/nhan 12')).toEqual({ name: 'take', caseId: '12' });
    expect(parseCommand('/nhận #12')).toEqual({ name: 'take', caseId: '#12' });
    expect(parseCommand('/tl 12 Bạn mang căn cước.')).toEqual({ name: 'reply', caseId: '12', text: 'Bạn mang căn cước.' });
    expect(parseCommand('/xong c7')).toEqual({ name: 'close', caseId: 'c7' });
    expect(parseCommand('/chuyển Sổ đỏ mất làm lại ở đâu? #tien-yen')).toEqual({ name: 'forward', question: 'Sổ đỏ mất làm lại ở đâu?', communeCode: 'tien-yen' });
    expect(parseCommand('/chuyen hỏi #2 lần')).toEqual({ name: 'forward', question: 'hỏi #2 lần', communeCode: undefined });
    expect(parseCommand('/ca')).toEqual({ name: 'list' });
    expect(parseCommand('/help')).toEqual({ name: 'help' });
  });

  it('leaves ordinary text and unknown slashes alone', () => {
    expect(parseCommand('làm giấy khai sinh')).toBeNull();
    expect(parseCommand('/start')).toBeNull();
    expect(parseCommand('1/2 mẫu')).toBeNull();
  });

  it('reads case ids typed in several ways', () => {
    expect(['12', '#12', 'c12', 'C12', ' 12 '].map(normaliseCaseId)).toEqual(['12', '12', '12', '12', '12']);
  });
});

describe('teams.yaml', () => {
  it('the shipped file is valid and holds only demo members', () => {
    const members = parseTeams(readFileSync('knowledge/teams.yaml', 'utf8'));
    expect(members.length).toBeGreaterThan(0);
    for (const m of members) expect(m.id).toMatch(/^demo-/);
    expect(members.some((m) => m.role === 'admin')).toBe(true);
  });

  it('rejects a broken file with the field and reason', () => {
    expect(() => parseTeams('members:\n  - { id: x, channel: zalo, name: X, role: boss, communes: [] }\n')).toThrow(/TEAMS_INVALID: .*role/);
    expect(() => parseTeams('members:\n  - { id: x, channel: zalo, name: X, role: member }\n')).toThrow(/communes/);
    const twice = '  - { id: x, channel: zalo, name: X, role: member, communes: [a] }\n';
    expect(() => parseTeams(`members:\n${twice}${twice}`)).toThrow(/twice/);
  });

  it('members serve their communes; admins serve all', () => {
    const [m, a] = parseTeams('members:\n  - { id: m, channel: zalo, name: M, role: member, communes: [a] }\n  - { id: n, channel: zalo, name: N, role: admin, communes: [] }\n');
    if (!m || !a) throw new Error('expected two members');
    expect(mayServe(m, 'a')).toBe(true);
    expect(mayServe(m, 'b')).toBe(false);
    expect(mayServe(m, undefined)).toBe(false);
    expect(mayServe(a, 'b')).toBe(true);
  });
});

describe('platform windows', () => {
  const base = { createdAt: 0, lastUserMessageAt: 0, repliesSinceUserMessage: 0 };
  it('Messenger: 24 h standard, 7 days with the human_agent tag, then closed', () => {
    expect(deliveryWindow({ ...base, channel: 'messenger' }, 23 * HOUR)).toEqual({ ok: true, hoursLeft: 1 });
    expect(deliveryWindow({ ...base, channel: 'messenger' }, 25 * HOUR)).toMatchObject({ ok: true, tag: 'human_agent' });
    expect(deliveryWindow({ ...base, channel: 'messenger' }, 7 * 24 * HOUR + 1)).toEqual({ ok: false, reason: 'messenger_7d' });
  });

  it('Zalo OA: 8 replies within 48 h of the last user message', () => {
    expect(deliveryWindow({ ...base, channel: 'zalo-oa' }, HOUR)).toMatchObject({ ok: true, remaining: 7 });
    expect(deliveryWindow({ ...base, channel: 'zalo-oa', repliesSinceUserMessage: 7 }, HOUR)).toMatchObject({ ok: true, remaining: 0 });
    expect(deliveryWindow({ ...base, channel: 'zalo-oa', repliesSinceUserMessage: 8 }, HOUR)).toEqual({ ok: false, reason: 'zalo_oa_quota' });
    expect(deliveryWindow({ ...base, channel: 'zalo-oa' }, 49 * HOUR)).toEqual({ ok: false, reason: 'zalo_oa_48h' });
  });

  it('other channels have no window', () => {
    expect(deliveryWindow({ ...base, channel: 'zalo' }, 400 * HOUR)).toEqual({ ok: true });
  });
});

describe('commune search', () => {
  const communes = [
    { code: 'tien-yen', name: 'xã Tiên Yên' },
    { code: 'dien-xa', name: 'xã Điền Xá' },
    { code: 'hai-hoa', name: 'xã Hải Hòa' },
    { code: 'hai-lang', name: 'xã Hải Lạng' },
  ];
  it('finds by name typed without marks or the unit word', () => {
    expect(searchCommunes(communes, 'tien yen').map((c) => c.code)).toEqual(['tien-yen']);
    expect(searchCommunes(communes, 'Xã Điền Xá').map((c) => c.code)).toEqual(['dien-xa']);
    expect(searchCommunes(communes, 'hai').map((c) => c.code).sort()).toEqual(['hai-hoa', 'hai-lang']);
    expect(searchCommunes(communes, 'Hà Nội')).toEqual([]);
    expect(searchCommunes(communes, '')).toEqual([]);
  });
});
