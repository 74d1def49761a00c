/** Builds elements; every string goes in as a text node, never as HTML. */
export function h(tag, props = {}, ...children) {
  const el = tag === 'svg' || props.svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false || key === 'svg') continue;
    if (key === 'on') for (const [ev, fn] of Object.entries(value)) el.addEventListener(ev, fn);
    else if (key === 'class') el.setAttribute('class', value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key in el && !(el instanceof SVGElement)) el[key] = value;
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An SVG element (same rules as h). */
export const s = (tag, props = {}, ...children) => h(tag, { ...props, svg: true }, ...children);

export const $ = (sel, root = document) => root.querySelector(sel);

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  for (const child of children.flat(Infinity)) if (child !== undefined && child !== null && child !== false) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Only http(s) links are made clickable. */
export function safeUrl(url) {
  try {
    const u = new URL(url, location.origin);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

export const when = (ms) => new Date(ms).toLocaleString('vi-VN');

const MULTILINE_NOTE = 'Có mục gồm nhiều dòng: ô này chỉ để xem (sửa ở đây sẽ tách mục đó thành nhiều mục). Sửa mục đó trong ô YAML.';

/**
 * Fills a one-item-per-line box. An item that itself holds a line break would be split on the
 * next edit, so such a box is made read-only with a note saying to edit it in the YAML.
 */
export function showLines(el, items) {
  const list = items ?? [];
  const multi = list.some((i) => String(i).includes('\n'));
  el.value = list.join('\n');
  el.readOnly = multi;
  el.classList.toggle('locked', multi);
  const note = el.nextElementSibling?.classList.contains('lock-note') ? el.nextElementSibling : null;
  if (multi && !note) el.after(h('small', { class: 'lock-note' }, MULTILINE_NOTE));
  else if (!multi && note) note.remove();
}
