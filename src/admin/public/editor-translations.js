import { h, fill, showLines } from './dom.js';
import { stepRow, stepValues, addStepButton } from './step-row.js';

/**
 * The entry's translations as forms: title, summary, steps (with icons), villagers' questions,
 * glossary and source per language. Whatever is changed here is saved as a draft by the signed-in
 * user; a second translator reviews it on the Dịch tab before villagers see it.
 */
const TRANSLATED = [['tay', 'Tày'], ['dao', 'Dao (chung)'], ['dao-iumien', 'Dao Iu Mien'], ['dao-kimmun', 'Dao Kim Mun'], ['en', 'Anh']];
/** A Dao variant's text lives under `dao.variants`; it has no questions of its own. */
const override = (entry, lang) => (lang.startsWith('dao-') ? entry.dao?.variants?.[lang] : entry[lang]);
const hasExamples = (lang) => !lang.startsWith('dao-');
const REVIEW = { reviewed: '✓ Đã duyệt', draft: '✎ Nháp' };
const idle = (el) => !el.contains(document.activeElement);

export function translationSection(changed, icons) {
  const on = () => changed('translations');
  const boxes = Object.fromEntries(TRANSLATED.map(([lang]) => [lang, {
    title: h('input', { id: `tr-${lang}-title`, on: { input: on } }),
    summary: h('textarea', { id: `tr-${lang}-summary`, rows: 2, on: { input: on } }),
    source: h('input', { id: `tr-${lang}-source`, placeholder: 'người dịch, tài liệu hoặc https://…', on: { input: on } }),
    status: h('span', { class: 'badge', id: `tr-${lang}-status` }),
    steps: h('ol', { id: `tr-${lang}-steps`, class: 'steps' }),
    examples: hasExamples(lang) ? h('textarea', { id: `tr-${lang}-examples`, rows: 3, on: { input: on } }) : null,
    glossary: h('ul', { id: `tr-${lang}-glossary`, class: 'glossary' }),
    review: h('small', { class: 'muted', id: `tr-${lang}-reviews` }),
  }]));

  function glossaryRow(term, meaning) {
    return h('li', {},
      h('input', { class: 'gl-term', value: term, placeholder: 'Từ tiếng Việt', on: { input: on } }),
      h('input', { class: 'gl-meaning', value: meaning, placeholder: 'Giải thích', on: { input: on } }),
      h('button', { type: 'button', class: 'small', title: 'Xoá từ', on: { click: (ev) => { ev.target.closest('li').remove(); on(); } } }, '✕'));
  }

  /** "tiêu đề: nháp (an)" per field, so a translator sees what still waits for a second reader. */
  function reviewLine(o) {
    const names = { title: 'tên', summary: 'tóm tắt', steps: 'các bước', examples: 'câu hỏi', glossary: 'từ vựng' };
    return Object.entries(o?.fields ?? {}).map(([f, r]) => `${names[f] ?? f}: ${r.review === 'reviewed' ? 'đã duyệt' : 'nháp'}${r.author ? ` (${r.author}${r.reviewer ? `, duyệt: ${r.reviewer}` : ''})` : ''}`).join(' · ');
  }

  const el = h('fieldset', { id: 'translations' },
    h('legend', {}, 'Bản dịch (lưu là nháp; người dịch thứ hai duyệt ở thẻ Dịch; tiếng Dao Iu Mien / Kim Mun thay bản Dao chung cho người nói tiếng đó)'),
    TRANSLATED.map(([lang, name]) => {
      const b = boxes[lang];
      return h('details', { class: 'translation', id: `tr-${lang}` }, h('summary', {}, h('strong', {}, `Tiếng ${name} `), b.status),
        h('label', {}, 'Tên thủ tục', b.title), h('label', {}, 'Tóm tắt', b.summary),
        h('div', { class: 'tr-steps' }, h('span', {}, 'Các bước (chọn biểu tượng cho từng bước)'), b.steps, addStepButton(b.steps, icons, on, `tr-${lang}-add-step`)),
        b.examples ? h('label', {}, 'Câu hỏi mẫu bằng tiếng này (mỗi dòng một câu)', b.examples) : null,
        h('div', { class: 'tr-glossary' }, h('span', {}, 'Từ vựng: từ tiếng Việt trong thủ tục → giải thích'), b.glossary,
          h('button', { type: 'button', id: `tr-${lang}-add-word`, on: { click: () => { b.glossary.append(glossaryRow('', '')); b.glossary.querySelector('li:last-child input').focus(); } } }, '+ Thêm từ')),
        h('label', {}, 'Nguồn bản dịch', b.source), b.review);
    }));

  function fillTranslations(entry) {
    for (const [lang] of TRANSLATED) {
      const o = override(entry, lang);
      const b = boxes[lang];
      for (const f of ['title', 'summary', 'source']) if (document.activeElement !== b[f]) b[f].value = o?.[f] ?? '';
      if (idle(b.steps)) fill(b.steps, (o?.steps ?? []).map((s) => stepRow(s, icons, on)));
      if (b.examples && idle(b.examples)) showLines(b.examples, o?.examples);
      if (idle(b.glossary)) fill(b.glossary, Object.entries(o?.glossary ?? {}).map(([t, m]) => glossaryRow(t, m)));
      const review = o ? (o.fields?.title?.review ?? o.review) : null;
      fill(b.status, review ? REVIEW[review] : 'Chưa dịch');
      fill(b.review, reviewLine(o));
    }
  }

  const value = () => Object.fromEntries(TRANSLATED.map(([lang]) => {
    const b = boxes[lang];
    const glossary = [...b.glossary.querySelectorAll('li')].map((li) => ({ term: li.querySelector('.gl-term').value, meaning: li.querySelector('.gl-meaning').value }));
    const examples = b.examples && !b.examples.readOnly ? { examples: b.examples.value.split('\n').map((l) => l.trim()).filter(Boolean) } : {};
    return [lang, { title: b.title.value, summary: b.summary.value, source: b.source.value, steps: stepValues(b.steps), glossary, ...examples }];
  }));

  return { el, fill: fillTranslations, value };
}
