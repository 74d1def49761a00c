import { existsSync } from 'node:fs';
import pg from 'pg';

/**
 * Decides whether a test that needs an outside service runs. On a newcomer's laptop a missing
 * service skips with one line; under REQUIRE_ALL=1 (CI) it fails instead.
 */
export function requireOrSkip(name: string, available: boolean, reason: string): boolean {
  if (available) return true;
  if (process.env.REQUIRE_ALL === '1') throw new Error(`REQUIRE_ALL=1 but ${name} is missing: ${reason}`);
  console.warn(`skipping ${name} tests: ${reason}`);
  return false;
}

export const CHROMIUM = '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return requireOrSkip('Chromium', existsSync(CHROMIUM), `${CHROMIUM} not found (apt-get install chromium)`);
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return requireOrSkip('PostgreSQL', true, '');
  } catch (err) {
    return requireOrSkip('PostgreSQL', false, `cannot connect to ${TEST_DATABASE_URL}: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function redisAvailable(): Promise<boolean> {
  const { Redis } = await import('ioredis');
  const client = new Redis(TEST_REDIS_URL, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    await client.ping();
    return requireOrSkip('Redis', true, '');
  } catch (err) {
    return requireOrSkip('Redis', false, `cannot connect to ${TEST_REDIS_URL}: ${(err as Error).message} (redis-server --daemonize yes --bind 127.0.0.1 --port 6379)`);
  } finally {
    client.disconnect();
  }
}
