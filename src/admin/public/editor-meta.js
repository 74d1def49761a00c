import { h, fill, safeUrl } from './dom.js';
import { DOMAIN_NAMES, KIND_NAMES } from './labels.js';

/** 2026-12-31 → 31/12/2026. */
const toDay = (iso) => (/^\d{4}-\d{2}-\d{2}$/.test(iso ?? '') ? iso.split('-').reverse().join('/') : iso ?? '');

/**
 * About the entry: its category, the border-area flag, when its facts were last updated, and
 * (admin only) "Tôi đã kiểm tra với nguồn", which writes today's date with the sources in view.
 * The id, kind and "curated" flag are shown but not editable.
 */
export function metaSection(changed, me) {
  let reviewedClicked = false;
  const domain = h('select', { id: 'field-domain', on: { change: () => changed('domain') } }, Object.entries(DOMAIN_NAMES).map(([v, n]) => h('option', { value: v }, n)));
  const border = h('input', { type: 'checkbox', id: 'field-border-area', on: { change: () => changed('border_area') } });
  const updated = h('input', { id: 'field-updated', placeholder: 'ngày/tháng/năm', inputmode: 'numeric', on: { input: () => changed('updated') } });
  const fixed = h('p', { id: 'fixed-fields', class: 'muted' });
  const reviewed = h('p', { id: 'reviewed-date' });
  const sources = h('ul', { id: 'review-sources', class: 'sources' });
  const isAdmin = me?.role === 'admin';
  const reviewButton = isAdmin
    ? h('button', { type: 'button', id: 'reviewed-button', on: { click: () => { reviewedClicked = true; changed('reviewed'); } } }, '✔ Tôi đã kiểm tra với nguồn')
    : h('p', { class: 'muted' }, 'Chỉ quản trị viên xác nhận được "Tôi đã kiểm tra với nguồn".');

  function fillMeta(entry) {
    if (document.activeElement !== domain) domain.value = entry.domain;
    // a procedure's category is its folder: changing it moves the file, which the form does not do
    domain.disabled = entry.kind === 'procedure' && Boolean(entry.domain);
    domain.title = domain.disabled ? 'Lĩnh vực của thủ tục là thư mục chứa tệp; muốn đổi, nhờ người quản trị kỹ thuật chuyển tệp.' : '';
    border.checked = entry.border_area === true;
    if (document.activeElement !== updated) updated.value = toDay(entry.updated);
    fill(fixed, `Không sửa được trên trang: mã thủ tục ${entry.id}, loại mục "${KIND_NAMES[entry.kind] ?? entry.kind}", `,
      `"${entry.curated ? 'đã biên soạn' : 'chưa biên soạn'}" (người quản trị kỹ thuật đặt khi tạo hoặc biên soạn lại mục).`);
    fill(reviewed, entry.reviewed ? `Đã kiểm tra với nguồn ngày ${toDay(entry.reviewed)}.` : 'Chưa ai xác nhận đã kiểm tra mục này với nguồn.');
    fill(sources, (entry.sources ?? []).map((s) => h('li', {}, safeUrl(s) && /^https?:/.test(s) ? h('a', { href: safeUrl(s), target: '_blank', rel: 'noopener' }, s) : s)));
  }

  const values = {
    domain: () => domain.value,
    border_area: () => border.checked,
    updated: () => updated.value.trim(),
    reviewed: () => (reviewedClicked ? true : undefined),
  };

  const el = h('fieldset', { id: 'meta-box' }, h('legend', {}, 'Thông tin chung'),
    fixed,
    h('label', {}, 'Lĩnh vực', domain),
    h('label', { class: 'inline' }, border, ' Thủ tục vùng biên giới'),
    h('label', {}, 'Ngày cập nhật thông tin', updated),
    h('div', { id: 'review-box' }, reviewed, h('span', {}, 'Nguồn của mục này:'), sources, reviewButton));
  return { el, fill: fillMeta, has: (name) => name in values, value: (name) => values[name]() };
}
