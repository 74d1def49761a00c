import { api } from './api.js';
import { h, fill, debounce } from './dom.js';
import { openEditor } from './editor.js';
import { DOMAIN_NAMES, KIND_NAMES } from './labels.js';

const LANG_NAMES = { tay: 'Tày', dao: 'Dao', en: 'English' };

/** The knowledge tab: search and filters on the left, the editor on the right. */
export async function knowledgeView(root, ctx) {
  const q = h('input', { id: 'kb-search', type: 'search', placeholder: 'Tìm (có dấu hay không dấu đều được)…' });
  const domain = h('select', { id: 'kb-domain' }, h('option', { value: '' }, 'Mọi lĩnh vực'));
  const curated = h('select', { id: 'kb-curated' }, h('option', { value: '' }, 'Mọi mục'), h('option', { value: 'true' }, 'Đã biên soạn'), h('option', { value: 'false' }, 'Chưa biên soạn'));
  const missing = h('select', { id: 'kb-missing' }, h('option', { value: '' }, 'Mọi bản dịch'), h('option', { value: 'any' }, 'Thiếu bản dịch'),
    ...Object.entries(LANG_NAMES).map(([v, n]) => h('option', { value: v }, `Thiếu tiếng ${n}`)));
  const stale = h('input', { id: 'kb-stale', type: 'checkbox' });
  const list = h('ul', { id: 'kb-list', class: 'list' });
  const count = h('p', { class: 'muted', id: 'kb-count' });
  const editorBox = h('div', { id: 'kb-editor', class: 'editor' }, h('p', { class: 'muted' }, 'Chọn một mục bên trái để sửa.'));

  async function refresh() {
    const params = new URLSearchParams();
    if (q.value.trim()) params.set('q', q.value.trim());
    for (const [k, el] of [['domain', domain], ['curated', curated], ['missing', missing]]) if (el.value) params.set(k, el.value);
    if (stale.checked) params.set('stale', 'true');
    const data = await api('GET', `/entries?${params}`);
    if (domain.options.length === 1) for (const d of data.domains) domain.append(h('option', { value: d }, DOMAIN_NAMES[d] ?? d));
    fill(count, `${data.matched} / ${data.total} mục`, data.matched > data.entries.length ? ` (hiện ${data.entries.length}; tìm để thu hẹp)` : '');
    fill(list, data.entries.map((e) => h('li', {},
      h('button', { type: 'button', class: 'entry-link', dataset: { id: e.id }, on: { click: () => open(e.id) } },
        h('strong', {}, e.title), h('br'), h('small', {}, `${e.id} · ${KIND_NAMES[e.kind] ?? e.kind} · ${DOMAIN_NAMES[e.domain] ?? e.domain}`, e.curated ? ' · ✔ đã biên soạn' : '', e.stale ? ' · ⚠ cũ' : '',
          e.missing.length ? ` · thiếu ${e.missing.map((l) => LANG_NAMES[l]).join(', ')}` : '')))));
  }

  function open(id, text) {
    return openEditor(editorBox, { id, text, onSaved: refresh, me: ctx.me });
  }

  const refreshSoon = debounce(refresh, 250);
  q.addEventListener('input', refreshSoon);
  for (const el of [domain, curated, missing, stale]) el.addEventListener('change', refresh);
  fill(root, h('div', { class: 'split' },
    h('aside', { class: 'card' }, q, h('div', { class: 'filters' }, domain, curated, missing, h('label', {}, stale, ' Cần kiểm tra lại (quá 1 năm)')), count, list),
    editorBox));
  await refresh();
  if (ctx.arg?.draft) await open(null, ctx.arg.draft);
  else if (ctx.arg?.id) await open(ctx.arg.id);
}
