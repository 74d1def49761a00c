import { LANGS, type Lang, type ReplyPart } from '../domain/messages.js';
import type { Entry } from '../knowledge/types.js';
import { cardContent, cardFontsAvailable, renderPng } from '../replies/card.js';
import { cardSvg } from '../replies/card-svg.js';
import { composeAnswer } from '../replies/compose.js';
import { cardUrl } from '../replies/media-urls.js';
import type { Locales } from '../replies/locales.js';

/**
 * The reply a villager would get for an entry as it stands in the editor (not yet saved), in every
 * language. The card image is drawn from the edited entry and inlined as a data URL, since
 * /media/cards only knows the saved one. The steps are shown under the first bubble, as for a
 * question that asks for them, so editors see what they edit.
 */
export function previewReplies(entry: Entry, locales: Locales, baseUrl: string): Record<Lang, ReplyPart[]> {
  const out = {} as Record<Lang, ReplyPart[]>;
  for (const lang of LANGS) {
    const card = cardUrl(baseUrl, entry.id, lang);
    out[lang] = composeAnswer(entry, lang, locales, { baseUrl, field: 'steps' }).map((part) =>
      part.type === 'image' && part.url === card ? { ...part, url: cardDataUrl(entry, lang, locales) } : part);
  }
  return out;
}

function cardDataUrl(entry: Entry, lang: Lang, locales: Locales): string {
  const svg = cardSvg(cardContent(entry, lang, locales));
  // Without the bundled fonts the PNG cannot be drawn; the browser then draws the SVG itself.
  if (!cardFontsAvailable()) return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
  return `data:image/png;base64,${renderPng(svg).toString('base64')}`;
}
