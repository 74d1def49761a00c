import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateState, endDateIn } from '../../src/knowledge/dated.js';
import { sourceNumbers, statedNumbers } from '../../src/knowledge/import/numbers.js';
import { applyReformTerms, loadReformTerms } from '../../src/knowledge/import/rules-files.js';
import { parse } from 'yaml';
import { listYaml } from '../../src/knowledge/load.js';
import { servedStats } from '../../src/knowledge/served-stats.js';
import type { Entry } from '../../src/knowledge/types.js';
import { villagerTextProblems } from '../../src/knowledge/villager-text.js';

const ROOT = path.resolve('knowledge');
const SHARED = path.resolve('..');
const terms = loadReformTerms(ROOT);

const entry = (over: Partial<Entry>): Entry => ({ id: 'x', kind: 'procedure', curated: false, title: 'Thủ tục', domain: 'other', level: 'commune', ...over });

describe('kb:check rules on what villagers read', () => {
  it('flags pre-reform terms with the replacement from reform-terms.yaml', async () => {
    const e = entry({ where: 'UBND cấp huyện nơi cư trú', steps: [{ text: 'Nộp ở thị trấn', icon: 'submit' }] });
    const problems = await villagerTextProblems(ROOT, [e], new Map(), terms, new Date('2026-11-29T00:00:00Z'));
    expect(problems.map((p) => [p.severity, p.message.split(' (')[0]])).toEqual([
      ['error', 'pre-reform term in where: "UBND cấp huyện" → "UBND xã, phường, đặc khu"'],
      ['error', 'pre-reform term in steps[0]: "thị trấn" → "xã"'],
    ]);
    expect(applyReformTerms('Chi cục Thuế khu vực và UBND cấp huyện', terms)).toBe('Thuế cơ sở và UBND xã, phường, đặc khu');
  });

  it('flags another province shown as the place to go', async () => {
    const problems = await villagerTextProblems(ROOT, [entry({ agency: 'Sở Nông nghiệp và Môi trường - Tỉnh Đắk Lắk' })], new Map(), terms, new Date());
    expect(problems.map((p) => p.severity)).toEqual(['error']);
  });

  it('warns 30 days before a dated fact ends and errors after; "today" is injectable', async () => {
    const e = entry({ fee: '35.000 đồng (đến hết 31/12/2026)', valid_until: { fee: '2026-12-31' } });
    const at = async (day: string) => (await villagerTextProblems(ROOT, [e], new Map(), terms, new Date(`${day}T00:00:00Z`))).map((p) => p.severity);
    expect(await at('2026-11-29')).toEqual([]);
    expect(await at('2026-12-01')).toEqual(['warning']);
    expect(await at('2026-12-31')).toEqual(['warning']);
    expect(await at('2027-01-01')).toEqual(['error']);
    expect(endDateIn('Từ ngày 01/7/2025 đến hết ngày 31/12/2026 áp dụng')).toBe('2026-12-31');
    expect(dateState('2026-12-31', new Date('2027-01-01T00:00:00Z'))).toBe('expired');
  });
});

describe('kb:stats', () => {
  it('counts served province and commune entries and what they can tell', () => {
    const full = entry({ documents: [{ name: 'Tờ khai' }], duration: '3 ngày', where: 'UBND xã', steps: [{ text: 'a', icon: 'x' }, { text: 'b', icon: 'x' }], fee: 'Miễn phí' });
    const stub = (e: Entry) => !e.documents?.length;
    const stats = servedStats([full, entry({ id: 'y', where: 'UBND cấp huyện' }), entry({ id: 'z', level: 'ministry' })], terms, new Date('2026-11-29T00:00:00Z'), stub);
    expect(stats).toEqual({
      entries: 3, byLevel: { commune: 2, ministry: 1 }, served: 2, actionable: 1, withDocuments: 1, withDuration: 1, withWhere: 2, withSteps: 1,
      withFeeOrNoFeeStated: 1, otherProvinceShown: 0, preReformTerms: 1, expired: 0, stubAnswers: 1,
    });
  });
});

describe('the shipped imported entries', () => {
  it.skipIf(!existsSync(path.join(SHARED, 'shared/data/procedures')))('state only numbers found in their own source records (every entry)', async () => {
    const files = await listYaml(ROOT, 'procedures');
    const imported = files.map((rel) => parse(readFileSync(path.join(ROOT, rel), 'utf8')) as Entry).filter((x) => !x.curated);
    let checked = 0;
    const wrong: string[] = [];
    for (const e of imported) {
      const files = (e.sources ?? []).filter((s) => /^shared\/data\/procedures\/national-portal-[ab]\//.test(s)).map((s) => path.join(SHARED, s.replace(/#.*$/, '')));
      if (!files.length) continue;
      const known = sourceNumbers(files.map((f) => readFileSync(f, 'utf8')).join('\n'));
      const missing = statedNumbers(e).filter((n) => !known.has(n));
      if (missing.length) wrong.push(`${e.id}: ${missing.join(', ')}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(1500);
    expect(wrong).toEqual([]);
  }, 180_000);
});
