import { api } from './api.js';
import { h, fill, debounce, when, showLines } from './dom.js';
import { renderPreview } from './preview.js';
import { fieldName } from './labels.js';
import { factSections } from './editor-facts.js';
import { translationSection } from './editor-translations.js';
import { relatedSection } from './editor-related.js';
import { metaSection } from './editor-meta.js';
import { stepRow, stepValues, addStepButton } from './step-row.js';

let icons;
/** Lists edited one item per line. */
const LISTS = [['aliases', 'Tên gọi khác (mỗi dòng một tên)'], ['examples', 'Câu hỏi mẫu của người dân (mỗi dòng một câu)'], ['sources', 'Nguồn, đường dẫn (mỗi dòng một nguồn)']];
const ONLINE_MODES = { full: 'Làm trực tuyến toàn trình', partial: 'Trực tuyến một phần', none: 'Không làm trực tuyến' };
const FIELDS = [['title', 'Tên thủ tục', 'input'], ['summary', 'Tóm tắt (một câu dễ hiểu)', 'textarea'], ['fee', 'Lệ phí', 'input'], ['duration', 'Thời gian', 'input'], ['where', 'Nộp ở đâu', 'textarea']];

/** The entry editor: form fields and the YAML side by side, checked as you type. */
export async function openEditor(box, { id, text, onSaved, me }) {
  const state = { id, hash: null, file: null, isNew: id === null };
  if (!state.isNew) {
    const loaded = await api('GET', `/entries/${encodeURIComponent(id)}`);
    Object.assign(state, { hash: loaded.hash, file: loaded.file });
    text = loaded.text;
  }
  icons ??= (await api('GET', '/icons')).icons;
  const yaml = h('textarea', { id: 'yaml', spellcheck: false, rows: 24, value: text });
  const inputs = Object.fromEntries(FIELDS.map(([name, , tag]) => [name, h(tag, { id: `field-${name}`, name, rows: tag === 'textarea' ? 2 : undefined })]));
  const lists = Object.fromEntries(LISTS.map(([name]) => [name, h('textarea', { id: `field-${name}`, name, rows: 4, on: { input: () => formChanged(name) } })]));
  const onlineMode = h('select', { id: 'field-online-mode', on: { change: () => formChanged('online') } }, h('option', { value: '' }, '(chưa ghi)'), Object.entries(ONLINE_MODES).map(([v, n]) => h('option', { value: v }, n)));
  const onlineUrl = h('input', { id: 'field-online-url', type: 'url', placeholder: 'https://dichvucong.gov.vn/…', on: { input: () => formChanged('online') } });
  const steps = h('ol', { id: 'steps' });
  const documents = h('ul', { id: 'documents', class: 'documents' });
  const problems = h('ul', { id: 'problems', class: 'problems', role: 'status' });
  const status = h('p', { id: 'save-status', role: 'status' });
  const preview = h('div', { id: 'preview' });
  const history = h('div', { id: 'history' });
  const changed = new Set();
  const facts = factSections(formChanged);
  const meta = metaSection(formChanged, me);
  const translations = translationSection(formChanged, icons);
  const related = relatedSection(formChanged);
  const changedSteps = () => formChanged('steps');

  /** One paper to bring: name, originals, copies, note, form code, official wording; `from` remembers which item it was. */
  function documentRow(doc, from) {
    const changedDocs = () => formChanged('documents');
    const num = (cls, label, value) => h('label', { class: 'doc-num' }, label, h('input', { class: cls, type: 'number', min: 0, max: 99, value: value ?? '', on: { input: changedDocs } }));
    return h('li', { dataset: from === undefined ? {} : { from: String(from) } },
      h('label', { class: 'doc-name-label' }, 'Tên giấy tờ', h('input', { class: 'doc-name', value: doc.name ?? '', on: { input: changedDocs } })),
      num('doc-original', 'Bản chính', doc.original), num('doc-copy', 'Bản sao', doc.copy),
      h('button', { type: 'button', class: 'small', title: 'Xoá giấy tờ', on: { click: (ev) => { ev.target.closest('li').remove(); changedDocs(); } } }, '✕ Xoá'),
      h('label', { class: 'doc-note-label' }, 'Ghi chú', h('input', { class: 'doc-note', value: doc.note ?? '', on: { input: changedDocs } })),
      h('details', { class: 'doc-more', open: Boolean(doc.form) }, h('summary', {}, 'Mẫu đơn, cách ghi trong văn bản gốc'),
        h('label', {}, 'Mẫu đơn, tờ khai (mã mẫu, ví dụ Mẫu TK1-TS)', h('input', { class: 'doc-form', value: doc.form ?? '', on: { input: changedDocs } })),
        h('label', {}, 'Cách ghi trong văn bản gốc (người dân xem ở "📚 Xem thêm")', h('textarea', { class: 'doc-official', rows: 2, value: doc.official ?? '', on: { input: changedDocs } }))));
  }

  function fillForm(entry) {
    for (const [name] of FIELDS) if (document.activeElement !== inputs[name]) inputs[name].value = entry[name] ?? '';
    for (const [name] of LISTS) if (document.activeElement !== lists[name]) showLines(lists[name], entry[name]);
    if (document.activeElement !== onlineMode) onlineMode.value = entry.online?.mode ?? '';
    if (document.activeElement !== onlineUrl) onlineUrl.value = entry.online?.url ?? '';
    translations.fill(entry);
    related.fill(entry);
    meta.fill(entry);
    if (!steps.contains(document.activeElement)) fill(steps, (entry.steps ?? []).map((st) => stepRow(st, icons, changedSteps)));
    if (!documents.contains(document.activeElement)) fill(documents, (entry.documents ?? []).map((d, i) => documentRow(d, i)));
    facts.fill(entry);
  }

  function documentValues() {
    return [...documents.querySelectorAll('li')].filter((li) => li.querySelector('.doc-name').value.trim()).map((li) => {
      const number = (cls) => { const v = li.querySelector(cls).value; return v === '' ? undefined : Number(v); };
      const text = (cls) => li.querySelector(cls).value.trim() || undefined;
      return { ...(li.dataset.from === undefined ? {} : { from: Number(li.dataset.from) }), name: text('.doc-name'), original: number('.doc-original'), copy: number('.doc-copy'), note: text('.doc-note'), form: text('.doc-form') ?? '', official: text('.doc-official') ?? '' };
    });
  }

  function formFields() {
    const out = {};
    for (const name of changed) {
      out[name] = facts.has(name) ? facts.value(name)
        : meta.has(name) ? meta.value(name)
        : name === 'related' ? related.value()
        : name === 'steps' ? stepValues(steps)
        : name === 'documents' ? documentValues()
        : lists[name] ? lists[name].value.split('\n').map((l) => l.trim()).filter(Boolean)
        : name === 'online' ? (onlineMode.value ? { mode: onlineMode.value, url: onlineUrl.value.trim() } : undefined)
        : name === 'translations' ? translations.value()
        : inputs[name].value;
      if (out[name] === undefined) delete out[name];
    }
    changed.clear();
    return out;
  }

  function showProblems(list) {
    fill(problems, list.map((p) => h('li', { class: p.severity }, `Dòng ${p.line}: `, p.field ? h('strong', { title: p.field }, fieldName(p.field)) : '', ' ', p.reason)));
  }

  const validate = async () => {
    const res = await api('POST', '/entries/validate', { text: yaml.value, id: state.isNew ? undefined : state.id });
    showProblems(res.problems);
    if (res.entry) fillForm(res.entry);
    return res;
  };
  const validateSoon = debounce(validate, 300);
  /** Writes the form's changed fields into the YAML; false when the server refused them (shown). */
  async function applyFormChanges() {
    if (!changed.size) return true;
    const fields = formFields();
    try {
      const res = await api('POST', '/entries/patch', { text: yaml.value, fields });
      yaml.value = res.text;
      fill(status, '');
      await validate();
      return true;
    } catch (err) {
      for (const name of Object.keys(fields)) changed.add(name); // not applied: sent again with the next change
      const problems = err.details?.problems ?? [];
      fill(status, h('span', { class: 'error', id: 'form-problem' }, problems.length ? problems.map((p) => h('span', {}, h('strong', { title: p.field }, fieldName(p.field)), ': ', p.reason, ' ')) : err.message));
      return false;
    }
  }
  const patchSoon = debounce(applyFormChanges, 300);
  function formChanged(name) {
    changed.add(name);
    patchSoon();
  }
  for (const [name] of FIELDS) inputs[name].addEventListener('input', () => formChanged(name));
  yaml.addEventListener('input', validateSoon);

  async function doPreview() {
    try {
      fill(preview, renderPreview((await api('POST', '/entries/preview', { text: yaml.value })).previews));
    } catch (err) {
      fill(preview, h('p', { class: 'error' }, err.message));
    }
  }

  async function save() {
    // a change typed just before "Lưu" is still waiting for its debounce: write it in first, so the
    // save holds it and its late answer cannot wipe the "Đã lưu" message
    if (!(await applyFormChanges())) return;
    fill(status, 'Đang lưu…');
    try {
      const res = state.isNew
        ? await api('POST', '/entries', { text: yaml.value })
        : await api('PUT', `/entries/${encodeURIComponent(state.id)}`, { text: yaml.value, baseHash: state.hash });
      Object.assign(state, { hash: res.hash, id: res.change.entryId, file: res.change.file, isNew: false });
      fill(status, h('span', { class: 'ok' }, `Đã lưu ${res.change.file}. Chatbot đã dùng nội dung mới.`));
      await loadHistory();
      onSaved?.();
    } catch (err) {
      if (err.status === 409) fill(status, h('span', { class: 'error' }, 'Mục này vừa được người khác sửa. ', h('button', { type: 'button', on: { click: () => openEditor(box, { id: state.id, onSaved, me }) } }, 'Tải lại bản mới'), ' rồi sửa lại.'));
      else if (err.status === 400) { fill(status, h('span', { class: 'error' }, 'Chưa lưu: ', err.details?.field ? h('strong', { title: err.details.field }, fieldName(err.details.field)) : '', ' ', err.details?.reason ?? err.message)); showProblems(err.details?.problems ?? []); }
      else fill(status, h('span', { class: 'error' }, err.message));
    }
  }

  async function loadHistory() {
    if (state.isNew) return;
    const res = await api('GET', `/history?entryId=${encodeURIComponent(state.id)}`);
    fill(history, h('h3', {}, 'Lịch sử thay đổi'), res.changes.length ? res.changes.map((c) => h('details', { class: 'change' },
      h('summary', {}, `${when(c.at)} · ${c.user} · ${c.file}`),
      h('pre', { class: 'diff' }, c.diff.split('\n').map((l) => h('span', { class: l[0] === '+' ? 'add' : l[0] === '-' ? 'del' : '' }, l, '\n'))),
      h('button', { type: 'button', class: 'revert', on: { click: () => revert(c.id) } }, 'Hoàn tác thay đổi này'))) : h('p', { class: 'muted' }, 'Chưa có thay đổi nào.'));
  }

  async function revert(changeId) {
    try {
      await api('POST', `/history/${encodeURIComponent(changeId)}/revert`);
      await openEditor(box, { id: state.id, onSaved, me });
      fill(box.querySelector('#save-status'), h('span', { class: 'ok' }, 'Đã hoàn tác.'));
      onSaved?.();
    } catch (err) {
      fill(status, h('span', { class: 'error' }, err.status === 409 ? 'Không hoàn tác được: tệp đã đổi sau lần sửa đó. Hoàn tác các thay đổi mới hơn trước.' : err.message));
    }
  }

  const addStep = addStepButton(steps, icons, changedSteps, 'add-step');
  fill(box,
    h('h2', { id: 'editor-title' }, state.isNew ? 'Mục mới' : state.id), h('p', { class: 'muted' }, state.file ?? 'chưa lưu'),
    h('div', { class: 'editor-grid' },
      h('form', { class: 'card', id: 'entry-form', on: { submit: (ev) => ev.preventDefault() } },
        FIELDS.map(([name, label]) => h('label', {}, label, inputs[name])),
        LISTS.slice(0, 2).map(([name, label]) => h('label', {}, label, lists[name])),
        h('fieldset', { id: 'links' }, h('legend', {}, 'Liên kết'), h('label', {}, 'Dịch vụ công trực tuyến', onlineMode), h('label', {}, 'Đường dẫn nộp trực tuyến', onlineUrl), h('label', {}, LISTS[2][1], lists.sources)),
        facts.el, related.el,
        h('fieldset', {}, h('legend', {}, 'Các bước (chọn biểu tượng cho từng bước)'), steps, addStep),
        h('fieldset', {}, h('legend', {}, 'Giấy tờ cần mang'), documents,
          h('button', { type: 'button', id: 'add-document', on: { click: () => { documents.append(documentRow({})); documents.querySelector('li:last-child .doc-name').focus(); } } }, '+ Thêm giấy tờ')),
        meta.el, translations.el),
      h('div', { class: 'card' }, h('label', { for: 'yaml' }, 'YAML (cho người rành kỹ thuật; sửa trực tiếp được)'), yaml, problems)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'preview-button', on: { click: doPreview } }, 'Xem trước'),
      h('button', { type: 'button', id: 'save-button', class: 'primary', on: { click: save } }, 'Lưu'), status),
    preview, history);
  await validate();
  await loadHistory();
}
