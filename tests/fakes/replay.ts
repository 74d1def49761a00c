import { expect } from 'vitest';
import { settled, type TestApp } from '../helpers/app.js';
import type { FakePlatform, RecordedCall } from './fake-platform.js';

/**
 * Delivers the same webhook `times` times at once and checks the user got ONE answer: every
 * delivery is acknowledged, and what reached the platform is exactly the outbox items of that
 * one answer (a few parts at most).
 */
export async function expectAnsweredOnce(bot: TestApp, fake: FakePlatform, userId: string, toUser: (c: RecordedCall) => boolean, deliver: () => Promise<number>, times = 100): Promise<void> {
  const codes = await Promise.all(Array.from({ length: times }, deliver));
  expect(codes.every((c) => c === 200)).toBe(true);
  await fake.waitFor(toUser);
  await settled(bot.services); // a second answer, if there were one, would have gone out by now
  const items = (await bot.services.store.listOutbound({ limit: 10_000 })).filter((i) => i.userId === userId);
  expect(fake.calls.filter(toUser).length).toBe(items.length);
  expect(items.length).toBeGreaterThan(0);
  expect(items.length).toBeLessThanOrEqual(4);
}
