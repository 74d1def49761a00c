import type { FastifyInstance } from 'fastify';
import YAML from 'yaml';
import { fold } from '../nlu/normalize.js';
import type { AppServices } from '../services.js';
import { fail, type AdminRole } from './auth.js';
import { InvalidEntryError, StaleEditError, type KnowledgeEditor } from './knowledge-editor.js';
import { collectMissed, groupMissed } from './missed.js';
import { CLARIFY_AT } from '../core/decide.js';
import { TRANSLATION_LANGS } from '../domain/languages.js';
import type { AdminUser } from '../store/types.js';
import { LexiconWords, WordError, type WordLang } from './translations/lexicon-words.js';
import { unknownWordsOf } from './unknown-words.js';

/**
 * Below this confidence the matcher's best guess is not offered as the entry to add the question
 * to: the same floor under which the bot itself would not even ask "did you mean…" (CLARIFY_AT).
 */
export const PREFILL_FLOOR = CLARIFY_AT;

const EDITORS: AdminRole[] = ['admin', 'editor'];
/** Translators read missed questions too, to teach the bot the words it did not know. */
const TEACHERS: AdminRole[] = ['admin', 'editor', 'translator'];
const WORD_LANGS: WordLang[] = [...TRANSLATION_LANGS, 'vi'];

/** A new FAQ entry to finish in the editor: the question as title and example, nothing invented. */
export function draftEntryText(question: string): string {
  const slug = fold(question).split(' ').slice(0, 8).join('-').slice(0, 60) || 'question';
  const draft = { id: `faq-${slug}`, kind: 'faq', curated: false, title: question.trim(), domain: 'other', examples: [question.trim()], sources: [] as string[] };
  return `# Draft from a missed question: fill in summary, steps and the sources the facts come from.\n${YAML.stringify(draft, { lineWidth: 0 })}`;
}

/** Missed questions grouped by similarity; add one as an example, or draft a new entry from it. */
export async function missedRoutes(app: FastifyInstance, opts: { services: AppServices; editor: KnowledgeEditor }): Promise<void> {
  const { services, editor } = opts;
  const config = { roles: EDITORS };
  const tags = ['missed questions'];

  app.get('/missed', {
    config: { roles: TEACHERS }, schema: { tags, summary: 'Fallbacks, abandoned clarifications and 👎, grouped by similarity, with what the bot answers now',
      querystring: { type: 'object', properties: { days: { type: 'integer', minimum: 1, maximum: 365, default: 30 } } } },
  }, async (req) => {
    const now = Date.now();
    const since = now - (req.query as { days: number }).days * 86_400_000;
    const [events, feedback] = await Promise.all([
      services.store.listEvents({ since, limit: 50_000 }),
      services.store.listFeedback({ since, limit: 10_000 }),
    ]);
    const { matcher, kb } = services.knowledge.current();
    const groups = groupMissed(collectMissed(events, feedback, now)).slice(0, 200);
    return {
      groups: groups.map((g) => {
        const best = matcher.match(g.text).candidates[0];
        return { ...g, unknownWords: unknownWordsOf(matcher, g.questions.map((q) => q.text)), nowMatches: best && best.confidence >= PREFILL_FLOOR ? { id: best.id, title: kb.entries.get(best.id)?.title ?? best.title, confidence: Math.round(best.confidence * 100) / 100 } : null };
      }),
    };
  });

  app.post('/missed/add-example', {
    config, schema: { tags, summary: 'Add a question to an entry\'s examples; the matcher reloads at once',
      body: { type: 'object', required: ['entryId', 'question'], additionalProperties: false, properties: { entryId: { type: 'string', minLength: 1 }, question: { type: 'string', minLength: 2, maxLength: 300 } } } },
  }, async (req, reply) => {
    const { entryId, question } = req.body as { entryId: string; question: string };
    if (!services.knowledge.current().kb.entries.has(entryId)) return fail(reply, 'NOT_FOUND', `No entry with id "${entryId}"`, { field: 'entryId', reason: 'not found' });
    try {
      const change = await editor.addExample(entryId, question, req.adminUser!.name);
      const best = services.knowledge.current().matcher.match(question).candidates[0] ?? null;
      return { added: change !== null, changeId: change?.id ?? null, nowMatches: best };
    } catch (err) {
      if (err instanceof StaleEditError) return fail(reply, 'CONFLICT', err.message);
      if (err instanceof InvalidEntryError) return fail(reply, 'BAD_REQUEST', err.message, { field: err.problems[0]?.field, reason: err.problems[0]?.reason, problems: err.problems });
      throw err;
    }
  });

  app.post('/missed/draft', {
    config, schema: { tags, summary: 'YAML for a new FAQ entry drafted from a question (not saved)',
      body: { type: 'object', required: ['question'], additionalProperties: false, properties: { question: { type: 'string', minLength: 2, maxLength: 300 } } } },
  }, async (req) => ({ text: draftEntryText((req.body as { question: string }).question) }));

  app.post('/missed/teach-word', {
    config: { roles: TEACHERS }, schema: { tags, summary: 'Teach the bot a word of a missed question (word → Vietnamese meaning, language, example); used from the next message',
      body: { type: 'object', required: ['word', 'meaning', 'lang'], additionalProperties: false, properties: {
        word: { type: 'string', minLength: 1, maxLength: 60 }, meaning: { type: 'string', minLength: 1, maxLength: 120 },
        lang: { enum: WORD_LANGS }, example: { type: 'string', maxLength: 300 } } } },
  }, async (req, reply) => {
    const body = req.body as { word: string; meaning: string; lang: WordLang; example?: string };
    const user = req.adminUser as AdminUser;
    if (user.role === 'translator' && body.lang !== user.lang) return fail(reply, 'FORBIDDEN', `You translate ${user.lang ?? 'no language'}, not ${body.lang}`);
    try {
      const word = await LexiconWords.for(services).add(body.lang, body, user.name);
      const best = services.knowledge.current().matcher.match(body.example?.trim() || body.word).candidates[0] ?? null;
      return { word, nowMatches: best && best.confidence >= PREFILL_FLOOR ? best : null };
    } catch (err) {
      if (err instanceof WordError) return fail(reply, 'BAD_REQUEST', err.message, { field: 'word', reason: err.message });
      throw err;
    }
  });
}
