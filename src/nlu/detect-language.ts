import type { Lang } from '../domain/messages.js';
import { clean } from './normalize.js';

/**
 * Says whether a message is clearly Tày, Dao (Iu Mien) or English, from distinctive words and
 * spellings only. Generic language-ID libraries were measured to miss Vietnamese typed without
 * diacritics and to know no Tày or Dao (shared/languages.md), so this is a small marker lexicon.
 * Returns null when unsure: the user can always pick with the language buttons.
 */
export function detectLanguage(text: string, markers: ReadonlyMap<string, 'tay' | 'dao'> = new Map()): Lang | null {
  // Acronyms and Roman numerals (HIV, III) are written in capitals: they say nothing about the language.
  const caps = new Set(text.normalize('NFC').split(/[^\p{L}]+/u).filter((w) => w.length > 1 && w === w.toUpperCase() && w !== w.toLowerCase()).map((w) => w.toLowerCase()));
  const words = clean(text).split(' ').filter((w) => w && !caps.has(w) && !/^[ivxlcdm]+$/.test(w));
  if (!words.length) return null;
  const joined = ` ${words.join(' ')} `;
  const markerHit = (lang: 'tay' | 'dao') => [...markers].some(([m, l]) => l === lang && joined.includes(` ${m.normalize('NFC').toLowerCase()} `));
  if (markerHit('tay') || words.some(isTaySpelling)) return 'tay';
  if (isEnglish(words)) return 'en';
  if (markerHit('dao') || words.some(isDaoSpelling)) return 'dao';
  return null;
}

/** Tày–Nùng letters Vietnamese never starts a syllable with (sl, pj, bj, mj, phj) and its doubled vowels. */
function isTaySpelling(word: string): boolean {
  return /^(sl|pj|bj|mj|phj)[aăâeêioôơuưy]/u.test(word) || /(ii|ưư|âư)/u.test(word);
}

/**
 * Iu Mien Unified Script: a final `v` tone letter and hn-/hl-/hm- onsets never occur in Vietnamese.
 * Final x/z are Iu Mien tones too, but also telex keystrokes (`ngax`), so only the lexicon counts them.
 */
function isDaoSpelling(word: string): boolean {
  return /^[a-z]+$/.test(word) && word.length >= 3 && (/[aeiou][a-z]*v$/.test(word) || /^(hn|hl|hm)[aeiouy]/.test(word) || /qc$/.test(word));
}

/** English words that are not Vietnamese syllables (so "the" = thẻ, "can" = cần, "long" are left out). */
const ENGLISH = new Set([
  'how', 'what', 'where', 'when', 'why', 'who', 'which', 'does', 'did', 'need', 'my', 'your', 'is', 'are', 'get',
  'apply', 'register', 'registration', 'birth', 'certificate', 'marriage', 'card', 'hello', 'please', 'thank',
  'thanks', 'you', 'want', 'help', 'english', 'of', 'for', 'with', 'and', 'land', 'house', 'document', 'documents',
  'fee', 'much', 'would', 'like', 'child', 'baby', 'passport', 'office', 'online', 'should', 'from', 'this', 'that',
  'have', 'make', 'new', 'lost', 'identity', 'residence', 'permit', 'license', 'licence', 'business', 'am', 'it',
]);

function isEnglish(words: string[]): boolean {
  if (!words.every((w) => /^[a-z0-9']+$/.test(w))) return false;
  const hits = new Set(words.filter((w) => ENGLISH.has(w)));
  return hits.size >= 2 && hits.size / new Set(words).size >= 0.4;
}
