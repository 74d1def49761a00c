import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { isBorderRelevant } from '../../src/knowledge/import/border.js';
import { channelFacts, mergeDetails } from '../../src/knowledge/import/detail-to-entry.js';
import { amountsIn, legalCodes, parseChannelsA, parseDocumentsA, parseRecordA, parseRecordB, type PortalDetail } from '../../src/knowledge/import/portal-detail.js';
import { otherProvinceIn } from '../../src/knowledge/import/province.js';
import { loadImportRules } from '../../src/knowledge/import/rules-files.js';
import { sourceNumbers, statedNumbers } from '../../src/knowledge/import/numbers.js';
import { parseColumnMap } from '../../src/knowledge/import/rows.js';
import { runImport, type ImportRequest } from '../../src/knowledge/import/run-import.js';
import { MAX_STEP_CHARS, type Entry } from '../../src/knowledge/types.js';
import { MAX_DOCUMENT_NAME } from '../../src/knowledge/import/document-name.js';

const FIXTURES = path.resolve('tests/fixtures/portal');
const KNOWLEDGE = path.resolve('knowledge');
const TODAY = new Date('2026-11-29T00:00:00Z');

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function parseFixture(rel: string): PortalDetail {
  const text = readFileSync(path.join(FIXTURES, rel), 'utf8');
  return rel.endsWith('.json') ? parseRecordA(JSON.parse(text)) : parseRecordB(text);
}

/** The projection kept in tests/fixtures/portal-golden.json (reviewed against each record by hand). */
function project(d: PortalDetail) {
  return {
    code: d.code,
    title: d.title,
    ...(d.pageCode && d.pageCode !== d.code ? { pageCode: d.pageCode } : {}),
    channels: d.channels.map((c) => [c.mode, c.duration ?? null, c.free ? 'free' : c.feeVnd.length ? c.feeVnd : c.feeText ? 'text' : null]),
    documents: d.documents.map((x) => [x.name.slice(0, 50), x.original, x.copy, x.form ?? null]),
    result: d.result ?? null,
    legal: d.legal.slice(0, 3),
  };
}

describe('national-portal record parsing (golden, 35 real records)', () => {
  const golden = JSON.parse(readFileSync('tests/fixtures/portal-golden.json', 'utf8')) as Record<string, unknown>;

  it('has at least 30 records from both sets', () => {
    const keys = Object.keys(golden);
    expect(keys.filter((k) => k.startsWith('national-portal-a/')).length).toBeGreaterThanOrEqual(15);
    expect(keys.filter((k) => k.startsWith('national-portal-b/')).length).toBeGreaterThanOrEqual(12);
    expect(keys.length).toBeGreaterThanOrEqual(30);
  });

  it.each(Object.keys(JSON.parse(readFileSync('tests/fixtures/portal-golden.json', 'utf8'))))('%s matches its golden values', (rel) => {
    expect(project(parseFixture(rel))).toEqual(golden[rel]);
  });

  // Values below were read off the records by hand.
  it('reads set A channels: time with unit, amounts in đồng, unit-less times left unknown', () => {
    const arbitration = parseFixture('national-portal-a/bo-tu-phap/1.008904.json');
    expect(arbitration.channels.find((c) => c.mode === 'in_person')).toMatchObject({ duration: '3 ngày làm việc', feeVnd: [4000000, 2000000] });
    const customs = parseFixture('national-portal-a/bo-tai-chinh/1.011403.json');
    expect(customs.channels.map((c) => c.duration)).toEqual(['2 giờ', '2 giờ']);
    const birth = parseFixture('national-portal-a/bo-tu-phap/1.001193.json');
    expect(birth.channels.every((c) => c.duration === undefined && c.bareTime === '1')).toBe(true);
    const correction = parseFixture('national-portal-a/bo-tu-phap/2.000927.json');
    expect(correction.channels.map((c) => [c.duration, c.feeVnd])).toEqual([[undefined, [25000]], [undefined, [25000]], [undefined, [25000]]]);
  });

  it('reads set A documents: counts glued to dates and form files', () => {
    const boat = parseFixture('national-portal-a/bo-nong-nghiep-mt/1.003681.json');
    expect(boat.documents.map((d) => [d.original, d.copy])).toEqual([[1, 1], [1, 1], [1, 1], [1, 1]]);
    expect(boat.documents[0]?.form).toMatch(/^Mẫu số 12/);
    const { documents } = parseDocumentsA('--Tên giấy tờMẫu đơn, tờ khaiSố lượngĐơn đề nghịMẫu đơn số 1.docx1 bản chínhBản sao sổ0 bản chính,2 bản saoLưu ý chung0 bản chính');
    expect(documents).toEqual([
      { name: 'Đơn đề nghị', original: 1, copy: 0, form: 'Mẫu đơn số 1' },
      { name: 'Bản sao sổ', original: 0, copy: 2 },
    ]);
  });

  it('flags a set A record whose crawled page is another procedure (3.000284 shows 1.014023)', () => {
    const d = parseFixture('national-portal-a/bo-cong-an/3.000284.json');
    expect(d.pageCode).toBe('1.014023');
    expect(d.title).toBe('Hỗ trợ phát triển sản xuất cộng đồng');
  });

  it('reads set B tables: channels, documents with counts, result, legal basis', () => {
    const d = parseFixture('national-portal-b/1_000080_procedure_detail.md');
    expect(d.channels.map((c) => [c.mode, c.duration])).toEqual([['online', '7 ngày'], ['post', '7 ngày'], ['in_person', '7 ngày']]);
    expect(d.result).toBe('Trích lục đăng ký nhận cha, mẹ, con');
    expect(d.legal).toContain('123/2015/NĐ-CP');
    expect(d.documents.every((x) => (x.original ?? 0) + (x.copy ?? 0) > 0)).toBe(true);
  });

  it('splits glued legal codes and finds fee amounts, not years', () => {
    expect(legalCodes('Tên văn bản pháp lýMã văn bảnNghị định 14/2020/NĐ-CP14/2020/NĐ-CPLuật 54/2019/QH1454/2019/QH14Luật')).toEqual(['14/2020/NĐ-CP', '54/2019/QH14']);
    expect(amountsIn('Phí: 2.000.000 đồng/01 đơn hàng theo Thông tư 64/2025/TT-BTC năm 2025')).toEqual([2000000]);
    const [cell] = parseChannelsA('Hình thức nộpThời gianPhí, lệ phíMô tảTrực tiếpKhông có thông tin20,000 VNĐ');
    expect(cell?.feeVnd).toEqual([20000]);
    expect(cell?.duration).toBeUndefined();
  });
});

describe('plain fee and time with dated facts', () => {
  const rules = loadImportRules(KNOWLEDGE);

  it('says the usual fee and the reduced one with its end date', () => {
    const merged = mergeDetails([parseFixture('national-portal-a/bo-tu-phap/1.008904.json')])!;
    const facts = channelFacts(merged, rules, TODAY);
    expect(facts.fee).toBe('4.000.000 đồng (mức 2.000.000 đồng áp dụng đến hết 31/12/2026)');
    expect(facts.validUntil).toBe('2026-12-31');
    expect(facts.duration).toBe('3 ngày làm việc');
  });

  it('does not state a fee whose end date has passed', () => {
    const merged = mergeDetails([parseFixture('national-portal-a/bo-tu-phap/1.008904.json')])!;
    const facts = channelFacts(merged, rules, new Date('2027-01-01T00:00:00Z'));
    expect(facts.fee).toBeUndefined();
    expect(facts.validUntil).toBeUndefined();
  });

  it('prefers set B times and keeps set A fees when both sets have the code', () => {
    const merged = mergeDetails([parseFixture('national-portal-a/bo-tu-phap/1.001193.json'), parseFixture('national-portal-b/1_001193_procedure_detail.md')])!;
    const facts = channelFacts(merged, rules, TODAY);
    expect(facts.duration).toBe('1 ngày');
    expect(facts.fee).toBe('Miễn phí');
  });
});

describe('Quang Ninh only, border rule', () => {
  it('recognises another province in titles, agencies and issuers', () => {
    expect(otherProvinceIn('Sở Nông nghiệp và Môi trường - Tỉnh Đắk Lắk')).toBe('Đắk Lắk');
    expect(otherProvinceIn('UBND tỉnh Lạng Sơn')).toBe('Lạng Sơn');
    expect(otherProvinceIn('Thủ tục hỗ trợ của Bắc Ninh')).toBe('Bắc Ninh');
    expect(otherProvinceIn('UBND tỉnh Quảng Ninh')).toBeUndefined();
    expect(otherProvinceIn('Đăng ký kết hôn hòa bình')).toBeUndefined();
  });

  it('flags border-relevant procedures by title', () => {
    expect(isBorderRelevant('Thủ tục đăng ký khai sinh có yếu tố nước ngoài tại khu vực biên giới')).toBe(true);
    expect(isBorderRelevant('Cấp giấy thông hành xuất, nhập cảnh vùng biên giới Việt Nam – Trung Quốc')).toBe(true);
    expect(isBorderRelevant('Thủ tục hải quan đối với hàng hóa xuất khẩu, nhập khẩu của cư dân biên giới')).toBe(true);
    expect(isBorderRelevant('Thủ tục đăng ký khai sinh')).toBe(false);
  });
});

describe('kb:import over real records', () => {
  function request(knowledgeDir: string, extra: Partial<ImportRequest> = {}): ImportRequest {
    return {
      knowledgeDir,
      inputs: [path.join(FIXTURES, 'national-portal-a'), path.join(FIXTURES, 'national-portal-b'), path.resolve('tests/fixtures/portal-extra/national-portal-b')],
      enrich: [],
      columns: parseColumnMap(undefined),
      sourceName: 'fixtures',
      levels: ['commune', 'district', 'province'],
      today: TODAY,
      ...extra,
    };
  }
  function knowledgeCopy(): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-portal-'));
    dirs.push(dir);
    for (const f of ['glossary.yaml', 'reform-terms.yaml', 'agencies.yaml']) cpSync(path.join(KNOWLEDGE, f), path.join(dir, f));
    return dir;
  }
  function entries(dir: string): Entry[] {
    const out: Entry[] = [];
    for (const rel of readdirSync(path.join(dir, 'procedures'), { recursive: true }) as string[]) {
      if (rel.endsWith('.yaml')) out.push(parse(readFileSync(path.join(dir, 'procedures', rel), 'utf8')) as Entry);
    }
    return out;
  }

  it('builds plain entries, skips bad and other-province records with a reason, and is idempotent', async () => {
    const dir = knowledgeCopy();
    const first = await runImport(request(dir));
    const reasons = [...first.reasons.keys()];
    expect(reasons.some((r) => r.startsWith("another province's own procedure"))).toBe(true);
    expect(first.reasons.get('record page shows another procedure (wrong title); no other set has this code')).toEqual(['3.000284']);
    expect(reasons).toContain('no level (Cấp thực hiện) in the data');
    const all = entries(dir);
    expect(all.map((e) => e.id)).not.toContain('9.999001');
    for (const e of all) {
      expect(e.steps?.length ?? 0).toBeLessThanOrEqual(6);
      for (const s of e.steps ?? []) expect(s.text.length).toBeLessThanOrEqual(MAX_STEP_CHARS);
      // The everyday name of a paper fits a phone line; a shortened one keeps the official wording.
      for (const d of e.documents ?? []) {
        expect(d.name.length, `${e.id}: ${d.name}`).toBeLessThanOrEqual(MAX_DOCUMENT_NAME);
        if (d.name.endsWith('…')) expect(d.official, `${e.id}: ${d.name}`).toBeTruthy();
      }
      expect(`${e.agency} ${e.where}`).not.toMatch(/Đắk Lắk|Lạng Sơn|thị trấn|cấp huyện/);
    }
    const birth = all.find((e) => e.id === '1.000080')!;
    expect(birth).toMatchObject({ border_area: true, duration: '7 ngày', result: 'Trích lục đăng ký nhận cha, mẹ, con', agency: 'UBND xã, phường, đặc khu' });
    expect(birth.documents?.length).toBeGreaterThan(2);
    expect(birth.official?.title).toBe(birth.title);
    const timber = all.find((e) => e.id === '1.000045');
    expect(timber?.documents?.find((d) => d.form === 'Mẫu số 03')).toMatchObject({
      name: 'Bản gốc đơn đề nghị (đơn xin) xác nhận Bảng kê lâm sản',
      official: expect.stringContaining('Thông tư số 26/2025/TT-BNNMT'),
    });
    // Papers named without a count are listed without one; the record's time placeholder stays unknown.
    const customs = all.find((e) => e.id === '1.007840');
    expect(customs?.documents).toEqual([expect.objectContaining({ name: 'Đơn đề nghị (đơn xin) xem hàng hóa trước khi khai hải quan' })]);
    expect(customs?.documents?.[0]).not.toHaveProperty('original');
    expect(customs).toBeDefined();
    expect(customs?.duration).toBeUndefined();
    const again = await runImport(request(dir));
    expect([again.added, again.updated, again.removed]).toEqual([0, 0, 0]);
    expect(again.unchanged).toBe(first.added);
  });

  it('states only numbers found in each entry’s own records', async () => {
    const dir = knowledgeCopy();
    await runImport(request(dir));
    for (const e of entries(dir)) {
      const files = (e.sources ?? []).filter((s) => s.startsWith('fixtures/')).map((s) => s.replace(/^fixtures\//, '').replace(/#.*$/, ''));
      const text = files.map((f) => readFileSync(path.join(f.startsWith('national-portal-b/9_') ? 'tests/fixtures/portal-extra' : FIXTURES, f), 'utf8')).join('\n').normalize('NFC');
      const known = sourceNumbers(text);
      expect(statedNumbers(e).filter((n) => !known.has(n)), e.id).toEqual([]);
    }
  });
});
