import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';

describe('a word typed with other diacritics is a different word', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('"truyện cười" (jokes) is not answered with marriage registration ("cưới")', async () => {
    const { body } = await t.chat('marks-1', 'truyện cười', { lang: 'vi' });
    expect(body.match.decision).not.toBe('answer');
  });

  it.each(['đám cưới', 'dam cuoi', 'cuoi vo'])('"%s" still finds marriage registration', async (text) => {
    const { body } = await t.chat(`marks-${text}`, text, { lang: 'vi' });
    expect(body.match).toMatchObject({ decision: 'answer', id: '1.000894' });
  });
});
