import { api } from './api.js';
import { h, fill, when } from './dom.js';

const WORD_LANGS = { tay: 'Tày', 'dao-kimmun': 'Dao Kim Mun (Dao Thanh Y)', 'dao-iumien': 'Dao Iu Mien (Dao Thanh Phán)', vi: 'Tiếng Việt (từ địa phương, tiếng lóng)' };
const REASONS = { fallback: 'không hiểu', clarify_abandoned: 'hỏi lại rồi bỏ', thumbs_down: '👎', not_this: '“Không phải”' };

/** Missed questions grouped by similarity; add one to an entry's examples or draft a new entry. */
export async function missedView(root, ctx) {
  const days = h('select', { id: 'missed-days' }, [7, 30, 90].map((d) => h('option', { value: d, selected: d === 30 }, `${d} ngày qua`)));
  const table = h('div', { id: 'missed-groups' });
  const status = h('p', { id: 'missed-status', role: 'status' });
  const choices = h('datalist', { id: 'entry-choices' });
  let loaded = false;

  async function refresh() {
    const [missed, list] = await Promise.all([api('GET', `/missed?days=${days.value}`), loaded || !editor ? null : api('GET', '/entries?limit=5000')]);
    if (list) fill(choices, list.entries.map((e) => h('option', { value: e.id, label: e.title })));
    loaded = true;
    if (!missed.groups.length) return fill(table, h('p', { class: 'muted' }, 'Không có câu hỏi nào bị bỏ lỡ. 🎉'));
    fill(table, h('table', { class: 'grid' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Câu hỏi'), h('th', {}, 'Số lần'), h('th', {}, 'Lý do'), h('th', {}, 'Chatbot trả lời bây giờ'), h('th', {}, 'Việc cần làm'))),
      h('tbody', {}, missed.groups.map(row))));
  }

  const editor = ctx.me?.role !== 'translator';

  /** "Dạy bot từ này": a word of the question the bot does not know → its Vietnamese meaning, language, example. */
  function teachForm(g, question) {
    const words = g.unknownWords ?? [];
    if (!words.length) return '';
    const word = h('select', { class: 'teach-word', title: 'Từ chatbot chưa biết' }, words.map((w) => h('option', { value: w }, w)));
    const meaning = h('input', { class: 'teach-meaning', placeholder: 'Nghĩa tiếng Việt, ví dụ: giấy tờ', maxLength: 120, required: true });
    const mine = ctx.me?.role === 'translator' ? ctx.me.lang : null;
    const lang = h('select', { class: 'teach-lang', title: 'Tiếng' }, Object.entries(WORD_LANGS).filter(([v]) => !mine || v === mine).map(([v, n]) => h('option', { value: v }, n)));
    const example = h('input', { class: 'teach-example', value: question, maxLength: 300, title: 'Câu ví dụ' });
    const note = h('span', { class: 'teach-note', role: 'status' });
    async function teach(ev) {
      ev.preventDefault();
      try {
        const res = await api('POST', '/missed/teach-word', { word: word.value, meaning: meaning.value.trim(), lang: lang.value, example: example.value.trim() || undefined });
        fill(note, h('span', { class: 'ok' }, `Đã dạy “${res.word.word}” = “${res.word.meaning}”.`, res.nowMatches ? ` Bây giờ chatbot hiểu câu này là: ${res.nowMatches.title}.` : ''));
      } catch (err) {
        fill(note, h('span', { class: 'error' }, err.message));
      }
    }
    return h('details', { class: 'teach' }, h('summary', {}, `Dạy bot từ này (${words.join(', ')})`),
      h('form', { class: 'teach-form', on: { submit: teach } },
        h('label', {}, 'Từ chatbot chưa biết', word), h('label', {}, 'Nghĩa là (tiếng Việt)', meaning),
        h('label', {}, 'Tiếng', lang), h('label', {}, 'Câu ví dụ', example),
        h('button', { type: 'submit', class: 'teach-save' }, 'Dạy bot'), note));
  }

  function row(g) {
    const pick = h('input', { class: 'entry-pick', placeholder: 'mã mục, ví dụ 1.001193', value: g.nowMatches?.id ?? '' });
    pick.setAttribute('list', 'entry-choices');
    const question = g.questions[0].text;
    return h('tr', { dataset: { question } },
      h('td', {}, h('strong', {}, question), g.questions.slice(1, 5).map((q) => h('div', { class: 'muted' }, `“${q.text}” ×${q.count}`)), h('div', {}, h('small', { class: 'muted' }, `lần cuối ${when(g.lastAt)}`))),
      h('td', { class: 'num' }, g.count),
      h('td', {}, Object.entries(g.reasons).map(([r, n]) => h('div', {}, `${REASONS[r] ?? r}: ${n}`)),
        (g.judged ?? []).slice(0, 3).map((j) => h('div', { class: 'judged muted' }, `${REASONS[j.reason] ?? j.reason} → ${j.entryTitle ?? j.entryId ?? '?'}`))),
      h('td', {}, g.nowMatches ? `${g.nowMatches.title} (${Math.round(g.nowMatches.confidence * 100)}%)` : '—'),
      h('td', {}, editor ? [pick,
        h('button', { type: 'button', class: 'add-example', on: { click: () => addExample(pick.value, question) } }, 'Thêm làm câu hỏi mẫu'),
        h('button', { type: 'button', class: 'draft', on: { click: () => draft(question) } }, 'Soạn mục mới')] : '', teachForm(g, question)));
  }

  async function addExample(entryId, question) {
    entryId = entryId.trim();
    if (!entryId) return fill(status, h('span', { class: 'error' }, 'Chọn mục trước.'));
    try {
      const res = await api('POST', '/missed/add-example', { entryId, question });
      fill(status, h('span', { class: 'ok' }, res.added ? `Đã thêm “${question}” vào ${entryId}. ` : 'Câu này đã có sẵn. ',
        res.nowMatches ? `Bây giờ chatbot hiểu là: ${res.nowMatches.title}.` : ''));
      await refresh();
    } catch (err) {
      fill(status, h('span', { class: 'error' }, err.message));
    }
  }

  async function draft(question) {
    const res = await api('POST', '/missed/draft', { question });
    await ctx.show('knowledge', { draft: res.text });
  }

  days.addEventListener('change', refresh);
  fill(root, h('div', { class: 'card' }, h('h2', {}, 'Câu hỏi chatbot chưa trả lời được'), days, status, table, choices));
  await refresh();
}
