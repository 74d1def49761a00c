import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp, type BuiltApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { AppServices } from '../../src/services.js';
import { NO_BACKGROUND_WORK, NO_FLOOD_LIMITS } from './test-env.js';
import { until } from './wait.js';

/**
 * Resolves once the app has nothing left to do: every accepted message answered and every reply
 * handed to its platform (or scheduled for a later retry). Tests that check "and nothing more was
 * sent" wait for this instead of sleeping.
 */
export async function settled(services: AppServices, timeoutMs = 10_000): Promise<void> {
  const idle = () => services.inbox.backlog === 0 && !services.outbox.busy;
  const ok = await until(async () => {
    if (!idle()) return false;
    await new Promise((r) => setImmediate(r)); // a send that just finished may poke the next one
    return idle();
  }, timeoutMs);
  if (!ok) throw new Error(`the app did not settle in ${timeoutMs} ms`);
}

export { NO_BACKGROUND_WORK, NO_FLOOD_LIMITS };

export interface TestApp extends BuiltApp {
  dataDir: string;
  chat(user: string, text: string, extra?: Record<string, unknown>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

/** Builds the real app on a temporary DATA_DIR; env overrides go through loadConfig like production. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(path.join(os.tmpdir(), 'qnbot-'));
  // Every injected request comes from 127.0.0.1: the flood limits are off unless a test sets them.
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    KNOWLEDGE_RELOAD: 'false',
    ...NO_BACKGROUND_WORK,
    ...NO_FLOOD_LIMITS,
    ...env,
    DATA_DIR: dataDir,
  });
  const built = await buildApp(config);
  await built.app.ready();
  return {
    ...built,
    dataDir,
    async chat(user, text, extra = {}) {
      const res = await built.app.inject({ method: 'POST', url: '/api/chat', payload: { user, text, ...extra } });
      return { status: res.statusCode, body: res.json() };
    },
    async close() {
      await built.app.close();
      if (!env.DATA_DIR) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
