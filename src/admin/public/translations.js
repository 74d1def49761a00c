import { api, upload } from './api.js';
import { h, fill } from './dom.js';

const LANGS = { tay: 'Tày', 'dao-iumien': 'Dao Iu Mien (Dao Thanh Phán)', 'dao-kimmun': 'Dao Kim Mun (Dao Thanh Y)' };
const STATUS = { missing: 'Chưa dịch', draft: '✎ Nháp', reviewed: '✓ Đã duyệt' };
const FILTERS = { all: 'Tất cả', missing: 'Chưa dịch', draft: 'Nháp chờ duyệt', reviewed: 'Đã duyệt' };

/**
 * The "Dịch" tab: the queue of strings to translate (most seen by villagers first), the Vietnamese
 * source, the words already known, the draft and its author, review by a second translator,
 * spreadsheet export / import and teaching the bot a word.
 */
export async function translationsView(root, ctx) {
  const me = ctx.me;
  const fixedLang = me.role === 'translator' ? me.lang : null;
  const langSelect = h('select', { id: 'tr-lang', disabled: Boolean(fixedLang) },
    Object.entries(LANGS).map(([v, n]) => h('option', { value: v, selected: v === (fixedLang ?? 'tay') }, n)));
  const filter = h('select', { id: 'tr-filter' }, Object.entries(FILTERS).map(([v, n]) => h('option', { value: v }, n)));
  const search = h('input', { id: 'tr-search', type: 'search', placeholder: 'Tìm câu tiếng Việt hoặc mã…' });
  const summary = h('p', { id: 'tr-summary', class: 'muted' });
  const status = h('p', { id: 'tr-status', role: 'status' });
  const list = h('div', { id: 'tr-queue', class: 'tr-queue' });
  const exportLinks = h('span', { class: 'tr-export' });
  const fileInput = h('input', { id: 'tr-file', type: 'file', accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const report = h('div', { id: 'tr-import-report' });
  const canWrite = me.role === 'translator';
  let items = [];

  const lang = () => langSelect.value;

  async function refresh() {
    const data = await api('GET', `/translations?lang=${encodeURIComponent(lang())}`);
    items = data.items;
    fill(exportLinks,
      h('a', { class: 'button', id: 'tr-export-xlsx', href: `/admin/api/translations/export?lang=${lang()}&format=xlsx`, download: '' }, '⬇ Tải về Excel (.xlsx)'),
      h('a', { class: 'button', id: 'tr-export-csv', href: `/admin/api/translations/export?lang=${lang()}&format=csv`, download: '' }, '⬇ Tải về CSV'));
    const count = (s) => items.filter((i) => i.status === s).length;
    fill(summary, `${items.length} câu · đã duyệt ${count('reviewed')} · nháp ${count('draft')} · chưa dịch ${count('missing')}. Người dân chỉ thấy câu đã duyệt; câu chưa duyệt hiện bằng tiếng Việt.`);
    render();
  }

  function render() {
    const q = search.value.trim().toLowerCase();
    const shown = items.filter((i) => (filter.value === 'all' || i.status === filter.value) && (!q || i.key.toLowerCase().includes(q) || i.source.toLowerCase().includes(q) || i.text.toLowerCase().includes(q)));
    fill(list, shown.length ? shown.slice(0, 200).map(row) : h('p', { class: 'muted' }, 'Không có câu nào.'));
  }

  function row(item) {
    const text = h('textarea', { class: 'tr-text', rows: item.formOnly ? Math.min(8, item.text.split('\n').length) : 2, value: item.text, disabled: !canWrite || item.formOnly, 'aria-label': `Bản dịch ${item.key}` });
    const note = h('span', { class: 'tr-note', role: 'status' });
    const mine = item.author === me.user;
    const save = h('button', { type: 'button', class: 'primary tr-save', hidden: !canWrite || item.formOnly, on: { click: () => act(item, note, 'PUT', '/translations', { lang: lang(), key: item.key, text: text.value }) } }, 'Lưu nháp');
    const review = h('button', {
      type: 'button', class: 'tr-review', hidden: !canWrite || item.status !== 'draft', disabled: mine,
      title: mine ? 'Bạn viết câu này: một người dịch khác phải duyệt' : 'Đánh dấu đã duyệt: người dân sẽ thấy câu này',
      on: { click: () => act(item, note, 'POST', '/translations/review', { lang: lang(), key: item.key }) },
    }, mine ? 'Chờ người khác duyệt' : '✓ Duyệt');
    return h('article', { class: `tr-row ${item.status}`, dataset: { key: item.key } },
      h('div', { class: 'tr-meta' },
        h('code', {}, item.key),
        h('span', { class: `badge ${item.status}` }, STATUS[item.status]),
        h('span', { class: 'muted' }, `${item.views} lượt xem / 30 ngày`)),
      h('div', { class: 'tr-source' }, h('small', { class: 'muted' }, 'Tiếng Việt (gốc)'), h('div', {}, item.source)),
      item.glossary?.length ? h('div', { class: 'tr-glossary' }, h('small', { class: 'muted' }, 'Từ đã biết: '), item.glossary.map((g) => h('span', { class: 'word' }, `${g.word} = ${g.meaning}`))) : null,
      h('label', { class: 'tr-draft' }, `Bản dịch ${LANGS[lang()]}`, text),
      item.formOnly ? h('small', { class: 'muted tr-form-only' }, 'Các bước, câu hỏi và từ điển được sửa trên trang Kiến thức của thủ tục này; ở đây chỉ duyệt.') : null,
      h('div', { class: 'actions' }, save, review, note,
        item.author ? h('small', { class: 'muted tr-author' }, `Người dịch: ${item.author}${item.reviewer ? ` · người duyệt: ${item.reviewer}` : ''}`) : null));
  }

  async function act(item, note, method, path, body) {
    try {
      const res = await api(method, path, body);
      Object.assign(item, res.item);
      fill(note, h('span', { class: 'ok' }, method === 'PUT' ? 'Đã lưu nháp.' : 'Đã duyệt: người dân sẽ thấy câu này.'));
      const el = list.querySelector(`[data-key="${CSS.escape(item.key)}"]`);
      const fresh = row(item);
      fresh.querySelector('.tr-note').replaceWith(note);
      el?.replaceWith(fresh);
    } catch (err) {
      fill(note, h('span', { class: 'error' }, err.message));
    }
  }

  async function importFile() {
    const file = fileInput.files?.[0];
    if (!file) return fill(report, h('span', { class: 'error' }, 'Chọn tệp .xlsx hoặc .csv trước.'));
    fill(report, 'Đang nhập…');
    try {
      const res = await upload(`/translations/import?lang=${encodeURIComponent(lang())}`, file);
      fill(report,
        h('p', { class: 'ok' }, `Đã nhận ${res.accepted} dòng (lưu làm nháp), bỏ qua ${res.unchanged} dòng không đổi, ${res.rejected.length} dòng lỗi.`),
        res.rejected.length ? h('table', { class: 'grid', id: 'tr-rejected' },
          h('thead', {}, h('tr', {}, h('th', {}, 'Dòng'), h('th', {}, 'Lý do'))),
          h('tbody', {}, res.rejected.map((r) => h('tr', {}, h('td', { class: 'num' }, r.row), h('td', {}, r.reason))))) : null);
      await refresh();
    } catch (err) {
      fill(report, h('p', { class: 'error' }, err.message));
    }
  }

  const word = h('input', { id: 'word-word', required: true, maxLength: 60 });
  const meaning = h('input', { id: 'word-meaning', required: true, maxLength: 120 });
  const example = h('input', { id: 'word-example', maxLength: 300 });
  const wordStatus = h('span', { role: 'status' });
  const wordForm = h('form', { id: 'word-form', class: 'word-form', on: { submit: async (ev) => {
    ev.preventDefault();
    try {
      const res = await api('POST', '/translations/words', { lang: lang(), word: word.value, meaning: meaning.value, example: example.value || undefined });
      fill(wordStatus, h('span', { class: 'ok' }, `Chatbot đã học từ “${res.word.word}” = ${res.word.meaning}.`));
      word.value = meaning.value = example.value = '';
      await refresh();
    } catch (err) {
      fill(wordStatus, h('span', { class: 'error' }, err.message));
    }
  } } },
  h('label', {}, 'Từ (tiếng dân tộc)', word), h('label', {}, 'Nghĩa tiếng Việt', meaning), h('label', {}, 'Câu ví dụ', example),
  h('button', { type: 'submit', class: 'primary' }, 'Dạy chatbot từ này'), wordStatus);

  langSelect.addEventListener('change', refresh);
  filter.addEventListener('change', render);
  search.addEventListener('input', render);
  fill(root,
    h('div', { class: 'card' },
      h('h2', {}, 'Dịch sang tiếng dân tộc'),
      h('div', { class: 'tr-toolbar' }, h('label', {}, 'Ngôn ngữ', langSelect), h('label', {}, 'Lọc', filter), h('label', { class: 'grow' }, 'Tìm', search)),
      summary, status),
    h('div', { class: 'tr-layout' },
      h('section', { class: 'card' }, h('h3', {}, 'Câu cần dịch (người dân xem nhiều nhất ở trên)'), list),
      h('aside', {},
        h('div', { class: 'card' }, h('h3', {}, 'Làm việc trên Excel'),
          h('p', { class: 'muted' }, 'Tải tệp về, điền cột “Bản dịch”, rồi nhập lại. Dòng sai được báo, dòng đúng lưu làm nháp.'),
          exportLinks,
          canWrite ? h('div', { class: 'tr-import' }, h('label', {}, 'Nhập tệp đã dịch', fileInput), h('button', { type: 'button', id: 'tr-import', on: { click: importFile } }, '⬆ Nhập tệp')) : null,
          report),
        canWrite ? h('div', { class: 'card' }, h('h3', {}, 'Dạy chatbot một từ'), wordForm) : null)));
  await refresh();
}
