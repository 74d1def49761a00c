import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { LANGS, type Lang } from '../domain/messages.js';
import { errorBody } from '../errors.js';
import { renderSeconds } from '../metrics/registry.js';
import { CardCache, cardFontsAvailable } from '../replies/card.js';
import { useMediaUrlKey, validMediaSignature } from '../replies/media-urls.js';
import { speechAvailable } from '../replies/speech.js';
import type { AppServices } from '../services.js';
import { AudioStore } from './audio-store.js';
import { poolCardRenderer } from './card-renderer-pool.js';
import { prerenderCards, servedEntries } from './card-prerender.js';
import { createMediaPool } from './media-pool.js';
import { loadMediaUrlKey } from './url-key.js';

/** `<id>.<lang>.png`; an id is a procedure code or slug, never a path. */
const CARD_FILE = /^([A-Za-z0-9][A-Za-z0-9._-]{0,99})\.([a-z]{2,3})\.png$/;
/** `<hash>.mp3` (Messenger, web chat) or `<hash>.aac` (Zalo's voice message). */
const AUDIO_FILE = /^([a-f0-9]{24})\.(mp3|aac)$/;
const AUDIO_TYPES = { mp3: 'audio/mpeg', aac: 'audio/aac' } as const;

type MediaRequest = { Params: { file: string }; Querystring: { s?: string } };

const unsigned = (reply: FastifyReply) => reply.code(403).send(errorBody('FORBIDDEN', 'Media links come from the bot\'s answers (signed); this one is not made yet'));

/**
 * GET /media/cards/:id.:lang.png (card image with QR) and GET /media/audio/:hash.mp3 or .aac (the
 * answer read aloud). Only known entries and languages are served. A signed link (from an answer) is
 * made on first request in the media worker pool; an unsigned one is served only from the cache.
 */
export async function mediaPlugin(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  const { services } = opts;
  useMediaUrlKey(await loadMediaUrlKey(services.config.dataDir));
  const pool = createMediaPool();
  const renderer = poolCardRenderer(pool);
  const cards = new CardCache(path.join(services.config.dataDir, 'cache', 'cards'), {
    render: async (job, priority) => (await renderer.render(job, priority)).png,
    onRender: (seconds) => renderSeconds.observe({ kind: 'card' }, seconds),
  });
  const audio = new AudioStore(path.join(services.config.dataDir, 'cache', 'audio'), pool, { maxBytes: services.config.audioCacheMb * 1024 * 1024 });
  let closed = false;
  app.addHook('onClose', async () => {
    closed = true;
    await pool.close();
  });

  // one background pass at a time; an edit during a pass asks for one more pass after it
  let prerendering: Promise<void> | null = null;
  let again = false;
  const prerender = (): void => {
    if (closed || !services.config.cardPrerender || !cardFontsAvailable()) return;
    if (prerendering) {
      again = true;
      return;
    }
    const entries = servedEntries(services.knowledge.current().kb.list);
    prerendering = prerenderCards(cards, entries, services.locales, { stopped: () => closed }).then(
      (n) => void (n && services.log.info({ cards: n }, 'CARDS_PRERENDERED')),
      (err) => void (closed || services.log.warn({ err }, 'CARDS_PRERENDER_FAILED')),
    ).finally(() => {
      prerendering = null;
      if (again) {
        again = false;
        prerender();
      }
    });
  };
  app.addHook('onReady', async () => {
    prerender(); // in the background: readiness never waits for it
    // the speech synthesiser and AAC encoder are compiled in a media thread ahead of the first 🔊
    if (services.config.speechWarm && speechAvailable()) void pool.run({ kind: 'warm' }, { priority: 'low' }).catch((err: unknown) => closed || services.log.warn({ err: String(err) }, 'SPEECH_WARM_FAILED'));
  });
  services.knowledge.onSwap(() => prerender());

  app.get<MediaRequest>('/media/cards/:file', async (req, reply) => {
    const [, id = '', lang = ''] = CARD_FILE.exec(req.params.file) ?? [];
    const entry = id && !id.includes('..') ? services.knowledge.current().kb.entries.get(id) : undefined;
    if (!entry || !(LANGS as readonly string[]).includes(lang)) return reply.code(404).send(errorBody('NOT_FOUND', 'No such card'));
    if (!cardFontsAvailable()) return reply.code(503).send(errorBody('NOT_READY', 'Card fonts missing: apt-get install fonts-dejavu-core'));
    const signed = validMediaSignature(`cards/${req.params.file}`, req.query.s);
    const png = await cards.get(entry, lang as Lang, services.locales, { cachedOnly: !signed });
    if (!png) return unsigned(reply);
    return reply.header('content-type', 'image/png').header('cache-control', 'public, max-age=3600').send(png);
  });

  app.get<MediaRequest>('/media/audio/:file', async (req, reply) => {
    const [, hash, ext] = AUDIO_FILE.exec(req.params.file) ?? [];
    const format: keyof typeof AUDIO_TYPES = ext === 'aac' ? 'aac' : 'mp3';
    const text = hash ? audio.textFor(services.knowledge.current().kb, hash) : null;
    if (!hash || !text) return reply.code(404).send(errorBody('NOT_FOUND', 'No such audio'));
    if (!speechAvailable()) return reply.code(503).send(errorBody('NOT_READY', 'Speech synthesis missing: npm ci installs espeak-ng (WebAssembly)'));
    let file = await audio.cached(hash, format);
    if (!file) {
      if (!validMediaSignature(`audio/${req.params.file}`, req.query.s)) return unsigned(reply);
      const end = renderSeconds.startTimer({ kind: 'speech' });
      file = await audio.file(hash, text, format);
      end();
    }
    return reply.header('content-type', AUDIO_TYPES[format]).header('cache-control', 'public, max-age=86400').send(createReadStream(file));
  });
}
