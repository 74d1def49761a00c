import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import YAML, { isMap, isSeq } from 'yaml';
import type { TranslationLang } from '../../domain/languages.js';
import { loadKnowledge } from '../../knowledge/load.js';
import { fold } from '../../nlu/normalize.js';
import { SYLLABLES } from '../../nlu/syllables.js';
import type { AppServices } from '../../services.js';
import { lineDiff } from '../line-diff.js';

/** The language of a taught word: Tày, a Dao variant, or Vietnamese everyday words / slang (`vi`). */
export type WordLang = TranslationLang | 'vi';

/** A word a translator taught the bot (kept under `words:` in knowledge/lexicon/<tay|dao|synonyms>.yaml). */
export interface LexiconWord {
  word: string;
  meaning: string;
  lang: WordLang;
  example?: string;
  author?: string;
  added?: string;
}

export class WordError extends Error {}

const lexiconFile = (lang: WordLang) => `lexicon/${lang === 'vi' ? 'synonyms' : lang === 'tay' ? 'tay' : 'dao'}.yaml`;
const shared = new WeakMap<AppServices, LexiconWords>();

/**
 * Lexicon words from the translation page: the word goes into `synonyms` (so a question using it
 * is understood), into `markers` when no Vietnamese syllable could be mistaken for it (language
 * detection), and into `words` with its meaning, example and author. Saved like knowledge edits.
 */
export class LexiconWords {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly services: AppServices) {}

  /** One writer per app, so the translation page and the missed-questions page queue together. */
  static for(services: AppServices): LexiconWords {
    const known = shared.get(services);
    if (known) return known;
    const words = new LexiconWords(services);
    shared.set(services, words);
    return words;
  }

  private path(lang: WordLang): string {
    return path.join(this.services.config.knowledgeDir, lexiconFile(lang));
  }

  /** Known words of the language: translators' words plus the synonyms already in the file. */
  async list(lang: TranslationLang): Promise<LexiconWord[]> {
    const text = await fs.readFile(this.path(lang), 'utf8').catch(() => '');
    const data = (YAML.parse(text) ?? {}) as { synonyms?: Record<string, string>; words?: LexiconWord[] };
    const words = (data.words ?? []).filter((w) => w.lang === lang || lang === 'tay');
    const known = new Set(words.map((w) => w.word));
    for (const [word, meaning] of Object.entries(data.synonyms ?? {})) {
      if (!known.has(word)) words.push({ word, meaning: String(meaning), lang });
    }
    return words;
  }

  /** Words whose Vietnamese meaning occurs in the source text (shown beside each string). */
  glossaryFor(source: string, words: LexiconWord[]): { word: string; meaning: string }[] {
    const text = ` ${fold(source)} `;
    return words.filter((w) => text.includes(` ${fold(w.meaning)} `)).slice(0, 8).map((w) => ({ word: w.word, meaning: w.meaning }));
  }

  add(lang: WordLang, input: { word: string; meaning: string; example?: string }, user: string): Promise<LexiconWord> {
    const run = this.queue.catch(() => undefined).then(() => this.write(lang, input, user));
    this.queue = run;
    return run;
  }

  private async write(lang: WordLang, input: { word: string; meaning: string; example?: string }, user: string): Promise<LexiconWord> {
    const word = input.word.trim().normalize('NFC').toLowerCase();
    const meaning = input.meaning.trim().normalize('NFC');
    if (!/^[\p{L}\p{M}' -]+$/u.test(word)) throw new WordError('Từ chỉ gồm chữ cái (a word is letters only)');
    const file = this.path(lang);
    const before = await fs.readFile(file, 'utf8').catch(() => null);
    const doc = YAML.parseDocument(before ?? '');
    if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as never;
    const entry: LexiconWord = { word, meaning, lang, ...(input.example?.trim() ? { example: input.example.trim().normalize('NFC') } : {}), author: user, added: new Date().toISOString().slice(0, 10) };
    const words = doc.get('words');
    if (isSeq(words)) {
      if (words.items.some((w) => isMap(w) && w.get('word') === word && w.get('lang') === lang)) throw new WordError(`Từ "${word}" đã có (already known)`);
      words.add(doc.createNode(entry));
    } else doc.set('words', doc.createNode([entry]));
    setMapKey(doc, 'synonyms', word, meaning);
    const vietnameseLookalike = word.split(/\s+/).some((s) => SYLLABLES.has(s) || SYLLABLES.has(fold(s)));
    if (!vietnameseLookalike && lang !== 'vi') setMapKey(doc, 'markers', word, lang === 'tay' ? 'tay' : 'dao');
    const after = doc.toString({ lineWidth: 0 });
    await writeAtomic(file, after);
    try {
      const holder = this.services.knowledge;
      await holder.swap(await loadKnowledge(this.services.config.knowledgeDir, holder.current().kb.version + 1));
    } catch (err) {
      await writeAtomic(file, before);
      throw new WordError(`Không lưu được (the lexicon would not load): ${(err as Error).message}`);
    }
    await this.services.store.recordKnowledgeChange({ id: randomUUID(), at: Date.now(), user, file: lexiconFile(lang), before, after, diff: lineDiff(before, after) });
    this.services.log.info({ user, lang, word }, 'ADMIN_LEXICON_WORD_ADDED');
    return entry;
  }
}

function setMapKey(doc: YAML.Document, top: string, key: string, value: string): void {
  const node = doc.get(top);
  if (isMap(node)) {
    if (!node.has(key)) node.set(key, value);
  } else doc.set(top, doc.createNode({ [key]: value }));
}

async function writeAtomic(file: string, text: string | null): Promise<void> {
  if (text === null) return fs.rm(file, { force: true });
  const tmp = `${file}.${process.pid}.${randomUUID().slice(0, 8)}.tmp`;
  await fs.writeFile(tmp, text, 'utf8');
  await fs.rename(tmp, file);
}
