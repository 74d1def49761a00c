import { api } from './api.js';
import { h, fill, debounce } from './dom.js';

/**
 * `related`: the entries a reply offers next, picked by title from a search (never typed as ids).
 * Titles of the ids already listed are fetched once per set of ids.
 */
export function relatedSection(changed) {
  const titles = new Map();
  let ids = [];
  const chosen = h('ul', { id: 'related-list', class: 'related' });
  const search = h('input', { id: 'related-search', type: 'search', placeholder: 'Gõ tên thủ tục để tìm (có dấu hay không dấu đều được)…', autocomplete: 'off' });
  const results = h('ul', { id: 'related-results', class: 'related-results' });

  function render() {
    fill(chosen, ids.length ? ids.map((id) => h('li', { dataset: { id } },
      h('span', { class: 'related-title' }, titles.get(id) ?? `(không tìm thấy thủ tục ${id})`), ' ', h('small', { class: 'muted' }, id), ' ',
      h('button', { type: 'button', class: 'small', title: 'Bỏ liên kết', on: { click: () => { ids = ids.filter((x) => x !== id); render(); changed('related'); } } }, '✕ Bỏ')))
      : h('li', { class: 'muted' }, 'Chưa có thủ tục liên quan.'));
  }

  const find = debounce(async () => {
    const q = search.value.trim();
    if (!q) return fill(results);
    const res = await api('GET', `/entries?${new URLSearchParams({ q, limit: '8' })}`);
    for (const e of res.entries) titles.set(e.id, e.title);
    fill(results, res.entries.map((e) => h('li', {},
      h('button', { type: 'button', class: 'related-pick', dataset: { id: e.id }, disabled: ids.includes(e.id), on: { click: () => {
        ids = [...ids, e.id];
        fill(results);
        search.value = '';
        render();
        changed('related');
      } } }, e.title, ' ', h('small', {}, e.id)))));
  }, 250);
  search.addEventListener('input', find);

  async function fillRelated(entry) {
    ids = [...(entry.related ?? [])];
    const unknown = ids.filter((id) => !titles.has(id));
    if (unknown.length) {
      const res = await api('GET', `/entries?${new URLSearchParams({ ids: unknown.join(','), limit: '100' })}`);
      for (const e of res.entries) titles.set(e.id, e.title);
    }
    render();
  }

  const el = h('fieldset', { id: 'related-box' }, h('legend', {}, 'Thủ tục liên quan (bot gợi ý cho người dân sau câu trả lời)'),
    chosen, h('label', {}, 'Thêm thủ tục liên quan', search), results);
  return { el, fill: fillRelated, value: () => ids };
}
