import { api } from './api.js';
import { h, s, fill } from './dom.js';
import { CHANNEL_NAMES, LANG_NAMES } from './labels.js';

const STATES = { open: 'Chưa ai nhận', assigned: 'Đã nhận', answered: 'Đã trả lời', closed: 'Đã đóng' };

/** Questions per day as stacked bars: answered (green), fallback (red), the rest (grey). */
function chart(days) {
  const W = 640, H = 180, pad = 24;
  const max = Math.max(1, ...days.map((d) => d.total));
  const bw = (W - pad * 2) / days.length;
  const y = (n) => ((H - pad * 2) * n) / max;
  return s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': 'Số câu hỏi mỗi ngày' },
    s('text', { x: 4, y: 14, class: 'axis' }, String(max)),
    s('line', { x1: pad, y1: H - pad, x2: W - pad, y2: H - pad, class: 'axis-line' }),
    days.map((d, i) => {
      const x = pad + i * bw + 2;
      const other = d.total - d.answered - d.fallback;
      let top = H - pad;
      const bar = (n, cls) => {
        top -= y(n);
        return n ? s('rect', { x, y: top, width: Math.max(1, bw - 4), height: y(n), class: cls }, s('title', {}, `${d.day}: ${n}`)) : null;
      };
      return s('g', {}, bar(d.answered, 'answered'), bar(d.fallback, 'fallback'), bar(other, 'other'),
        i % Math.ceil(days.length / 7) === 0 ? s('text', { x, y: H - 6, class: 'axis' }, d.day.slice(5)) : null);
    }));
}

const table = (title, rows) => h('div', { class: 'card' }, h('h3', {}, title),
  h('table', { class: 'grid' }, h('tbody', {}, rows.map(([k, v]) => h('tr', {}, h('td', {}, k), h('td', { class: 'num' }, v))))));

/** The numbers tab. */
export async function statsView(root) {
  const days = h('select', { id: 'stats-days' }, [7, 14, 30, 90].map((d) => h('option', { value: d, selected: d === 14 }, `${d} ngày`)));
  const body = h('div', { id: 'stats-body' });
  async function refresh() {
    const [st, tr] = await Promise.all([api('GET', `/stats?days=${days.value}`), api('GET', '/translations/coverage').catch(() => null)]);
    const answered = st.perDay.reduce((n, d) => n + d.answered, 0);
    const fallback = st.perDay.reduce((n, d) => n + d.fallback, 0);
    fill(body,
      h('div', { class: 'card' }, h('h3', {}, `Câu hỏi mỗi ngày (tổng ${st.total}: trả lời được ${answered}, không hiểu ${fallback})`), chart(st.perDay),
        h('p', { class: 'legend' }, h('span', { class: 'answered' }, '■ trả lời được'), ' ', h('span', { class: 'fallback' }, '■ không hiểu'), ' ', h('span', { class: 'other' }, '■ khác'))),
      h('div', { class: 'cards' },
        table('Theo ngôn ngữ', Object.entries(st.byLang).map(([k, n]) => [LANG_NAMES[k] ?? k, n])),
        table('Theo kênh', Object.entries(st.byChannel).map(([k, n]) => [CHANNEL_NAMES[k] ?? k, n])),
        table('Mục được hỏi nhiều nhất', st.topEntries.map((e) => [e.title, e.count])),
        tr ? table('Bản dịch: phần người dân đã xem (30 ngày) có bản đã duyệt', Object.values(tr.languages).map((c) => [`${c.name}: ${c.reviewed} câu đã duyệt, ${c.draft} nháp`, c.trafficCoverage === null ? '—' : `${c.trafficCoverage}%`])) : null,
        table('Hỗ trợ trực tiếp', [...Object.entries(st.cases.byState).map(([k, n]) => [STATES[k] ?? k, n]), ['Thời gian đến lần trả lời đầu (phút, trung vị)', st.cases.medianMinutesToFirstReply ?? '—']])));
  }
  days.addEventListener('change', refresh);
  fill(root, h('h2', {}, 'Số liệu'), days, body);
  await refresh();
}
