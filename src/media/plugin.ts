import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { LANGS, type Lang } from '../domain/messages.js';
import { errorBody } from '../errors.js';
import { CardCache, cardFontsAvailable } from '../replies/card.js';
import { findEspeak } from '../replies/speech.js';
import type { AppServices } from '../services.js';
import { AudioStore } from './audio-store.js';

/** `<id>.<lang>.png`; an id is a procedure code or slug, never a path. */
const CARD_FILE = /^([A-Za-z0-9][A-Za-z0-9._-]{0,99})\.([a-z]{2,3})\.png$/;
const AUDIO_FILE = /^([a-f0-9]{24})\.wav$/;

/**
 * GET /media/cards/:id.:lang.png (card image with QR) and GET /media/audio/:hash.wav (the answer
 * read aloud). Only known entries and languages are served; anything else is a 404.
 */
export async function mediaPlugin(app: FastifyInstance, opts: { services: AppServices }): Promise<void> {
  const { services } = opts;
  const cards = new CardCache(path.join(services.config.dataDir, 'cache', 'cards'));
  const audio = new AudioStore(path.join(services.config.dataDir, 'cache', 'audio'));

  app.get<{ Params: { file: string } }>('/media/cards/:file', async (req, reply) => {
    const m = CARD_FILE.exec(req.params.file);
    const entry = m && !m[1]!.includes('..') ? services.knowledge.current().kb.entries.get(m[1]!) : undefined;
    if (!m || !entry || !(LANGS as readonly string[]).includes(m[2]!)) return reply.code(404).send(errorBody('NOT_FOUND', 'No such card'));
    if (!cardFontsAvailable()) return reply.code(503).send(errorBody('NOT_READY', 'Card fonts missing: apt-get install fonts-dejavu-core'));
    const png = await cards.get(entry, m[2] as Lang, services.locales);
    return reply.header('content-type', 'image/png').header('cache-control', 'public, max-age=3600').send(png);
  });

  app.get<{ Params: { file: string } }>('/media/audio/:file', async (req, reply) => {
    const m = AUDIO_FILE.exec(req.params.file);
    const text = m ? audio.textFor(services.knowledge.current().kb, m[1]!) : null;
    if (!m || !text) return reply.code(404).send(errorBody('NOT_FOUND', 'No such audio'));
    if (!findEspeak()) return reply.code(503).send(errorBody('NOT_READY', 'Speech synthesis missing: apt-get install espeak-ng'));
    const file = await audio.file(m[1]!, text);
    return reply.header('content-type', 'audio/wav').header('cache-control', 'public, max-age=86400').send(createReadStream(file));
  });
}
