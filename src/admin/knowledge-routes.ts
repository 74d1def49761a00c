import type { FastifyInstance, FastifyReply } from 'fastify';
import YAML, { isMap } from 'yaml';
import type { Lang } from '../domain/messages.js';
import type { Entry } from '../knowledge/types.js';
import { fold } from '../nlu/normalize.js';
import { ICONS } from '../replies/icons.js';
import type { AppServices } from '../services.js';
import { fail, type AdminRole } from './auth.js';
import { validateEditedEntry, entryTextProblem } from './entry-validate.js';
import { previewReplies } from './preview.js';
import { keepLayout } from './keep-layout.js';
import { applyFormField, MORE_FORM_FIELDS } from './form-patch.js';
import { checkFormFields } from './form-check.js';
import { InvalidEntryError, StaleEditError, type KnowledgeEditor } from './knowledge-editor.js';

const EDITORS: AdminRole[] = ['admin', 'editor'];
const STALE_DAYS = 365;
const TRANSLATED: Lang[] = ['tay', 'dao', 'en'];

/** Languages an entry has no reviewed override for. */
export function missingLangs(entry: Entry): Lang[] {
  return TRANSLATED.filter((l) => entry[l as 'tay' | 'dao' | 'en']?.review !== 'reviewed');
}

/** Facts not checked for a year (or a curated entry with no date at all), as kb:check warns. */
export function isStale(entry: Entry, now = Date.now()): boolean {
  if (!entry.updated) return entry.curated;
  const t = Date.parse(entry.updated);
  return Number.isNaN(t) || now - t > STALE_DAYS * 86_400_000;
}

/** Today's date in Viet Nam (UTC+7), as the schema writes dates. */
export const vietnamToday = (now = Date.now()): string => new Date(now + 7 * 3_600_000).toISOString().slice(0, 10);

function searchable(e: Entry): string {
  return fold([e.id, e.title, e.summary, ...(e.aliases ?? []), ...(e.keywords ?? []), ...(e.examples ?? [])].join(' '));
}

interface ListQuery { limit: number; ids?: string; q?: string; domain?: string; curated?: 'true' | 'false'; missing?: Lang | 'any'; stale?: 'true' | 'false' }

const FORM_FIELDS = {
  title: { type: 'string', maxLength: 300 }, summary: { type: 'string', maxLength: 2000 }, fee: { type: 'string', maxLength: 500 },
  duration: { type: 'string', maxLength: 500 }, where: { type: 'string', maxLength: 1000 },
  documents: { type: 'array', maxItems: 40, items: { type: 'object', required: ['name'], additionalProperties: false, properties: { from: { type: 'integer', minimum: 0 }, name: { type: 'string', minLength: 1, maxLength: 500 }, original: { type: 'integer', minimum: 0, maximum: 99 }, copy: { type: 'integer', minimum: 0, maximum: 99 }, note: { type: 'string', maxLength: 500 }, form: { type: 'string', maxLength: 500 }, official: { type: 'string', maxLength: 4000 } } } },
  steps: { type: 'array', maxItems: 30, items: { type: 'object', required: ['text', 'icon'], additionalProperties: false, properties: { text: { type: 'string', maxLength: 1000 }, icon: { type: 'string', maxLength: 50 } } } },
  ...MORE_FORM_FIELDS,
  // listed so that a request naming them is refused with a reason, not silently stripped
  id: {}, kind: {}, curated: {},
} as const;
/** Set when the entry is created (or re-curated by a technical admin), never on the form. */
const FIXED_FIELDS = ['id', 'kind', 'curated'];

/**
 * The body limit (1 MiB) bounds the text; the entry's own limits (src/admin/entry-validate.ts)
 * refuse it with the field named, which a schema length error would not say.
 */
const MAX_TEXT_CHARS = 1_000_000;
/** Routes that take entry text accept up to 1 MiB (other admin routes 256 KiB), so an oversized field gets a 400 naming it, not a bare 413. */
const bodyLimit = 1024 * 1024;

const TextBody = {
  type: 'object', required: ['text'], additionalProperties: false,
  properties: { text: { type: 'string', maxLength: MAX_TEXT_CHARS }, id: { type: 'string' }, baseHash: { type: ['string', 'null'] } },
} as const;

function sendEditError(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof StaleEditError) return fail(reply, 'CONFLICT', err.message, { currentHash: err.currentHash });
  if (err instanceof InvalidEntryError) {
    const first = err.problems.find((p) => p.severity === 'error') ?? err.problems[0];
    return fail(reply, 'BAD_REQUEST', err.message, { field: first?.field ?? '', reason: first?.reason ?? '', problems: err.problems });
  }
  throw err;
}

/** List, search, read, validate, preview, save and revert knowledge entries. */
export async function knowledgeRoutes(app: FastifyInstance, opts: { services: AppServices; editor: KnowledgeEditor }): Promise<void> {
  const { services, editor } = opts;
  const config = { roles: EDITORS };
  const tags = ['knowledge'];

  app.get('/entries', {
    config, schema: { tags, summary: 'List entries; q is diacritic-insensitive; filter by domain, curated, missing translation, stale',
      querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 200 }, ids: { type: 'string', maxLength: 4000, description: 'Comma-separated ids: only these entries (the related-entry picker shows their titles)' }, domain: { type: 'string' }, curated: { enum: ['true', 'false'] }, missing: { enum: ['tay', 'dao', 'en', 'any'] }, stale: { enum: ['true', 'false'] }, limit: { type: 'integer', minimum: 1, maximum: 5000, default: 300 } } } },
  }, async (req) => {
    const q = req.query as ListQuery;
    const words = fold(q.q ?? '').split(' ').filter(Boolean);
    const { kb } = services.knowledge.current();
    const ids = q.ids ? new Set(q.ids.split(',')) : null;
    const entries = kb.list.filter((e) => {
      if (ids && !ids.has(e.id)) return false;
      if (q.domain && e.domain !== q.domain) return false;
      if (q.curated && String(e.curated) !== q.curated) return false;
      const missing = missingLangs(e);
      if (q.missing && !(q.missing === 'any' ? missing.length > 0 : missing.includes(q.missing))) return false;
      if (q.stale && String(isStale(e)) !== q.stale) return false;
      const hay = searchable(e);
      return words.every((w) => hay.includes(w));
    });
    return {
      domains: [...new Set(kb.list.map((e) => e.domain))].sort(),
      total: kb.list.length,
      matched: entries.length,
      entries: entries.slice(0, q.limit).map((e) => ({ id: e.id, title: e.title, kind: e.kind, domain: e.domain, curated: e.curated, updated: e.updated ?? null, missing: missingLangs(e), stale: isStale(e), file: kb.files.get(e.id) })),
    };
  });

  app.get('/icons', { config, schema: { tags, summary: 'Icon names a step may use, with the emoji shown to villagers' } }, async () => ({
    icons: Object.entries(ICONS).map(([name, icon]) => ({ name, emoji: icon.emoji })),
  }));

  app.get('/entries/:id', { config, schema: { tags, summary: 'One entry: its YAML text and the hash to send back when saving' } }, async (req, reply) => {
    const loaded = await editor.read((req.params as { id: string }).id);
    return loaded ?? fail(reply, 'NOT_FOUND', 'No entry with this id');
  });

  app.post('/entries/validate', { config, bodyLimit, schema: { tags, summary: 'Check YAML text with the kb:check rules; nothing is written', body: TextBody } }, async (req) => {
    const body = req.body as { text: string; id?: string };
    const file = body.id ? services.knowledge.current().kb.files.get(body.id) : undefined;
    const check = validateEditedEntry(body.text, { expectId: file ? body.id : undefined, file });
    return { problems: check.problems, entry: check.entry ?? null };
  });

  app.post('/entries/patch', {
    config, bodyLimit, schema: { tags, summary: 'Apply form fields to YAML text (comments elsewhere kept); nothing is written',
      body: { type: 'object', required: ['text', 'fields'], additionalProperties: false, properties: { text: { type: 'string', maxLength: MAX_TEXT_CHARS }, fields: { type: 'object', additionalProperties: false, properties: FORM_FIELDS } } } },
  }, async (req, reply) => {
    const body = req.body as { text: string; fields: Record<string, unknown> };
    const unsafe = entryTextProblem(body.text);
    if (unsafe) return fail(reply, 'BAD_REQUEST', unsafe, { field: '', reason: unsafe });
    const doc = YAML.parseDocument(body.text);
    if (doc.errors.length || !isMap(doc.contents)) return fail(reply, 'BAD_REQUEST', 'Fix the YAML first', { field: '', reason: doc.errors[0]?.message ?? 'not a mapping' });
    const fixed = FIXED_FIELDS.find((f) => f in body.fields);
    if (fixed) {
      const reason = 'Mã thủ tục, loại mục và dấu "đã biên soạn" không sửa được trên trang (người quản trị kỹ thuật đặt khi tạo mục).';
      return fail(reply, 'BAD_REQUEST', reason, { field: fixed, reason });
    }
    if ('reviewed' in body.fields && req.adminUser?.role !== 'admin') {
      return fail(reply, 'FORBIDDEN', 'Chỉ quản trị viên mới xác nhận được "Tôi đã kiểm tra với nguồn".', { field: 'reviewed', reason: 'Chỉ quản trị viên mới xác nhận được "Tôi đã kiểm tra với nguồn".' });
    }
    const { kb } = services.knowledge.current();
    const id = (doc.get('id') ?? '') as string;
    const titles = new Map(kb.list.map((e) => [e.id, e.title]));
    const checked = checkFormFields(body.fields, body.text, { titles, file: kb.files.get(String(id)), today: vietnamToday() });
    if (checked.problems.length) {
      const [first] = checked.problems;
      return fail(reply, 'BAD_REQUEST', checked.problems.map((p) => p.reason).join(' '), { field: first?.field ?? '', reason: first?.reason ?? '', problems: checked.problems });
    }
    for (const [key, value] of Object.entries(checked.fields)) applyFormField(doc, key, value, req.adminUser?.name ?? '');
    // keep the file's own list style ("key:\n- item" vs "key:\n  - item"), so only the edited field shows in the diff
    const indentSeq = !/^[\w-]+:\r?\n- /m.test(body.text);
    return { text: keepLayout(body.text, doc.toString({ lineWidth: 0, flowCollectionPadding: false, indentSeq })) };
  });

  app.post('/entries/preview', { config, bodyLimit, schema: { tags, summary: 'The reply a villager would get for this (unsaved) entry, in each language', body: TextBody } }, async (req, reply) => {
    const check = validateEditedEntry((req.body as { text: string }).text);
    if (!check.entry) return sendEditError(reply, new InvalidEntryError(check.problems));
    const entry = check.entry;
    return { previews: previewReplies(entry, services.locales, services.config.publicBaseUrl) };
  });

  app.put('/entries/:id', { config, bodyLimit, schema: { tags, summary: 'Save an entry; 409 when it changed since baseHash, 400 with field and reason when invalid', body: TextBody } }, async (req, reply) => {
    const body = req.body as { text: string; baseHash?: string | null };
    const id = (req.params as { id: string }).id;
    if (!services.knowledge.current().kb.files.has(id)) return fail(reply, 'NOT_FOUND', 'No entry with this id');
    try {
      const change = await editor.save(id, body.text, body.baseHash ?? null, req.adminUser!.name);
      return { change: summary(change), hash: (await editor.read(id))?.hash };
    } catch (err) {
      return sendEditError(reply, err);
    }
  });

  app.post('/entries', { config, bodyLimit, schema: { tags, summary: 'Create a new entry from YAML text', body: TextBody } }, async (req, reply) => {
    try {
      const change = await editor.save(null, (req.body as { text: string }).text, null, req.adminUser!.name);
      return reply.code(201).send({ change: summary(change), hash: change.entryId ? (await editor.read(change.entryId))?.hash : null });
    } catch (err) {
      return sendEditError(reply, err);
    }
  });

  app.get('/history', { config, schema: { tags, summary: 'Who changed what, when, with the diff', querystring: { type: 'object', properties: { entryId: { type: 'string' } } } } }, async (req) => {
    const changes = await services.store.listKnowledgeChanges({ entryId: (req.query as { entryId?: string }).entryId, limit: 200 });
    return { changes: changes.map(summary) };
  });

  app.post('/history/:changeId/revert', { config, schema: { tags, summary: 'Put back the text from before a change (409 if the file changed since)' } }, async (req, reply) => {
    try {
      const change = await editor.revert((req.params as { changeId: string }).changeId, req.adminUser!.name);
      return change ? { change: summary(change) } : fail(reply, 'NOT_FOUND', 'No change with this id');
    } catch (err) {
      return sendEditError(reply, err);
    }
  });
}

function summary(c: { id: string; at: number; user: string; file: string; entryId?: string; diff: string; before: string | null; after: string | null }) {
  return { id: c.id, at: c.at, user: c.user, file: c.file, entryId: c.entryId ?? null, diff: c.diff, created: c.before === null, deleted: c.after === null };
}
