import { h, safeUrl } from './dom.js';

const LANGS = { vi: 'Tiếng Việt', tay: 'Tày', dao: 'Dao', en: 'English' };

/** One reply part drawn as a chat bubble, the way a villager's phone shows it. */
function bubble(part) {
  switch (part.type) {
    case 'text':
      return h('div', { class: 'bubble' }, part.text);
    case 'buttons':
      return h('div', { class: 'bubble' }, part.text, h('div', { class: 'chat-buttons' }, part.buttons.map((b) => h('span', { class: 'chat-button' }, b.title))));
    case 'image': {
      const src = /^data:image\/(png|svg\+xml);base64,[A-Za-z0-9+/=]+$/.test(part.url) ? part.url : safeUrl(part.url);
      return h('div', { class: 'bubble image' }, src ? h('img', { src, alt: part.alt }) : part.alt);
    }
    case 'link': {
      const href = safeUrl(part.url);
      return h('div', { class: 'bubble' }, href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, `🔗 ${part.title}`) : part.title);
    }
    case 'audio':
      return h('div', { class: 'bubble' }, `🔊 ${part.title ?? ''}`);
    default:
      return h('div', { class: 'bubble' }, JSON.stringify(part));
  }
}

/** The four language columns of a preview. */
export function renderPreview(previews) {
  return h('div', { class: 'preview-grid' }, Object.entries(LANGS).map(([lang, name]) =>
    h('div', { class: 'phone', dataset: { lang } }, h('h4', {}, name), (previews[lang] ?? []).map(bubble))));
}
