import { h, fill, showLines } from './dom.js';

/** The entry's facts as forms: where to go, the ways to file with time and fee, conditions, dates, the official text. */

export const LEVEL_NAMES = { commune: 'Cấp xã', district: 'Cấp huyện (trước 7/2025)', province: 'Cấp tỉnh', ministry: 'Cấp bộ, trung ương', other: 'Khác' };
export const MODE_NAMES = { in_person: 'Nộp trực tiếp', online: 'Nộp trực tuyến', post: 'Gửi bưu điện' };
const TEXTS = [['agency', 'Cơ quan giải quyết'], ['short_title', 'Tên ngắn (hiện trước tên chính thức)'], ['result', 'Kết quả nhận được']];
const LISTS = [['conditions', 'Điều kiện (mỗi dòng một điều kiện)'], ['legal_basis', 'Căn cứ pháp lý (mỗi dòng một văn bản)'], ['keywords', 'Từ khoá (mỗi dòng một từ)']];
/** Facts that may carry an end date (`valid_until`). */
const DATED = [['fee', 'Lệ phí'], ['duration', 'Thời gian'], ['documents', 'Giấy tờ'], ['where', 'Nơi nộp'], ['agency', 'Cơ quan'], ['conditions', 'Điều kiện']];
const OFFICIAL = [['title', 'Tên chính thức', 1], ['agency', 'Cơ quan (theo văn bản)', 1], ['fee', 'Lệ phí (theo văn bản)', 3], ['duration', 'Thời gian (theo văn bản)', 3], ['conditions', 'Điều kiện (theo văn bản)', 3]];
const OFFICIAL_LISTS = [['steps', 'Các bước (theo văn bản, mỗi dòng một bước)'], ['documents', 'Giấy tờ (theo văn bản, mỗi dòng một loại)']];

/** 2026-12-31 → 31/12/2026 (the form shows and takes day/month/year; the server stores the schema's form). */
const toDay = (iso) => (/^\d{4}-\d{2}-\d{2}$/.test(iso ?? '') ? iso.split('-').reverse().join('/') : iso ?? '');
const amounts = (list) => (list ?? []).map((n) => Number(n).toLocaleString('vi-VN')).join('; ');
const lines = (el) => el.value.split('\n').map((l) => l.trim()).filter(Boolean);
const idle = (el) => !el.contains(document.activeElement);

export function factSections(changed) {
  const on = (name) => ({ input: () => changed(name), change: () => changed(name) });
  const texts = Object.fromEntries(TEXTS.map(([name]) => [name, h('input', { id: `field-${name}`, on: on(name) })]));
  const level = h('select', { id: 'field-level', on: on('level') }, h('option', { value: '' }, '(chưa ghi)'), Object.entries(LEVEL_NAMES).map(([v, n]) => h('option', { value: v }, n)));
  const levels = Object.entries(LEVEL_NAMES).map(([v, n]) => h('label', { class: 'inline' }, h('input', { type: 'checkbox', class: 'field-levels', value: v, on: on('levels') }), n));
  const lists = Object.fromEntries(LISTS.map(([name]) => [name, h('textarea', { id: `field-${name}`, rows: 3, on: on(name) })]));
  const channels = h('ul', { id: 'channels', class: 'channels' });
  const until = Object.fromEntries(DATED.map(([key]) => [key, h('input', { id: `until-${key}`, placeholder: 'ngày/tháng/năm', inputmode: 'numeric', on: on('valid_until') })]));
  const untilBox = h('div', { class: 'row3' }, DATED.map(([key, label]) => h('label', {}, label, until[key])));
  const official = Object.fromEntries(OFFICIAL.map(([name, , rows]) => [name, h(rows > 1 ? 'textarea' : 'input', { id: `official-${name}`, rows, on: on('official') })]));
  const officialLists = Object.fromEntries(OFFICIAL_LISTS.map(([name]) => [name, h('textarea', { id: `official-${name}`, rows: 3, on: on('official') })]));
  let extraDates = {};

  /** One way to file: mode, time, fee in words and in đồng, no fee, exemptions, end date; `from` remembers which item it was. */
  function channelRow(c, from) {
    const field = (cls, label, value, extra = {}, tag = 'input') => h('label', {}, label, h(tag, { class: cls, value: value ?? '', rows: tag === 'textarea' ? 2 : undefined, on: on('channels'), ...extra }));
    return h('li', { class: 'channel', dataset: from === undefined ? {} : { from: String(from) } },
      h('div', { class: 'row2' },
        h('label', {}, 'Cách nộp', h('select', { class: 'ch-mode', on: on('channels') }, Object.entries(MODE_NAMES).map(([v, n]) => h('option', { value: v, selected: v === c.mode }, n)))),
        field('ch-duration', 'Thời gian giải quyết', c.duration)),
      field('ch-fee', 'Lệ phí (ghi bằng lời, như văn bản)', c.fee, {}, 'textarea'),
      h('div', { class: 'row2' },
        field('ch-amounts', 'Số tiền (đồng; nhiều mức cách nhau bằng ;)', amounts(c.fee_vnd), { inputmode: 'numeric', placeholder: 'ví dụ 50.000' }),
        h('label', { class: 'inline' }, h('input', { type: 'checkbox', class: 'ch-free', checked: c.fee_free === true, on: on('channels') }), 'Miễn phí')),
      h('div', { class: 'row2' }, field('ch-exemption', 'Đối tượng được miễn, giảm', c.exemption), field('ch-until', 'Mức phí áp dụng đến ngày', toDay(c.valid_until), { placeholder: 'ngày/tháng/năm' })),
      h('button', { type: 'button', class: 'small', title: 'Xoá cách nộp này', on: { click: (ev) => { ev.target.closest('li').remove(); changed('channels'); } } }, '✕ Xoá cách nộp'));
  }

  const values = {
    level: () => level.value,
    levels: () => levels.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value),
    channels: () => [...channels.querySelectorAll('li.channel')].map((li) => {
      const v = (cls) => li.querySelector(cls).value.trim();
      return { ...(li.dataset.from === undefined ? {} : { from: Number(li.dataset.from) }), mode: v('.ch-mode'), duration: v('.ch-duration'), fee: v('.ch-fee'), fee_vnd: v('.ch-amounts'), fee_free: li.querySelector('.ch-free').checked, exemption: v('.ch-exemption'), valid_until: v('.ch-until') };
    }),
    valid_until: () => ({ ...extraDates, ...Object.fromEntries(DATED.map(([key]) => [key, until[key].value.trim()])) }),
    // a read-only list (an item holds a line break) is left out, so it stays as it is
    official: () => ({ ...Object.fromEntries(OFFICIAL.map(([name]) => [name, official[name].value.trim()])), ...Object.fromEntries(OFFICIAL_LISTS.filter(([name]) => !officialLists[name].readOnly).map(([name]) => [name, lines(officialLists[name])])) }),
  };
  for (const [name] of TEXTS) values[name] = () => texts[name].value.trim();
  for (const [name] of LISTS) values[name] = () => lines(lists[name]);

  const addChannel = h('button', { type: 'button', id: 'add-channel', on: { click: () => {
    const used = new Set([...channels.querySelectorAll('.ch-mode')].map((s) => s.value));
    const mode = Object.keys(MODE_NAMES).find((m) => !used.has(m));
    if (!mode) return;
    channels.append(channelRow({ mode }));
    changed('channels');
  } } }, '+ Thêm cách nộp');

  const el = [
    h('fieldset', { id: 'where-to-go' }, h('legend', {}, 'Nơi giải quyết'),
      h('label', {}, TEXTS[0][1], texts.agency), h('label', {}, 'Cấp gần người dân nhất', level),
      h('div', { class: 'levels' }, h('span', {}, 'Các cấp giải quyết: '), levels),
      h('label', {}, TEXTS[1][1], texts.short_title), h('label', {}, TEXTS[2][1], texts.result)),
    h('fieldset', { id: 'channels-box' }, h('legend', {}, 'Cách nộp, thời gian và lệ phí'),
      h('p', { class: 'muted' }, 'Mọi thông tin phải có nguồn: nếu lấy từ văn bản khác, thêm văn bản đó vào ô Nguồn (mục Liên kết).'), channels, addChannel),
    h('fieldset', { id: 'conditions-box' }, h('legend', {}, 'Điều kiện, căn cứ pháp lý, từ khoá'), LISTS.map(([name, label]) => h('label', {}, label, lists[name]))),
    h('fieldset', { id: 'valid-until' }, h('legend', {}, 'Thông tin có hiệu lực đến ngày (để trống nếu không có hạn)'), untilBox),
    h('details', { class: 'official' }, h('summary', {}, 'Văn bản gốc (người dân xem ở "📚 Xem thêm")'),
      OFFICIAL.map(([name, label]) => h('label', {}, label, official[name])), OFFICIAL_LISTS.map(([name, label]) => h('label', {}, label, officialLists[name]))),
  ];

  function fillFacts(entry) {
    for (const [name] of TEXTS) if (idle(texts[name])) texts[name].value = entry[name] ?? '';
    if (idle(level)) level.value = entry.level ?? '';
    for (const l of levels) { const i = l.querySelector('input'); if (document.activeElement !== i) i.checked = (entry.levels ?? []).includes(i.value); }
    for (const [name] of LISTS) if (idle(lists[name])) showLines(lists[name], entry[name]);
    if (idle(channels)) fill(channels, (entry.channels ?? []).map((c, i) => channelRow(c, i)));
    const dates = entry.valid_until ?? {};
    extraDates = Object.fromEntries(Object.entries(dates).filter(([k]) => !DATED.some(([key]) => key === k)));
    for (const [key] of DATED) if (idle(until[key])) until[key].value = toDay(dates[key]);
    for (const [name] of OFFICIAL) if (idle(official[name])) official[name].value = entry.official?.[name] ?? '';
    for (const [name] of OFFICIAL_LISTS) if (idle(officialLists[name])) showLines(officialLists[name], entry.official?.[name]);
  }

  return { el, fill: fillFacts, has: (name) => name in values, value: (name) => values[name]() };
}
