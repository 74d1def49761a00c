import { h } from './dom.js';

/** One step: icon picker, text, remove button; `onChange` is called on every edit. */
export function stepRow(step, icons, onChange) {
  const input = h('input', { class: 'step-text', value: step.text, dataset: { icon: step.icon }, on: { input: onChange } });
  const names = icons.some((i) => i.name === step.icon) ? icons : [{ name: step.icon, emoji: '?' }, ...icons];
  const pick = h('select', { class: 'step-icon', title: 'Biểu tượng', on: { change: () => { input.dataset.icon = pick.value; onChange(); } } },
    names.map((i) => h('option', { value: i.name, selected: i.name === step.icon }, `${i.emoji} ${i.name}`)));
  return h('li', {}, pick, input, h('button', { type: 'button', class: 'small', title: 'Xoá bước', on: { click: (ev) => { ev.target.closest('li').remove(); onChange(); } } }, '✕'));
}

/** The steps of a list as the form sends them (empty rows left out). */
export const stepValues = (list) => [...list.querySelectorAll('.step-text')].filter((i) => i.value.trim()).map((i) => ({ text: i.value.trim(), icon: i.dataset.icon || 'document' }));

/** "+ Thêm bước": a new row with the icon of the last step. */
export function addStepButton(list, icons, onChange, id) {
  return h('button', { type: 'button', id, class: 'add-step', on: { click: () => {
    const last = list.querySelector('li:last-child .step-text');
    list.append(stepRow({ text: '', icon: last?.dataset.icon ?? 'document' }, icons, onChange));
    list.querySelector('li:last-child input').focus();
  } } }, '+ Thêm bước');
}
