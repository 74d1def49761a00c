import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { decide } from '../../src/core/decide.js';
import type { Outcome } from '../../src/domain/outcome.js';
import { loadKnowledge } from '../../src/knowledge/load.js';
import type { KnowledgeBase } from '../../src/knowledge/types.js';
import { buildMatcher, type Matcher } from '../../src/nlu/matcher.js';
import { ROOT } from '../helpers/process.js';

/** What tapping (or typing) each button label must do; the topic is birth registration. */
const EXPECTED: Record<string, (o: Outcome) => boolean> = {
  'menu.person': (o) => o.kind === 'handoff',
  'handoff.button': (o) => o.kind === 'handoff',
  'menu.language': (o) => o.kind === 'smalltalk' && o.intent === 'language',
  'button.language': (o) => o.kind === 'smalltalk' && o.intent === 'language',
  'button.up': (o) => o.kind === 'smalltalk' && o.intent === 'feedback_up',
  'button.down': (o) => o.kind === 'smalltalk' && o.intent === 'feedback_down',
  'button.more': (o) => o.kind === 'followup' && o.field === 'more',
  'button.audio': (o) => o.kind === 'followup',
  'button.steps': (o) => o.kind === 'followup' && o.field === 'steps',
  'button.documents': (o) => o.kind === 'followup' && o.field === 'documents',
  'button.online': (o) => (o.kind === 'followup' || o.kind === 'answer') && 'field' in o && o.field === 'online',
  'online.link': (o) => (o.kind === 'followup' || o.kind === 'answer') && 'field' in o && o.field === 'online',
  'clarify.none': (o) => o.kind === 'smalltalk' || o.kind === 'answer' || o.kind === 'handoff',
  'handoff.cancel_button': (o) => o.kind === 'smalltalk',
  // Topic buttons open a list of procedures (or one): never "I did not understand".
  'menu.civil': (o) => o.kind === 'clarify' || o.kind === 'answer',
  'menu.residence': (o) => o.kind === 'clarify' || o.kind === 'answer',
  'menu.land': (o) => o.kind === 'clarify' || o.kind === 'answer',
  'menu.border': (o) => o.kind === 'clarify' || o.kind === 'answer',
};

function buttonLabels(): { lang: string; key: string; text: string }[] {
  const out: { lang: string; key: string; text: string }[] = [];
  for (const lang of ['vi', 'tay', 'dao', 'en']) {
    const file = parse(readFileSync(path.join(ROOT, 'locales', `${lang}.yaml`), 'utf8')) as { strings: Record<string, string> };
    for (const [key, text] of Object.entries(file.strings)) if (/^(menu|button)\.|^handoff\.(button|cancel_button)$|^clarify\.none$|^online\.link$/.test(key)) out.push({ lang, key, text });
  }
  return out;
}

describe('every word the bot shows on its own buttons is understood', () => {
  let kb: KnowledgeBase;
  let matcher: Matcher;
  beforeAll(async () => {
    kb = await loadKnowledge(path.join(ROOT, 'knowledge'));
    matcher = buildMatcher(kb);
  }, 60_000);

  it('each button label of each language decides what the button does', () => {
    const labels = buttonLabels();
    expect(labels.length).toBeGreaterThan(20);
    const wrong = labels.filter(({ key, text }) => {
      const check = EXPECTED[key];
      expect(check, `no expectation for button key ${key}`).toBeDefined();
      return !check!(decide(text, kb, matcher, { topicId: '1.001193' }).outcome);
    });
    expect(wrong.map((w) => `${w.lang} ${w.key}: ${w.text} → ${JSON.stringify(decide(w.text, kb, matcher, { topicId: '1.001193' }).outcome).slice(0, 80)}`)).toEqual([]);
  });

  it('"pang" alone (Tày "help", on the person button) asks for a person, not for social aid', () => {
    expect(decide('pang', kb, matcher).outcome.kind).toBe('handoff');
  });
});
