import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { loadLocales, type Locales } from '../../src/replies/locales.js';

/**
 * Test data for the reply tests (NOT knowledge: the real entries live in knowledge/). One
 * hand-written entry with seven steps and a Tày override with a glossary, one with facts missing,
 * and one catalogue-only entry.
 */
export const BIRTH = `id: "1.001193"
kind: procedure
curated: true
title: Đăng ký khai sinh
summary: Làm giấy khai sinh cho con mới sinh. Bố hoặc mẹ đi đăng ký trong 60 ngày.
aliases: [làm giấy khai sinh, khai sinh cho con]
examples: [làm giấy khai sinh cho con ở đâu]
keywords: [khai sinh, giấy khai sinh]
domain: civil-status
level: commune
agency: Ủy ban nhân dân cấp xã
where: Bộ phận một cửa UBND xã nơi bố hoặc mẹ cư trú
fee: Miễn phí
duration: Trong ngày
online: { mode: full, url: "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html" }
documents:
  - { name: Giấy chứng sinh, original: 1 }
  - { name: Căn cước của bố hoặc mẹ, original: 1, note: "xuất trình, không nộp" }
steps:
  - { text: "Chuẩn bị giấy chứng sinh <b>&", icon: documents }
  - { text: Đến bộ phận một cửa UBND xã, icon: office }
  - { text: Điền tờ khai, icon: form }
  - { text: Nộp hồ sơ, icon: submit }
  - { text: Chờ cán bộ kiểm tra, icon: wait }
  - { text: Nhận giấy khai sinh, icon: receive }
  - { text: Kiểm tra lại thông tin trên giấy, icon: no-such-icon }
legal_basis: [Luật Hộ tịch 2014]
sources: ["https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"]
tay:
  review: reviewed
  source: test fixture
  glossary: { khai sinh: "test explanation" }
`;

export const RESIDENCE = `id: test-thuong-tru
kind: procedure
curated: true
title: Đăng ký thường trú
domain: residence-id
steps:
  - { text: Khai báo trên ứng dụng, icon: phone }
sources: ["https://dichvucong.gov.vn/p/home/dvc-trang-chu.html"]
`;

export const MARRIAGE = `id: "1.000894"
kind: procedure
curated: false
title: Thủ tục đăng ký kết hôn
domain: civil-status
level: commune
agency: Ủy ban nhân dân cấp xã
examples: [đăng ký kết hôn ở đâu]
keywords: [kết hôn]
online: { mode: partial, url: "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html" }
`;

/** A knowledge folder under os.tmpdir() with the three entries above. */
export function makeRepliesKnowledge(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-replies-kb-'));
  const put = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  put('procedures/civil-status/1.001193.yaml', BIRTH);
  put('procedures/civil-status/1.000894.yaml', MARRIAGE);
  put('procedures/residence-id/test-thuong-tru.yaml', RESIDENCE);
  put('communes.yaml', 'communes:\n  - { code: tien-yen, name: "xã Tiên Yên" }\n');
  put('lexicon/tay.yaml', 'markers:\n  slèng: tay\n  noọng: tay\n');
  put('lexicon/dao.yaml', 'markers:\n  maiv: dao\n');
  return dir;
}

/** The real locales (warnings dropped) and the knowledge base of the three entries above. */
export async function loadRepliesFixture(): Promise<{ locales: Locales; kb: KnowledgeBase }> {
  const locales = await loadLocales(path.resolve('locales'), { warn: () => undefined });
  return { locales, kb: await loadKnowledge(makeRepliesKnowledge()) };
}
