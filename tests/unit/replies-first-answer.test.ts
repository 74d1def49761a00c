import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderMessenger, MESSENGER_LIMITS } from '../../src/channels/messenger/render.js';
import type { Lang, ReplyPart } from '../../src/domain/messages.js';
import { outcomeOfPayload } from '../../src/core/payload.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { Entry, KnowledgeBase } from '../../src/knowledge/types.js';
import { composeAnswer, composeOutcome } from '../../src/replies/compose.js';
import { loadLocales, type Locales } from '../../src/replies/locales.js';
import { expectWithinLimits } from '../helpers/reply-limits.js';

/**
 * Issue 12, the reply side, on hand-written entries copied from real records
 * (tests/fixtures/replies-kb: each file names the record it was written from).
 */
const BASE = 'https://bot.example.vn';
const FIXTURE = path.resolve('tests/fixtures/replies-kb');
let locales: Locales;
let kb: KnowledgeBase;

beforeAll(async () => {
  locales = await loadLocales(path.resolve('locales'), { warn: () => undefined });
  kb = await loadKnowledge(FIXTURE);
});

const entry = (id: string) => kb.entries.get(id)!;
const first = (parts: ReplyPart[]) => (parts[0] as { text: string }).text;
const all = (parts: ReplyPart[]) => parts.map((p) => ('text' in p ? p.text : '') + ('buttons' in p ? ` ${p.buttons.map((b) => b.payload).join(' ')}` : '')).join('\n');
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();
const answer = (e: Entry, lang: Lang = 'vi') => composeAnswer(e, lang, locales, { baseUrl: BASE });

function tap(payload: string, lang: Lang = 'vi'): ReplyPart[] {
  const input = { lang, entries: kb.entries, locales, publicBaseUrl: BASE, voiceAvailable: false };
  return composeOutcome(input, outcomeOfPayload(payload, kb, {})).replies;
}

describe('the first answer', () => {
  it('fits the first bubble in 350 characters for a long official title, short name first, plain sentence kept', () => {
    const e = entry('1.003133');
    expect(e.title.length).toBeGreaterThan(150);
    for (const lang of ['vi', 'en', 'tay', 'dao'] as const) expect(first(answer(e, lang)).length).toBeLessThanOrEqual(350);
    const bubble = first(answer(e));
    expect(bubble).toMatch(/^📋 Giấy thông hành vùng biên giới Việt – Trung\n/);
    expect(bubble).toContain('Người thường trú ở xã giáp biên giới Trung Quốc');
    expect(bubble).toContain('Tờ khai xin giấy thông hành (1 bản chính)');
    expect(bubble).toMatch(/⏱️ Thời gian: 1 ngày làm việc/);
    expect(bubble).toMatch(/📍 Nộp ở đâu: Công an xã/);
    expect(bubble).not.toContain(e.title);
  });

  it('without a short title, shortens the official title and still shows the plain sentence', () => {
    const { short_title: _, ...e } = entry('1.003133');
    const bubble = first(answer(e));
    expect(bubble.length).toBeLessThanOrEqual(350);
    expect(bubble).toMatch(/^📋 Cấp giấy thông hành xuất, nhập cảnh vùng biên[^\n]*\n/);
    expect(bubble.split('\n')[0]!.length).toBeLessThanOrEqual(82);
    expect(bubble).toContain('Người thường trú ở xã');
  });

  it('puts the fact the question asked about right under the name', () => {
    const lines = first(composeAnswer(entry('1.014064'), 'vi', locales, { field: 'duration' })).split('\n');
    expect(lines[2]).toBe('👉 ⏱️ Thời gian: 7 ngày làm việc');
    expect(lines.filter((l) => l.includes('Thời gian'))).toHaveLength(1);
  });

  it('shows the steps right away when the question asked for them, without a button for them', () => {
    const parts = composeAnswer(entry('1.003133'), 'vi', locales, { field: 'steps' });
    expect(all(parts)).toMatch(/🪜 Các bước:\n1\. .*Khai tờ khai mẫu M01a/);
    expect(all(parts)).not.toContain('field:1.003133:steps');
    expect(all(answer(entry('1.003133')))).toContain('field:1.003133:steps');
  });

  it('says until when a dated fee holds, and both fees when in person and online differ', () => {
    expect(first(answer(entry('1.003133')))).toContain('💰 Lệ phí: trực tiếp 4.000đ (đến hết 31/12/2026); online 5.000đ');
    expect(first(answer(entry('1.014064')))).toContain('💰 Lệ phí: 35.000đ/thẻ (bằng 50% mức 70.000đ) (đến hết 31/12/2026)');
    expect(first(answer(entry('1.001193')))).toContain('💰 Lệ phí: Miễn phí');
    expect(all(tap('field:1.003133:fee'))).toContain('trực tiếp 4.000đ (đến hết 31/12/2026); online 5.000đ');
  });

  it('names the facts that are not known and offers a person, without the "only the name" stub', () => {
    const parts = answer(entry('1.001193'));
    expectWithinLimits(parts);
    expect(all(parts)).toContain('❔ Chưa có thông tin về: nộp ở đâu. Tôi không đoán; bạn hỏi người hỗ trợ nhé.');
    expect(all(parts)).toContain('handoff');
    expect(all(parts)).not.toMatch(/chưa có hướng dẫn chi tiết/);
    expect(first(parts)).not.toMatch(/Nộp ở đâu/);
  });

  it('gives the "only the name" stub to a title-only entry and to no other', () => {
    const stub = /chưa có hướng dẫn chi tiết/;
    for (const e of kb.list) {
      const parts = answer(e);
      expectWithinLimits(parts);
      expect(first(parts).length).toBeLessThanOrEqual(350);
      expect(stub.test(all(parts)), e.id).toBe(e.id === '1.014364');
    }
    expect(all(answer(entry('1.014364')))).toContain('handoff');
  });
});

describe('"📚 Xem thêm" and the field buttons', () => {
  it('shows the official full text in parts within the channel limits', () => {
    const e = entry('1.003133');
    for (const payload of ['field:1.003133:more', 'more:1.003133']) {
      const parts = tap(payload);
      expectWithinLimits(parts, true);
      const textParts = parts.filter((p): p is Extract<ReplyPart, { type: 'text' }> => p.type === 'text');
      expect(textParts.length).toBeGreaterThan(2);
      for (const p of textParts) expect(p.text.length).toBeLessThanOrEqual(MESSENGER_LIMITS.text);
      // each part goes out as one Messenger message: nothing is cut by the channel
      const sent = renderMessenger(textParts, { userId: 'u', lang: 'vi', t: (k: string) => k }, BASE);
      expect(sent).toHaveLength(textParts.length);
      const shown = flat(textParts.map((p) => p.text).join(' '));
      const o = e.official!;
      for (const piece of [o.title!, ...o.steps!, ...o.documents!, o.conditions!, o.fee!, o.duration!, o.agency!, e.result!, ...e.legal_basis!]) {
        for (const sentence of flat(piece).split(/(?<=[.;:])\s/)) expect(shown).toContain(sentence);
      }
    }
  });

  it('keeps entry:<id> and every field:<id>:<field> working', () => {
    expect(first(tap('entry:1.003133'))).toMatch(/^📋 Giấy thông hành vùng biên giới/);
    const expected: Record<string, RegExp> = {
      documents: /☐ Tờ khai xin giấy thông hành \(1 bản chính\): Mẫu M01a[\s\S]*☐ Giấy thông hành cũ/,
      fee: /💰 Lệ phí: trực tiếp 4\.000đ/,
      duration: /⏱️ Thời gian: 1 ngày làm việc/,
      where: /📍 Nộp ở đâu: Công an xã, phường giáp biên giới/,
      steps: /1\. .*Khai tờ khai mẫu M01a[\s\S]*4\. .*nhận giấy thông hành/,
      more: /📚 Chi tiết: Cấp giấy thông hành xuất, nhập cảnh vùng biên giới Việt Nam – Trung Quốc cho công dân/,
    };
    for (const [field, re] of Object.entries(expected)) {
      const parts = tap(`field:1.003133:${field}`);
      expectWithinLimits(parts, field === 'steps' || field === 'more');
      expect(all(parts), field).toMatch(re);
    }
    const unknown = all(tap('field:1.001193:where'));
    expect(unknown).toMatch(/Nộp ở đâu của thủ tục này: chưa có thông tin/);
    expect(unknown).toContain('handoff');
  });
});

describe('the border topic', () => {
  it('topic:border lists the border-area entries, curated first, and the menu offers it', () => {
    const outcome = outcomeOfPayload('topic:border', kb, {});
    expect(outcome.kind).toBe('clarify');
    const ids = outcome.kind === 'clarify' ? outcome.candidates.map((c) => c.id) : [];
    expect(ids).toEqual(['1.003133', '1.014364']);
    const parts = tap('topic:border');
    expect(all(parts)).toContain('entry:1.003133 entry:1.014364');
    expect(all(tap('menu'))).toContain('topic:border');
  });
});
