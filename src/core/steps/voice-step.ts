import { fold } from '../../nlu/normalize.js';
import type { TurnStep } from '../context.js';

/** "đọc cho tôi nghe", "đọc to", "read aloud": what villagers type to hear the answer. */
const READ_ALOUD = /^(doc|doc to|doc cho (toi|minh|em|chau|bac|ong|ba)?\s*nghe|doc len|doc giup( toi)?|nghe doc|cho (toi|minh) nghe|doc di|read aloud|read it|read it to me|listen)$/;

/** A typed "read it to me" becomes the 🔊 button for the current topic (`audio:<id>`). */
export const voiceStep: TurnStep = async (ctx, next) => {
  if (!ctx.payload && READ_ALOUD.test(fold(ctx.text))) {
    const topic = ctx.session.topicId;
    if (topic && ctx.snapshot.kb.entries.has(topic)) {
      ctx.payload = `audio:${topic}`;
      ctx.text = '';
    } else {
      ctx.replies.push({ type: 'text', text: ctx.deps.locales.t(ctx.lang, 'audio.no_topic') });
      ctx.match = { decision: 'smalltalk', id: null, title: null, confidence: null };
      return;
    }
  }
  await next();
};
