import type { Lang } from '../domain/messages.js';

/** Absolute URL of an entry's card image (served by src/media/plugin.ts). */
export function cardUrl(baseUrl: string, entryId: string, lang: Lang): string {
  return `${baseUrl}/media/cards/${encodeURIComponent(entryId)}.${lang}.png`;
}

/** Absolute URL of a synthesised speech file, named by the hash of what it says. */
export function audioUrl(baseUrl: string, hash: string, ext: string): string {
  return `${baseUrl}/media/audio/${hash}.${ext}`;
}
