import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReplyPart } from '../../src/domain/messages.js';
import type { Entry } from '../../src/knowledge/types.js';
import { answerButtons, composeAnswer, documentsText, glossaryText, missingText, onlineParts, stepsText, tFor } from '../../src/replies/answer.js';
import { FIRST_BUBBLE_CHARS, displayTitle, documentLabel, firstBubble, firstSentence, shortenTitle, topDocumentsLines } from '../../src/replies/first-bubble.js';
import { entryView } from '../../src/replies/localized-entry.js';
import type { Locales } from '../../src/replies/locales.js';
import { cardUrl } from '../../src/replies/media-urls.js';
import { loadRepliesFixture } from '../helpers/replies-fixture.js';

/**
 * The parts of one answer, on the fixture entries (tests/helpers/replies-fixture.ts) and variants
 * of them: what the first bubble says and in which order, what is named as not known, and the
 * steps, papers, online way and buttons one tap away.
 */
const BASE = 'https://bot.example.vn';
let locales: Locales;
let birth: Entry;
let marriage: Entry;
let residence: Entry;
let t: ReturnType<typeof tFor>;

beforeAll(async () => {
  const fixture = await loadRepliesFixture();
  locales = fixture.locales;
  const { kb } = fixture;
  birth = kb.entries.get('1.001193')!;
  marriage = kb.entries.get('1.000894')!;
  residence = kb.entries.get('test-thuong-tru')!;
  t = tFor(locales, 'vi');
});

const vi = (e: Entry) => entryView(e, 'vi');
const bubble = (e: Entry, asked?: Parameters<typeof firstBubble>[3]) => firstBubble(vi(e), 'vi', t, asked);
const textOf = (p: ReplyPart | undefined) => (p && 'text' in p ? p.text : '');
const buttonsOf = (p: ReplyPart | undefined) => (p && p.type === 'buttons' ? p.buttons.map((b) => b.payload) : []);
const docs = (n: number, name = (i: number) => `Giấy tờ số ${i + 1}`) => Array.from({ length: n }, (_, i) => ({ name: name(i), original: 1 }));
const OFFICIAL_TITLE = 'Cấp giấy thông hành xuất, nhập cảnh vùng biên giới Việt Nam – Trung Quốc cho công dân Việt Nam thường trú tại các xã giáp biên giới';

describe('the name an answer starts with', () => {
  it('a short title as it is; the short_title when given; a long official title cut before "cho …"', () => {
    expect(displayTitle(vi(birth), 'vi')).toBe('Đăng ký khai sinh');
    expect(displayTitle(vi({ ...birth, short_title: 'Khai sinh' }), 'vi')).toBe('Khai sinh');
    expect(displayTitle(vi({ ...birth, title: OFFICIAL_TITLE }), 'vi')).toBe('Cấp giấy thông hành xuất, nhập cảnh vùng biên giới Việt Nam – Trung Quốc');
  });

  it('in another language, the translated title (clipped to 80), else the Vietnamese short name', () => {
    const en = { ...birth, en: { title: `Birth registration ${'for a newborn child '.repeat(6)}` } } as Entry;
    const shown = displayTitle(entryView(en, 'en'), 'en');
    expect(shown.length).toBeLessThanOrEqual(80);
    expect(shown).toMatch(/^Birth registration for a newborn child .*…$/);
    expect(displayTitle(entryView({ ...birth, short_title: 'Khai sinh' }, 'en'), 'en')).toBe('Khai sinh');
    expect(displayTitle(entryView({ ...birth, short_title: 'Khai sinh', en: { title: 'Birth registration' } } as Entry, 'en'), 'en')).toBe('Birth registration');
  });

  it('shortenTitle keeps titles up to 80 characters and otherwise returns a prefix of at most 80', () => {
    const exactly80 = `Đăng ký ${'a'.repeat(72)}`;
    expect(exactly80).toHaveLength(80);
    expect(shortenTitle(exactly80)).toBe(exactly80);
    // the qualifier is found whatever its case, and the punctuation before it goes
    expect(shortenTitle(`Cấp lại giấy phép kinh doanh vận tải, ĐỐI VỚI ${'hộ kinh doanh '.repeat(6)}`)).toBe('Cấp lại giấy phép kinh doanh vận tải');
    expect(shortenTitle(`Cấp lại giấy phép kinh doanh vận tải – trong trường hợp ${'mất '.repeat(20)}`)).toBe('Cấp lại giấy phép kinh doanh vận tải');
    // a qualifier in the first 20 characters would leave too little: the next one counts
    expect(shortenTitle(`Cấp thẻ cho người khuyết tật nặng và đặc biệt nặng theo ${'quy định '.repeat(10)}`)).toBe('Cấp thẻ cho người khuyết tật nặng và đặc biệt nặng');
    // no qualifier before character 80: cut at a word with "…"
    const plain = `Đăng ký ${'biến động đất đai '.repeat(8)}`;
    const cut = shortenTitle(plain);
    expect(cut.length).toBeLessThanOrEqual(80);
    expect(cut).toMatch(/…$/);
    expect(plain.startsWith(cut.slice(0, -1))).toBe(true);
    expect(shortenTitle(`${'x'.repeat(60)} khu vực xa ${'y'.repeat(20)} cho người dân`)).toMatch(/…$/);
  });
});

describe('papers in the first bubble', () => {
  it('names each paper with how many originals and copies to bring', () => {
    expect(documentLabel({ name: 'Giấy chứng sinh', original: 1 }, t)).toBe('Giấy chứng sinh (1 bản chính)');
    expect(documentLabel({ name: 'Sổ hộ khẩu', copy: 2 }, t)).toBe('Sổ hộ khẩu (2 bản sao)');
    expect(documentLabel({ name: 'Tờ khai', original: 1, copy: 2 }, t)).toBe('Tờ khai (1 bản chính, 2 bản sao)');
    expect(documentLabel({ name: 'Căn cước' }, t)).toBe('Căn cước');
  });

  it('names up to three papers and counts the rest, with shorter fallbacks naming fewer', () => {
    const e = { ...birth, documents: docs(5) };
    expect(topDocumentsLines(e, t)).toEqual([
      '🗂️ Giấy tờ cần mang: Giấy tờ số 1 (1 bản chính), Giấy tờ số 2 (1 bản chính), Giấy tờ số 3 (1 bản chính) và 2 giấy tờ khác',
      '🗂️ Giấy tờ cần mang: Giấy tờ số 1 (1 bản chính), Giấy tờ số 2 (1 bản chính) và 3 giấy tờ khác',
      '🗂️ Giấy tờ cần mang: Giấy tờ số 1 (1 bản chính) và 4 giấy tờ khác',
    ]);
    expect(topDocumentsLines({ ...birth, documents: docs(2) }, t)).toEqual([
      '🗂️ Giấy tờ cần mang: Giấy tờ số 1 (1 bản chính), Giấy tờ số 2 (1 bản chính)',
      '🗂️ Giấy tờ cần mang: Giấy tờ số 1 (1 bản chính) và 1 giấy tờ khác',
    ]);
    expect(topDocumentsLines({ ...birth, documents: [] }, t)).toEqual([]);
    expect(topDocumentsLines({ ...birth, documents: undefined }, t)).toEqual([]);
  });

  it('a long paper name is cut to 45 characters', () => {
    const long = 'Bản sao giấy tờ chứng minh chỗ ở hợp pháp tại nơi đăng ký thường trú theo quy định';
    const [line] = topDocumentsLines({ ...birth, documents: [{ name: long, original: 1 }] }, t);
    const name = line!.replace('🗂️ Giấy tờ cần mang: ', '').replace(' (1 bản chính)', '');
    expect(name.length).toBeLessThanOrEqual(45);
    expect(name).toMatch(/…$/);
    expect(long.startsWith(name.slice(0, -1))).toBe(true);
  });
});

describe('the first sentence of a summary', () => {
  it('ends at the first . ! or ? followed by a space or the end', () => {
    expect(firstSentence('  Làm giấy khai sinh. Bố hoặc mẹ đi.  ')).toBe('Làm giấy khai sinh.');
    expect(firstSentence('Có mất phí không? Không.')).toBe('Có mất phí không?');
    expect(firstSentence('Nhanh lên! Kẻo muộn.')).toBe('Nhanh lên!');
    expect(firstSentence('Lệ phí 3.500 đồng một bản. Nộp ở xã.')).toBe('Lệ phí 3.500 đồng một bản.');
    expect(firstSentence('Dòng một\ncòn tiếp. Hai')).toBe('Dòng một\ncòn tiếp.');
    expect(firstSentence(' Không có dấu chấm ')).toBe('Không có dấu chấm');
    expect(firstSentence('Một câu.')).toBe('Một câu.');
  });
});

describe('the first bubble', () => {
  it('name, plain sentence, papers, fee, time, where: in that order, one per line', () => {
    expect(bubble(birth).split('\n')).toEqual([
      '📋 Đăng ký khai sinh',
      'Làm giấy khai sinh cho con mới sinh.',
      '🗂️ Giấy tờ cần mang: Giấy chứng sinh (1 bản chính), Căn cước của bố hoặc mẹ (1 bản chính)',
      '💰 Lệ phí: Miễn phí',
      '⏱️ Thời gian: Trong ngày',
      '📍 Nộp ở đâu: Bộ phận một cửa UBND xã nơi bố hoặc mẹ cư trú',
    ]);
  });

  it('a guide starts with 💡; facts the entry lacks are left out, not invented', () => {
    expect(bubble({ ...residence, kind: 'guide' })).toBe('💡 Đăng ký thường trú');
    expect(bubble(marriage)).toBe('📋 Thủ tục đăng ký kết hôn\n📍 Nộp ở đâu: Ủy ban nhân dân cấp xã (cấp xã)');
  });

  it('the asked-for fact moves right under the sentence, marked 👉, and is not repeated', () => {
    for (const [asked, line] of [['fee', '👉 💰 Lệ phí: Miễn phí'], ['duration', '👉 ⏱️ Thời gian: Trong ngày'], ['where', '👉 📍 Nộp ở đâu: Bộ phận một cửa UBND xã nơi bố hoặc mẹ cư trú']] as const) {
      const lines = bubble(birth, asked).split('\n');
      expect(lines[2], asked).toBe(line);
      expect(lines).toHaveLength(6);
      expect(lines.filter((l) => l.includes(line.slice(5, 12)))).toHaveLength(1);
    }
    // the papers already come first: unmarked
    expect(bubble(birth, 'documents')).toBe(bubble(birth));
    // a fact the entry lacks cannot be moved
    expect(bubble(marriage, 'fee')).toBe(bubble(marriage));
  });

  it('asked for the legal basis: it comes first when known, and nothing is added when not', () => {
    const lines = bubble(birth, 'legal_basis').split('\n');
    expect(lines[2]).toBe('⚖️ Căn cứ pháp lý: Luật Hộ tịch 2014');
    expect(bubble({ ...birth, legal_basis: ['Luật A', 'Nghị định B'] }, 'legal_basis')).toContain('⚖️ Căn cứ pháp lý: Luật A; Nghị định B');
    expect(bubble({ ...birth, legal_basis: [] }, 'legal_basis')).toBe(bubble(birth));
    expect(bubble(birth)).not.toContain('Căn cứ');
  });

  it('never over 350 characters: fewer papers are named first, the title and sentence stay readable', () => {
    const e: Entry = {
      ...birth,
      summary: `${'Người dân thường trú ở xã biên giới làm giấy thông hành để sang chợ biên giới phía bên kia '.repeat(2)}trong ngày. Câu hai.`,
      documents: docs(5, (i) => `Giấy tờ thứ ${i + 1} cần nộp khi làm thủ tục`),
      fee: 'Lệ phí theo quy định của Bộ Tài chính, nộp bằng tiền mặt hoặc chuyển khoản tại nơi nộp hồ sơ, có biên lai',
      duration: 'Trong ngày làm việc, nếu nộp hồ sơ trước 15 giờ; sau 15 giờ thì trả kết quả vào sáng ngày làm việc tiếp theo',
      where: 'Bộ phận tiếp nhận và trả kết quả của Công an xã, phường, thị trấn nơi người đề nghị thường trú',
    };
    const text = bubble(e);
    expect(text.length).toBeLessThanOrEqual(FIRST_BUBBLE_CHARS);
    const lines = text.split('\n');
    expect(lines[0]).toBe('📋 Đăng ký khai sinh');
    expect(lines[1]!.length).toBeGreaterThanOrEqual(60);
    expect(lines[1]).toMatch(/…$/);
    expect(e.summary!.startsWith(lines[1]!.slice(0, -1))).toBe(true);
    // one paper named, the other four counted: the papers are one tap away
    expect(lines[2]).toBe('🗂️ Giấy tờ cần mang: Giấy tờ thứ 1 cần nộp khi làm thủ tục (1 bản chính) và 4 giấy tờ khác');
    // fee, time and place each keep their label and the start of their value, cut at a word with "…"
    for (const [i, start, full] of [[3, '💰 Lệ phí: ', e.fee], [4, '⏱️ Thời gian: ', e.duration], [5, '📍 Nộp ở đâu: ', e.where]] as const) {
      expect(lines[i]!.startsWith(start)).toBe(true);
      expect(lines[i]).toMatch(/…$/);
      const value = lines[i]!.slice(start.length, -1);
      expect(value.length).toBeGreaterThan(10);
      expect(full!.startsWith(value)).toBe(true);
    }
    // the fee keeps more of its words than time and place
    expect(lines[3]!.length).toBeGreaterThan(lines[4]!.length);
    expect(lines[3]!.length).toBeGreaterThan(lines[5]!.length);
  });

  it('a long title is clipped to a readable start rather than pushing the sentence out', () => {
    const title = `Đăng ký ${'thay đổi cải chính bổ sung hộ tịch xác định lại dân tộc '.repeat(8)}`;
    const e: Entry = { ...birth, title, short_title: title, summary: `${'Sửa thông tin trên giấy khai sinh khi bị ghi sai '.repeat(5)}.`, documents: undefined };
    const lines = bubble(e).split('\n');
    expect(bubble(e).length).toBeLessThanOrEqual(FIRST_BUBBLE_CHARS);
    expect(lines[0]!.length).toBeGreaterThanOrEqual(40);
    expect(lines[0]).toMatch(/^📋 Đăng ký thay đổi.*…$/);
    expect(lines[1]).toMatch(/^Sửa thông tin/);
    expect(lines[1]!.length).toBeGreaterThan(lines[0]!.length);
    // the short facts are kept whole
    expect(lines.slice(2)).toEqual(['💰 Lệ phí: Miễn phí', '⏱️ Thời gian: Trong ngày', '📍 Nộp ở đâu: Bộ phận một cửa UBND xã nơi bố hoặc mẹ cư trú']);
  });

  it('when every line is at its shortest and still too long, the last lines go, the name stays', () => {
    const w = 'từ '.repeat(120);
    const e: Entry = { ...birth, short_title: `Tên ${w}`, summary: `Câu ${w}.`, fee: `Phí ${w}`, duration: `Hạn ${w}`, where: `Nơi ${w}`, legal_basis: [`Luật ${w}`], documents: docs(5, (i) => `Giấy ${i} ${w}`) };
    const text = bubble(e, 'legal_basis');
    expect(text.length).toBeLessThanOrEqual(FIRST_BUBBLE_CHARS);
    const lines = text.split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['📋', 'Câu', '⚖️', '🗂️', '💰', '⏱️']);
    expect(lines[0]).toMatch(/^📋 Tên từ/);
    expect(lines.every((l) => l.endsWith('…'))).toBe(true);
  });
});

describe('what is said when a fact is unknown', () => {
  it('names each missing fact in the answer\'s order, lower case, and offers a person', () => {
    expect(missingText(residence, t)).toBe('❔ Chưa có thông tin về: giấy tờ cần mang, lệ phí, thời gian, nộp ở đâu. Tôi không đoán; bạn hỏi người hỗ trợ nhé.');
    expect(missingText({ ...birth, fee: undefined }, t)).toBe('❔ Chưa có thông tin về: lệ phí. Tôi không đoán; bạn hỏi người hỗ trợ nhé.');
    expect(missingText(birth, t)).toBeNull();
  });
});

describe('the answer\'s parts', () => {
  it('first bubble, what is not known, the card, what to see next, feedback: in that order', () => {
    const parts = composeAnswer({ ...birth, fee: undefined }, 'vi', locales, { baseUrl: BASE });
    expect(parts.map((p) => p.type)).toEqual(['text', 'text', 'image', 'buttons', 'buttons']);
    expect(textOf(parts[0])).toBe(bubble({ ...birth, fee: undefined }));
    expect(textOf(parts[1])).toMatch(/^❔ Chưa có thông tin về: lệ phí\./);
    expect(parts[2]).toEqual({ type: 'image', url: cardUrl(BASE, birth.id, 'vi'), alt: 'Thẻ hướng dẫn: Đăng ký khai sinh' });
    expect(textOf(parts[3])).toBe('Xem tiếp:');
    expect(buttonsOf(parts[3])).toEqual(['field:1.001193:steps', 'field:1.001193:documents', 'field:1.001193:online']);
    expect((parts[3] as Extract<ReplyPart, { type: 'buttons' }>).buttons.map((b) => b.title)).toEqual(['🪜 Các bước', '🗂️ Giấy tờ', '🌐 Làm online']);
    expect(textOf(parts[4])).toBe('Câu trả lời có giúp được bạn không?');
  });

  it('without a base URL there is no card; with nothing more to see there is no "next" prompt', () => {
    const parts = composeAnswer(birth, 'vi', locales);
    expect(parts.some((p) => p.type === 'image')).toBe(false);
    const bare = composeAnswer({ ...birth, steps: [], documents: [], online: undefined }, 'vi', locales);
    expect(bare.filter((p) => p.type === 'buttons')).toHaveLength(1);
    const offline = composeAnswer({ ...birth, online: { mode: 'none', url: 'https://x.vn' } }, 'vi', locales);
    expect(buttonsOf(offline.find((p) => textOf(p) === 'Xem tiếp:'))).toEqual(['field:1.001193:steps', 'field:1.001193:documents']);
  });

  it('asked for the steps, the papers or the online way: they come right after the first bubble, and their button goes', () => {
    const steps = composeAnswer(birth, 'vi', locales, { field: 'steps' });
    expect(textOf(steps[1])).toMatch(/^🪜 Các bước:\n1\. /);
    expect(buttonsOf(steps.find((p) => textOf(p) === 'Xem tiếp:'))).toEqual(['field:1.001193:documents', 'field:1.001193:online']);
    const papers = composeAnswer(birth, 'vi', locales, { field: 'documents' });
    expect(textOf(papers[1])).toBe('🗂️ Giấy tờ cần mang:\n☐ Giấy chứng sinh (1 bản chính)\n☐ Căn cước của bố hoặc mẹ (1 bản chính)');
    expect(buttonsOf(papers.find((p) => textOf(p) === 'Xem tiếp:'))).toEqual(['field:1.001193:steps', 'field:1.001193:online']);
    const online = composeAnswer(birth, 'vi', locales, { field: 'online' });
    expect(textOf(online[1])).toBe('🌐 Làm được hoàn toàn trên mạng:');
    expect(online[2]).toEqual({ type: 'link', url: 'https://dichvucong.gov.vn/p/home/dvc-trang-chu.html', title: 'Mở Cổng dịch vụ công' });
    expect(buttonsOf(online.find((p) => textOf(p) === 'Xem tiếp:'))).toEqual(['field:1.001193:steps', 'field:1.001193:documents']);
    // a question about the fee adds no part of its own
    expect(composeAnswer(birth, 'vi', locales, { field: 'fee' })).toHaveLength(composeAnswer(birth, 'vi', locales).length);
  });

  it('in English without an English text: a note first, then the Vietnamese answer; a draft says it is one', () => {
    const parts = composeAnswer(birth, 'en', locales);
    expect(textOf(parts[0])).toBe('This procedure is not available in English yet. Here is the Vietnamese text:');
    expect(textOf(parts[1])).toMatch(/^📋 Đăng ký khai sinh\n/);
    const draft = composeAnswer({ ...birth, en: { title: 'Birth registration', review: 'draft' } } as Entry, 'en', locales);
    expect(textOf(draft[0])).toBe('(English draft, not yet checked: the details below stay in Vietnamese.)');
    const done = composeAnswer({ ...birth, en: { title: 'Birth registration' } } as Entry, 'en', locales);
    expect(textOf(done[0])).toMatch(/^📋 Birth registration\n/);
    expect(textOf(composeAnswer(birth, 'vi', locales)[0])).toMatch(/^📋/);
    // Tày has no such line in its locale: no note
    expect(textOf(composeAnswer(birth, 'tay', locales)[0])).toMatch(/^📋/);
  });

  it('a reviewed override\'s glossary follows the first bubble', () => {
    const e = { ...birth, en: { review: 'reviewed', title: 'Birth registration', glossary: { 'khai sinh': 'birth registration', 'UBND xã': 'commune office' } } } as Entry;
    const parts = composeAnswer(e, 'en', locales);
    expect(parts.map(textOf)).toContain('📖 Glossary:\n• khai sinh: birth registration\n• UBND xã: commune office'.replace('📖 Glossary:', locales.t('en', 'glossary.title')));
    expect(glossaryText(entryView(birth, 'vi'), t)).toBeNull();
  });
});

describe('what is one tap away', () => {
  it('steps: numbered with their icon, six at most, "and N more" for the rest; all of them on request', () => {
    const text = stepsText(vi(birth), t)!;
    const lines = text.split('\n');
    expect(lines[0]).toBe('🪜 Các bước:');
    expect(lines[1]).toBe('1. 📄 Chuẩn bị giấy chứng sinh <b>&');
    expect(lines[6]).toBe('6. 📬 Nhận giấy khai sinh');
    expect(lines[7]).toBe('… và 1 bước nữa');
    expect(lines).toHaveLength(8);
    const all = stepsText(vi(birth), t, true)!.split('\n');
    expect(all).toHaveLength(8);
    expect(all[7]).toBe('7. ▶️ Kiểm tra lại thông tin trên giấy');
    expect(stepsText(vi({ ...birth, steps: birth.steps!.slice(0, 6) }), t)!.split('\n')).toHaveLength(7);
    expect(stepsText(vi({ ...birth, steps: [] }), t)).toBeNull();
  });

  it('steps too long for one screen: those that fit, and how many more', () => {
    const steps = Array.from({ length: 5 }, (_, i) => ({ text: `Bước làm số ${i + 1} ${'rất dài '.repeat(20)}`, icon: 'form' }));
    const text = stepsText(vi({ ...birth, steps }), t)!;
    expect(text.length).toBeLessThanOrEqual(600);
    const shown = text.split('\n').filter((l) => /^\d\. /.test(l)).length;
    expect(shown).toBeLessThan(5);
    expect(text.endsWith(`… và ${5 - shown} bước nữa`)).toBe(true);
  });

  it('papers: a checklist; notes and form names only in the full list; a long list says how many more', () => {
    const e = { ...birth, documents: [{ name: 'Tờ khai', original: 1, form: 'Mẫu TK1', note: 'điền sẵn' }, { name: 'Căn cước', note: 'xuất trình' }, { name: 'Ảnh' }] } as Entry;
    expect(documentsText(e, t, false)).toBe('🗂️ Giấy tờ cần mang:\n☐ Tờ khai (1 bản chính)\n☐ Căn cước\n☐ Ảnh');
    expect(documentsText(e, t, true)).toBe('🗂️ Giấy tờ cần mang:\n☐ Tờ khai (1 bản chính): Mẫu TK1; điền sẵn\n☐ Căn cước: xuất trình\n☐ Ảnh');
    const many = { ...birth, documents: docs(30, (i) => `Giấy tờ có tên khá dài số ${i + 1}`) };
    const short = documentsText(many, t, false)!;
    expect(short.length).toBeLessThanOrEqual(600);
    const listed = short.split('\n').filter((l) => l.startsWith('☐')).length;
    expect(short.endsWith(`…(+${30 - listed})`)).toBe(true);
    expect(documentsText(many, t, true)!.split('\n')).toHaveLength(31);
    expect(documentsText({ ...birth, documents: [] }, t, true)).toBeNull();
  });

  it('the online way: full, partial (with the link), or "apply in person"; nothing without a link', () => {
    expect(onlineParts(birth, t)).toEqual([
      { type: 'text', text: '🌐 Làm được hoàn toàn trên mạng:' },
      { type: 'link', url: 'https://dichvucong.gov.vn/p/home/dvc-trang-chu.html', title: 'Mở Cổng dịch vụ công' },
    ]);
    expect(textOf(onlineParts(marriage, t)[0])).toBe('🌐 Làm được một phần trên mạng:');
    expect(onlineParts({ ...birth, online: { mode: 'none' } }, t)).toEqual([{ type: 'text', text: '🌐 Thủ tục này chưa làm online được; bạn nộp trực tiếp.' }]);
    expect(onlineParts({ ...birth, online: undefined }, t)).toEqual([]);
  });

  it('feedback buttons: more (when there is more), listen, 👍, 👎, a person', () => {
    expect(answerButtons(birth, t, true)).toEqual({
      type: 'buttons',
      text: 'Câu trả lời có giúp được bạn không?',
      buttons: [
        { title: '📚 Xem thêm', payload: 'more:1.001193' },
        { title: '🔊 Nghe đọc', payload: 'audio:1.001193' },
        { title: '👍 Có ích', payload: 'feedback:up:1.001193' },
        { title: '👎 Chưa đúng', payload: 'feedback:down:1.001193' },
        { title: '🙋 Gặp người hỗ trợ', payload: 'handoff' },
      ],
    });
    expect(buttonsOf(answerButtons(birth, t, false))).toEqual(['audio:1.001193', 'feedback:up:1.001193', 'feedback:down:1.001193', 'handoff']);
  });
});

describe('an entry with only its name', () => {
  it('says only the name is known, gives the link it has, and offers a person', () => {
    const parts = composeAnswer(marriage, 'vi', locales, { baseUrl: BASE }).length;
    expect(parts).toBeGreaterThan(0);
    const only = { ...marriage, agency: undefined, level: undefined } as Entry;
    const stub = composeAnswer(only, 'vi', locales, { baseUrl: BASE });
    expect(textOf(stub[0])).toBe('📋 Thủ tục đăng ký kết hôn\n❔ Tôi mới có tên thủ tục này, chưa có hướng dẫn chi tiết. Chi tiết: hỏi người hỗ trợ.');
    expect(stub.map((p) => p.type)).toEqual(['text', 'text', 'link', 'image', 'buttons']);
    expect(stub[3]).toEqual({ type: 'image', url: cardUrl(BASE, only.id, 'vi'), alt: 'Thẻ hướng dẫn: Thủ tục đăng ký kết hôn' });
    // nothing more to see behind "Xem thêm": no such button
    expect(buttonsOf(stub[4])).toEqual(['audio:1.000894', 'feedback:up:1.000894', 'feedback:down:1.000894', 'handoff']);
    const noLink = composeAnswer({ ...only, online: undefined }, 'vi', locales, { baseUrl: BASE });
    expect(noLink.map((p) => p.type)).toEqual(['text', 'buttons']);
    expect(composeAnswer(only, 'vi', locales).some((p) => p.type === 'image')).toBe(false);
  });

  it('a long official name is shortened in the bubble, and "Xem thêm" offers the full one', () => {
    const only = { ...marriage, agency: undefined, level: undefined, online: undefined, title: OFFICIAL_TITLE } as Entry;
    const stub = composeAnswer(only, 'vi', locales);
    expect(textOf(stub[0])).toMatch(/^📋 Cấp giấy thông hành xuất, nhập cảnh vùng biên giới Việt Nam – Trung Quốc\n❔ /);
    expect(textOf(stub[0]).length).toBeLessThanOrEqual(FIRST_BUBBLE_CHARS);
    expect(buttonsOf(stub.at(-1))[0]).toBe('more:1.000894');
  });
});
