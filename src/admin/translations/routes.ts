import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../../errors.js';
import { LocaleFiles, watchLocales } from './locale-files.js';
import { TRANSLATION_LANGS, TRANSLATION_LANG_NAMES, type TranslationLang } from '../../domain/languages.js';
import { countViews } from '../../i18n/views.js';
import { trafficCoverage } from '../../i18n/coverage.js';
import type { AppServices } from '../../services.js';
import type { AdminUser } from '../../store/types.js';
import { fail, type AdminRole } from '../auth.js';
import { InvalidEntryError, StaleEditError, type KnowledgeEditor } from '../knowledge-editor.js';
import { entryItems, saveEntryField } from './entry-fields.js';
import { LexiconWords, WordError } from './lexicon-words.js';
import { placeholderProblem, sortQueue, statusOf, translationQueue, type TranslationItem } from './queue.js';
import { SheetError } from './sheet.js';
import { MAX_IMPORT_BYTES, exportFile, planImport, readSheet, type ImportPlan } from './spreadsheet.js';

const READERS: AdminRole[] = ['admin', 'editor', 'translator'];
const TRANSLATORS: AdminRole[] = ['translator'];
const LangQuery = { type: 'object', required: ['lang'], properties: { lang: { enum: [...TRANSLATION_LANGS] } } } as const;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A translator works in their own language only; admins and editors read every language. */
function mayUse(user: AdminUser, lang: TranslationLang): boolean {
  return user.role !== 'translator' || user.lang === lang;
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The translation workspace (`/admin/api/translations…`): the queue by views, drafts, review by a
 * second translator, spreadsheet export / import and lexicon words.
 */
export async function translationRoutes(app: FastifyInstance, opts: { services: AppServices; editor: KnowledgeEditor }): Promise<void> {
  const { services, editor } = opts;
  const { config, store, log } = services;
  const files = new LocaleFiles({ localesDir: config.localesDir, knowledgeDir: config.knowledgeDir, locales: services.locales, store, log });
  const words = LexiconWords.for(services);
  if (config.reloadKnowledge) {
    const stop = watchLocales(files, config.localesDir, log);
    app.addHook('onClose', async () => stop());
  }

  const queue = async (lang: TranslationLang): Promise<TranslationItem[]> => {
    const views = await countViews(store);
    return sortQueue([...translationQueue(services.locales, lang, views), ...entryItems(services.knowledge.current().kb, lang, views)]);
  };

  /** Writes a draft or a review: strings into the locale file, entry fields into the entry's override. */
  async function save(lang: TranslationLang, item: TranslationItem, change: { text?: string; review: 'draft' | 'reviewed'; author?: string; reviewer?: string; source?: string }, user: string): Promise<void> {
    if (item.kind === 'entry') await saveEntryField(editor, lang, item.key, change, user);
    else await files.apply(lang, [{ key: item.key, ...change }], user);
  }

  /** A refused entry write (invalid, or changed meanwhile) as a 400/409 answer; anything else is rethrown. */
  function entryFailure(reply: FastifyReply, err: unknown): FastifyReply {
    if (err instanceof StaleEditError) return fail(reply, 'CONFLICT', err.message);
    if (err instanceof InvalidEntryError) return fail(reply, 'BAD_REQUEST', err.message, { problems: err.problems });
    throw err;
  }

  /** Resolves the language the caller may use, or answers 403 and resolves null. */
  function langFor(req: FastifyRequest, reply: FastifyReply, lang: TranslationLang): TranslationLang | null {
    const user = req.adminUser as AdminUser;
    if (mayUse(user, lang)) return lang;
    fail(reply, 'FORBIDDEN', `You translate ${user.lang ?? 'no language'}, not ${lang}`);
    return null;
  }

  app.get('/translations', {
    schema: { tags: ['translations'], summary: 'The translation queue of a language, most viewed by villagers (last 30 days) first', querystring: LangQuery },
    config: { roles: READERS },
  }, async (req, reply) => {
    const lang = langFor(req, reply, (req.query as { lang: TranslationLang }).lang);
    if (!lang) return reply;
    const items = await queue(lang);
    const lexicon = await words.list(lang);
    return { lang, name: TRANSLATION_LANG_NAMES[lang], items: items.map((i) => ({ ...i, glossary: words.glossaryFor(i.source, lexicon) })), words: lexicon };
  });

  app.get('/translations/coverage', {
    schema: { tags: ['translations'], summary: 'Per language: strings, reviewed, draft, and the share of the last 30 days\' traffic that exists reviewed' },
    config: { roles: [...READERS, 'team'] },
  }, async () => {
    const views = await countViews(store);
    const kb = services.knowledge.current().kb;
    return {
      languages: Object.fromEntries(TRANSLATION_LANGS.map((lang) => {
        const file = services.locales.files.get(lang);
        const keys = Object.keys(file?.strings ?? {});
        const reviewed = keys.filter((k) => statusOf(file, k) === 'reviewed').length;
        return [lang, { name: TRANSLATION_LANG_NAMES[lang], strings: keys.length, reviewed, draft: keys.length - reviewed, trafficCoverage: trafficCoverage(lang, file, kb.entries, views) }];
      })),
    };
  });

  app.put('/translations', {
    schema: {
      tags: ['translations'], summary: 'Save a translation as a draft written by the signed-in translator',
      body: { type: 'object', required: ['lang', 'key', 'text'], additionalProperties: false, properties: { lang: { enum: [...TRANSLATION_LANGS] }, key: { type: 'string', minLength: 1, maxLength: 200 }, text: { type: 'string', minLength: 1, maxLength: 2000 } } },
    },
    config: { roles: TRANSLATORS },
  }, async (req, reply) => {
    const body = req.body as { lang: TranslationLang; key: string; text: string };
    const lang = langFor(req, reply, body.lang);
    if (!lang) return reply;
    const item = (await queue(lang)).find((i) => i.key === body.key);
    if (!item) return fail(reply, 'NOT_FOUND', `No string or entry field "${body.key}" to translate`);
    if (item.formOnly) return fail(reply, 'BAD_REQUEST', 'Các bước, câu hỏi và từ điển của bản dịch được sửa trên trang của thủ tục (Kiến thức → mục đó), không sửa ở đây (edit on the entry form)', { field: 'key', reason: 'form only' });
    const text = body.text.trim().normalize('NFC');
    if (!text) return fail(reply, 'BAD_REQUEST', 'Bản dịch trống (the translation is empty)');
    const problem = placeholderProblem(item.source, text);
    if (problem) return fail(reply, 'BAD_REQUEST', `Sai chỗ điền: ${problem}`, { field: 'text', reason: problem });
    const user = (req.adminUser as AdminUser).name;
    if (text !== item.text || item.status !== 'reviewed') {
      try {
        await save(lang, item, { text, review: 'draft', author: user, source: `translator ${user}, admin page ${today()}` }, user);
      } catch (err) {
        return entryFailure(reply, err);
      }
    }
    return { item: (await queue(lang)).find((i) => i.key === body.key) };
  });

  app.post('/translations/review', {
    schema: {
      tags: ['translations'], summary: 'Mark a draft reviewed (a second translator of the language; never its author)',
      body: { type: 'object', required: ['lang', 'key'], additionalProperties: false, properties: { lang: { enum: [...TRANSLATION_LANGS] }, key: { type: 'string', minLength: 1, maxLength: 200 } } },
    },
    config: { roles: TRANSLATORS },
  }, async (req, reply) => {
    const body = req.body as { lang: TranslationLang; key: string };
    const lang = langFor(req, reply, body.lang);
    if (!lang) return reply;
    const item = (await queue(lang)).find((i) => i.key === body.key);
    if (!item) return fail(reply, 'NOT_FOUND', `No string or entry field "${body.key}" to translate`);
    if (item.status === 'missing') return fail(reply, 'BAD_REQUEST', 'Chưa có bản dịch để duyệt (nothing to review yet)');
    const user = (req.adminUser as AdminUser).name;
    if (item.author === user) return fail(reply, 'FORBIDDEN', 'Bạn là người dịch câu này: một người dịch khác phải duyệt (you wrote it; another translator must review it)');
    if (item.status !== 'reviewed') {
      try {
        await save(lang, item, { review: 'reviewed', reviewer: user }, user);
      } catch (err) {
        return entryFailure(reply, err);
      }
    }
    return { item: (await queue(lang)).find((i) => i.key === body.key) };
  });

  app.get('/translations/export', {
    schema: { tags: ['translations'], summary: 'The queue as a spreadsheet (CSV with a UTF-8 BOM, or XLSX)', querystring: { ...LangQuery, properties: { ...LangQuery.properties, format: { enum: ['csv', 'xlsx'], default: 'xlsx' } } } },
    config: { roles: READERS },
  }, async (req, reply) => {
    const q = req.query as { lang: TranslationLang; format: 'csv' | 'xlsx' };
    const lang = langFor(req, reply, q.lang);
    if (!lang) return reply;
    // a translation's lists are written on the entry form: one cell could not carry their steps and icons
    const body = exportFile((await queue(lang)).filter((i) => !i.formOnly), q.format, `dich-${lang}`);
    return reply
      .type(q.format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE)
      .header('content-disposition', `attachment; filename="dich-${lang}-${today()}.${q.format}"`)
      .send(body);
  });

  await app.register(async (upload) => {
    // The file itself is the body, whatever the browser calls its type; the importer sniffs it.
    upload.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 12 * 1024 * 1024 }, (_req, body, done) => done(null, body));
    upload.post('/translations/import', {
      schema: { tags: ['translations'], summary: 'Import a filled-in export: good rows saved as drafts, bad rows reported, unreadable files refused whole', querystring: LangQuery },
      config: { roles: TRANSLATORS },
      bodyLimit: 12 * 1024 * 1024,
    }, async (req, reply) => {
      const lang = langFor(req, reply, (req.query as { lang: TranslationLang }).lang);
      if (!lang) return reply;
      if (!Buffer.isBuffer(req.body)) return fail(reply, 'BAD_REQUEST', 'Gửi chính tệp .csv hoặc .xlsx làm nội dung (send the file itself as the body, not JSON or a form)');
      if (req.body.length > MAX_IMPORT_BYTES) return reply.code(413).send(errorBody('BODY_TOO_LARGE', `Tệp quá lớn: ${(req.body.length / 1048576).toFixed(1)} MB, tối đa ${MAX_IMPORT_BYTES / 1048576} MB (file too large; nothing was imported)`));
      const items = await queue(lang);
      let plan: ImportPlan;
      try {
        plan = planImport(readSheet(req.body), items);
      } catch (err) {
        if (err instanceof SheetError) return fail(reply, 'BAD_REQUEST', `${err.message} Không có dòng nào được nhập (nothing was imported).`);
        throw err;
      }
      const user = (req.adminUser as AdminUser).name;
      const source = `translator ${user}, spreadsheet import ${today()}`;
      const byKey = new Map(items.map((i) => [i.key, i]));
      const strings = plan.accepted.filter((a) => byKey.get(a.key)?.kind === 'string');
      // All strings of the file in one write; each entry file on its own (a refused one is reported as its row).
      if (strings.length) await files.apply(lang, strings.map((a) => ({ key: a.key, text: a.text, review: 'draft' as const, author: user, source })), user);
      let accepted = strings.length;
      for (const a of plan.accepted.filter((x) => byKey.get(x.key)?.kind === 'entry')) {
        try {
          await save(lang, byKey.get(a.key)!, { text: a.text, review: 'draft', author: user }, user);
          accepted++;
        } catch (err) {
          if (!(err instanceof InvalidEntryError || err instanceof StaleEditError)) throw err;
          plan.rejected.push({ row: a.row, reason: `Không lưu được mục: ${err.message}` });
        }
      }
      return { accepted, rejected: plan.rejected.sort((x, y) => x.row - y.row), unchanged: plan.unchanged };
    });
  });

  app.post('/translations/words', {
    schema: {
      tags: ['translations'], summary: 'Teach the bot a Tày or Dao word (word → Vietnamese meaning, with an example)',
      body: { type: 'object', required: ['lang', 'word', 'meaning'], additionalProperties: false, properties: { lang: { enum: [...TRANSLATION_LANGS] }, word: { type: 'string', minLength: 1, maxLength: 60 }, meaning: { type: 'string', minLength: 1, maxLength: 120 }, example: { type: 'string', maxLength: 300 } } },
    },
    config: { roles: TRANSLATORS },
  }, async (req, reply) => {
    const body = req.body as { lang: TranslationLang; word: string; meaning: string; example?: string };
    const lang = langFor(req, reply, body.lang);
    if (!lang) return reply;
    try {
      return { word: await words.add(lang, body, (req.adminUser as AdminUser).name) };
    } catch (err) {
      if (err instanceof WordError) return fail(reply, 'BAD_REQUEST', err.message);
      throw err;
    }
  });
}

