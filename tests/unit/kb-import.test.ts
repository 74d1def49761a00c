import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { domainFor } from '../../src/knowledge/import/domains.js';
import { levelsFrom } from '../../src/knowledge/import/levels.js';
import { parseColumnMap } from '../../src/knowledge/import/rows.js';
import { runImport, type ImportRequest } from '../../src/knowledge/import/run-import.js';
import { checkKnowledge } from '../../src/knowledge/load.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function tmp(): string {
  const d = mkdtempSync(path.join(os.tmpdir(), 'qnbot-import-'));
  dirs.push(d);
  return d;
}

const CSV = `\uFEFFMã số,Tên,Lĩnh vực,Cấp,Cơ quan thực hiện,Kênh,URL
1.001193,Thủ tục đăng ký khai sinh,Hộ tịch,Cấp xã,UBND cấp xã,Trực tuyến; Trực tiếp,https://dichvucong.gov.vn/p/1
2.000001,"Cấp giấy phép ""đặc biệt""",Hải quan,Cấp bộ,Tổng cục,Trực tiếp,https://dichvucong.gov.vn/p/2
3.000001,Cấp sổ đỏ,Đất đai,"Cấp tỉnh, Cấp xã",Văn phòng đăng ký đất đai,Trực tiếp,https://dichvucong.gov.vn/p/3
,Không có mã,Đất đai,Cấp xã,,,
4.000001,Không có cấp,Đất đai,,,,
`;

function request(knowledgeDir: string, input: string, extra: Partial<ImportRequest> = {}): ImportRequest {
  return { knowledgeDir, inputs: [input], enrich: [], columns: parseColumnMap('Cấp=level,Kênh=online'), sourceName: 'test-data', levels: ['commune', 'district', 'province'], ...extra };
}

describe('kb:import', () => {
  it('imports a CSV catalogue with a column map, keeps province and commune rows, says why others were rejected', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'cat.csv'), CSV);
    const kb = path.join(dir, 'knowledge');
    const s = await runImport(request(kb, path.join(dir, 'cat.csv')));
    expect([s.added, s.updated, s.unchanged, s.rejected]).toEqual([2, 0, 0, 3]);
    expect(Object.fromEntries([...s.reasons].map(([r, c]) => [r, c.length]))).toEqual({
      'no procedure code': 1, 'level not imported: ministry': 1, 'no level (Cấp thực hiện) in the data': 1,
    });
    const text = readFileSync(path.join(kb, 'procedures/civil-status/1.001193.yaml'), 'utf8');
    expect(text).toContain('# yaml-language-server: $schema=../../schema.json\nid: "1.001193"\nkind: procedure\ncurated: false\n');
    expect(text).toContain('online:\n  mode: partial\n  url: https://dichvucong.gov.vn/p/1\n');
    expect(text).toContain('  - test-data/cat.csv#row2\n');
    const land = readFileSync(path.join(kb, 'procedures/land/3.000001.yaml'), 'utf8');
    expect(land).toContain('level: commune\nlevels:\n  - commune\n  - province\n');
    expect(land).toContain('mode: none');
    const report = await checkKnowledge(kb);
    expect(report.problems).toEqual([]);
  });

  it('is idempotent and never overwrites curated text', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'cat.csv'), CSV);
    const kb = path.join(dir, 'knowledge');
    await runImport(request(kb, path.join(dir, 'cat.csv')));
    const again = await runImport(request(kb, path.join(dir, 'cat.csv')));
    expect([again.added, again.updated, again.unchanged]).toEqual([0, 0, 2]);

    const file = path.join(kb, 'procedures/civil-status/1.001193.yaml');
    const curated = `# yaml-language-server: $schema=../../schema.json\n# checked by hand\nid: "1.001193"\nkind: procedure\ncurated: true\ntitle: Đăng ký khai sinh (viết lại)\ndomain: civil-status\nonline: { mode: full, url: "https://dichvucong.gov.vn/p/1" }\nsources: [https://example.org/luat-ho-tich]\n`;
    writeFileSync(file, curated);
    const third = await runImport(request(kb, path.join(dir, 'cat.csv')));
    expect(third.updated).toBe(1);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('# checked by hand');
    expect(after).toContain('title: Đăng ký khai sinh (viết lại)');
    expect(after).toContain('sources: [ https://example.org/luat-ho-tich ]');
    expect(after).toContain('mode: full');
    expect(after).toContain('level: commune');
    expect(after).toContain('agency: UBND cấp xã');
  });

  it('reads national-portal JSON records and Markdown pages from folders, merging by code', async () => {
    const dir = tmp();
    mkdirSync(path.join(dir, 'portal-a/bo-tu-phap'), { recursive: true });
    mkdirSync(path.join(dir, 'portal-b'));
    writeFileSync(path.join(dir, 'portal-a/bo-tu-phap/1.000080.json'), JSON.stringify({
      ma_thu_tuc: '1.000080', detail_url: 'https://dichvucong.gov.vn/thu-tuc-hanh-chinh/abc', ten_thu_tuc: 'Thủ tục đăng ký nhận cha, mẹ, con',
      cap_thuc_hien: 'Cấp xã', linh_vuc: 'Hộ tịch', co_quan_thuc_hien: 'Ủy ban Nhân dân\u00a0xã.', cach_thuc_thuc_hien: 'Hình thức nộpThời gianTrực tuyến7Miễn phí',
    }));
    writeFileSync(path.join(dir, 'portal-b/1_000080_procedure_detail.md'), '# Khác\n\n* **Mã thủ tục:** 1.000080\n* **Cấp thực hiện:** Cấp bộ/ngành\n');
    writeFileSync(path.join(dir, 'portal-b/2_000002_procedure_detail.md'), '# Cấp phép khai thác cát\n\n## Thông tin chung\n* **Mã thủ tục:** 2.000002\n* **Cấp thực hiện:** Cấp tỉnh\n* **Lĩnh vực:** Địa chất và khoáng sản\n\n## Cách thức thực hiện\n\n| Hình thức nộp | Thời gian |\n| Trực tiếp | 7 ngày |\n\n## Cơ quan thực hiện\nSở Nông nghiệp và Môi trường\n');
    const kb = path.join(dir, 'knowledge');
    const s = await runImport({ ...request(kb, path.join(dir, 'portal-a')), inputs: [path.join(dir, 'portal-a'), path.join(dir, 'portal-b')], columns: new Map() });
    expect([s.added, s.rejected]).toEqual([2, 0]);
    const a = readFileSync(path.join(kb, 'procedures/civil-status/1.000080.yaml'), 'utf8');
    expect(a).toContain('title: Thủ tục đăng ký nhận cha, mẹ, con\n');
    expect(a).toContain('agency: Ủy ban Nhân dân xã\n');
    expect(a).toContain('  - test-data/portal-a/bo-tu-phap/1.000080.json\n  - test-data/portal-b/1_000080_procedure_detail.md\n');
    const b = readFileSync(path.join(kb, 'procedures/environment/2.000002.yaml'), 'utf8');
    expect(b).toContain('level: province');
    expect(b).toContain('agency: Sở Nông nghiệp và Môi trường');
    expect(b).toContain('mode: none');
  });

  it('maps portal fields to domain folders and levels', () => {
    expect(domainFor('Hộ tịch')).toBe('civil-status');
    expect(domainFor('Thực hiện chính sách BHYT')).toBe('health-insurance');
    expect(domainFor('Giáo dục nghề nghiệp')).toBe('labour');
    expect(domainFor('Đăng ký, quản lý cư trú')).toBe('residence-id');
    expect(domainFor('Không rõ')).toBe('other');
    expect(levelsFrom('Cấp bộ, Cấp tỉnh, Cấp xã')).toEqual(['commune', 'province', 'ministry']);
    expect(() => parseColumnMap('Tên=name')).toThrow(/field one of: code, title, domain, level, agency, url, online/);
  });
});
