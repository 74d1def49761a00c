import { api } from './api.js';
import { h, fill, when } from './dom.js';
import { CHANNEL_NAMES as CHANNELS, LANG_NAMES as LANGS } from './labels.js';

const STATES = { open: 'Chưa ai nhận', assigned: 'Đã nhận', answered: 'Đã trả lời', closed: 'Đã đóng' };

/** The cases inbox: take, reply, close, the same actions as the chat commands. */
export async function casesView(root) {
  const filter = h('select', { id: 'case-state' }, h('option', { value: 'open,assigned,answered' }, 'Đang mở'), Object.entries(STATES).map(([v, n]) => h('option', { value: v }, n)));
  const list = h('div', { id: 'case-list' });
  const failures = h('div', { id: 'case-failures' });
  const status = h('p', { role: 'status' });

  async function act(c, action, body) {
    try {
      await api('POST', `/cases/${encodeURIComponent(c.id)}/${action}`, body);
      fill(status);
      await refresh();
    } catch (err) {
      fill(status, h('span', { class: 'error' }, err.message));
    }
  }

  function card(c) {
    const reply = h('input', { class: 'case-reply', placeholder: 'Trả lời người dân…', maxLength: 2000 });
    return h('article', { class: 'card case', dataset: { id: c.id } },
      h('h3', {}, `#${c.id} · ${c.villagerName ?? 'Người dân chưa cho biết tên'} · ${c.communeName ?? 'chưa rõ xã'}`),
      h('p', { class: 'muted case-meta' }, `${STATES[c.state]}${c.assignee ? ` · ${c.assignee}` : ''} · ${CHANNELS[c.channel] ?? c.channel} · ${LANGS[c.lang] ?? c.lang} · ${when(c.createdAt)}`),
      c.question ? h('blockquote', {}, c.question) : '',
      h('ul', { class: 'messages' }, c.messages.slice(-8).map((m) => h('li', { class: m.from }, h('b', {}, m.name ?? (m.from === 'user' ? c.villagerName ?? 'Người dân' : m.from === 'bot' ? 'Chatbot' : 'Tổ hỗ trợ')), ': ', m.text))),
      c.state === 'closed' ? '' : h('form', { on: { submit: (ev) => { ev.preventDefault(); if (reply.value.trim()) act(c, 'reply', { text: reply.value }); } } },
        !c.assignee ? h('button', { type: 'button', on: { click: () => act(c, 'take') } }, 'Nhận') : '',
        reply, h('button', { type: 'submit' }, 'Gửi'),
        h('button', { type: 'button', on: { click: () => act(c, 'close') } }, 'Đóng')),
      c.state === 'answered' || c.state === 'closed' ? toKnowledge(c) : '');
  }

  /** An answered case's question as an example of an entry, or a draft FAQ for an editor (admins). */
  function toKnowledge(c) {
    const entry = h('input', { class: 'case-entry', placeholder: 'Mã thủ tục (vd 1.001193)', maxLength: 100 });
    return h('form', { class: 'case-knowledge', on: { submit: (ev) => { ev.preventDefault(); if (entry.value.trim()) act(c, 'promote', { entryId: entry.value.trim() }); } } },
      entry, h('button', { type: 'submit' }, 'Thêm câu hỏi vào thủ tục'),
      h('button', { type: 'button', on: { click: () => act(c, 'draft-faq') } }, 'Soạn FAQ nháp'));
  }

  async function refresh() {
    const { cases, notifyFailures } = await api('GET', `/cases?state=${filter.value}`);
    fill(failures, notifyFailures?.length ? h('div', { class: 'card warn' }, h('strong', {}, 'Thông báo không gửi được:'),
      h('ul', {}, notifyFailures.map((f) => h('li', {}, `Không gửi được thông báo cho ${f.name}: ${f.reason}, lúc ${when(f.at)}`, f.caseId ? ` (ca #${f.caseId})` : '')))) : '');
    fill(list, cases.length ? cases.map(card) : h('p', { class: 'muted' }, 'Không có yêu cầu nào.'));
  }

  filter.addEventListener('change', refresh);
  fill(root, h('h2', {}, 'Hỗ trợ trực tiếp'), filter, status, failures, list);
  await refresh();
}
