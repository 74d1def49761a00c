import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ENTRIES: Record<string, string> = {
  'procedures/civil-status/1.001193.yaml': `id: "1.001193"
kind: procedure
curated: false
title: Thủ tục đăng ký khai sinh
summary: Làm giấy khai sinh cho con mới sinh.
aliases: [làm giấy khai sinh, khai sinh cho con, đăng ký khai sinh]
examples:
  - làm giấy khai sinh cho con ở đâu
  - đăng ký khai sinh cần giấy tờ gì
keywords: [khai sinh, giấy khai sinh]
domain: civil-status
level: commune
`,
  'procedures/residence-id/1.001999.yaml': `id: "1.001999"
kind: procedure
curated: false
title: Cấp thẻ căn cước
summary: Làm thẻ căn cước cho công dân.
aliases: [làm căn cước, cấp căn cước]
examples:
  - làm căn cước ở đâu
keywords: [căn cước]
domain: residence-id
level: commune
`,
};

/**
 * A small knowledge folder of the channel tests' own, so they do not depend on the knowledge
 * base being edited by others: two entries are enough to see a right answer arrive.
 */
export function makeChannelKnowledge(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'qnbot-channel-kb-'));
  for (const [rel, text] of Object.entries(ENTRIES)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}
