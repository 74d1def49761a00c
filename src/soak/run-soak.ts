import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { BF_APP } from './fake-bf-auth.js';
import { startFakePlatforms } from './fake-platforms.js';
import { SOAK_SECRETS, sendMessage, userOf } from './drive.js';
import { startInstance, stopInstance, type Instance } from './instances.js';
import { measure, waitSettled } from './measure.js';
import { startRoundRobinProxy } from './round-robin-proxy.js';

export interface SoakOptions {
  instances: number;
  users: number;
  messages: number;
  kill: number;
  /** A PostgreSQL server URL; a fresh database is created on it and dropped after. */
  databaseUrl: string;
  /** Users sending at once. */
  concurrency?: number;
  log?: (line: string) => void;
  /** More variables for the bots (the test in `npm test` turns their start-up background work off). */
  instanceEnv?: Record<string, string>;
}

export interface SoakReport {
  instances: number;
  users: number;
  messages: number;
  accepted: number;
  replied: number;
  lostMessages: number;
  duplicateReplies: number;
  lostSessionUpdates: number;
  outOfOrderReplies: number;
  tokenRefreshes: number;
  seconds: number;
  /** Messages never accepted, by channel and the last answer (HTTP status, or "network"), after the platform's retries. */
  notAccepted: Record<string, number>;
  /** The same, with the bot's reason for the last refusal: "<channel> <status> <code>", e.g. "zalo 503 STORE_UNAVAILABLE". */
  notAcceptedCodes: Record<string, number>;
  /** Every refused try (later retried or not), by channel and reason: the back-pressure the platforms saw. */
  refusedTries: Record<string, number>;
  /** Replied messages per channel: Zalo, Zalo OA, Messenger, Bot Framework and /api/chat. */
  repliedByChannel: Record<string, number>;
  /** False when inbox or outbox still held work when the wait ran out. */
  settled: boolean;
  /** Bot Framework: access tokens the fake login service issued to the bot, and connector calls refused 401 (no valid token). */
  botFramework: { tokensIssued: number; unauthorizedReplies: number };
}

async function freshDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `qnbot_soak_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * N bot instances on one fresh PostgreSQL database behind a round-robin loopback proxy, a fake
 * platform API recording every send; U users × M messages through the signed webhooks (Zalo Bot,
 * Zalo OA, Messenger), Bot Framework (JWTs signed by the fake channel) and /api/chat; the OA access token expires a third of the way in; K
 * instances are killed with SIGKILL half way and restarted. Then counts what got lost.
 */
export async function runSoak(o: SoakOptions): Promise<SoakReport> {
  const log = o.log ?? (() => undefined);
  const started = Date.now();
  const db = await freshDatabase(o.databaseUrl);
  const fake = await startFakePlatforms();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-soak-'));
  const env = {
    DATABASE_URL: db.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn',
    ZALO_BOT_TOKEN: SOAK_SECRETS.zaloBotToken, ZALO_WEBHOOK_SECRET: SOAK_SECRETS.zaloWebhookSecret, ZALO_API_BASE: fake.url,
    ZALO_OA_APP_ID: SOAK_SECRETS.oaAppId, ZALO_OA_SECRET: SOAK_SECRETS.oaSecret, ZALO_OA_ACCESS_TOKEN: 'oa-access-1', ZALO_OA_REFRESH_TOKEN: 'oa-refresh-1',
    ZALO_OA_API_BASE: fake.url, ZALO_OA_OAUTH_BASE: fake.url,
    MESSENGER_APP_SECRET: SOAK_SECRETS.messengerAppSecret, MESSENGER_VERIFY_TOKEN: 'soak-verify', MESSENGER_PAGE_ACCESS_TOKEN: 'soak-page-token', GRAPH_API_BASE: fake.url,
    // Bot Framework with credentials: activities carry the fake channel's signed JWTs, replies an access token from its login service
    MICROSOFT_APP_ID: BF_APP.id, MICROSOFT_APP_PASSWORD: BF_APP.password, BOT_FRAMEWORK_EMULATOR: 'false',
    BOT_FRAMEWORK_OPENID_METADATA_URL: fake.botFramework.openIdMetadataUrl, BOT_FRAMEWORK_TOKEN_ISSUER: fake.botFramework.issuer, BOT_FRAMEWORK_LOGIN_URL: fake.botFramework.loginUrl,
    ...o.instanceEnv,
  };
  const live: (Instance | null)[] = [];
  const proxy = await startRoundRobinProxy(() => live.filter((i): i is Instance => i !== null).map((i) => i.url));
  try {
    live.push(await startInstance(env)); // the first one runs the migrations
    live.push(...(await Promise.all(Array.from({ length: o.instances - 1 }, () => startInstance(env)))));
    log(`${o.instances} instances up`);
    const total = o.users * o.messages;
    const accepted = new Map<number, Set<number>>();
    const repliedInline = new Map<number, Set<number>>();
    const notAccepted: Record<string, number> = {};
    const notAcceptedCodes: Record<string, number> = {};
    const refusedTries: Record<string, number> = {};
    let sent = 0;
    let restarts: Promise<void> = Promise.resolve();
    const milestone = () => {
      sent += 1;
      if (sent === Math.floor(total / 3)) fake.expireOaToken();
      if (sent === Math.floor(total / 2) && o.kill > 0) {
        restarts = Promise.all(live.slice(0, o.kill).map(async (inst, i) => {
          live[i] = null;
          await stopInstance(inst!, 'SIGKILL');
          log(`killed instance ${i} (kill -9)`);
          // a restart that fails (a machine too busy to start it in time) leaves the others serving: the run goes on and says so
          live[i] = await startInstance(env).catch((err: unknown) => {
            console.error(`soak: instance ${i} did not restart: ${(err as Error).message.split('\n')[0]}`);
            return null;
          });
          if (live[i]) log(`restarted instance ${i}`);
        })).then(() => undefined);
      }
    };
    let nextUser = 0;
    const worker = async () => {
      for (let u = nextUser++; u < o.users; u = nextUser++) {
        for (let k = 0; k < o.messages; k++) {
          const d = await sendMessage(proxy.url, userOf(u), k, fake.url, (serviceUrl) => fake.botFramework.signer.sign(serviceUrl));
          for (const t of d.refusedTries) refusedTries[`${userOf(u).channel} ${t}`] = (refusedTries[`${userOf(u).channel} ${t}`] ?? 0) + 1;
          if (d.accepted) (accepted.get(u) ?? accepted.set(u, new Set()).get(u)!).add(k);
          else {
            const why = `${userOf(u).channel} ${d.refusal ?? 'network'}`;
            notAccepted[why] = (notAccepted[why] ?? 0) + 1;
            const code = `${userOf(u).channel} ${d.refusalCode ?? 'network'}`;
            notAcceptedCodes[code] = (notAcceptedCodes[code] ?? 0) + 1;
          }
          if (d.repliedInline) (repliedInline.get(u) ?? repliedInline.set(u, new Set()).get(u)!).add(k);
          milestone();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 32, o.users) }, worker));
    await restarts;
    log('all messages sent; waiting for the replies');
    const settled = await waitSettled(db.url, 180_000);
    const figures = await measure(db.url, o.users, accepted, fake.sends, repliedInline);
    return {
      instances: o.instances, users: o.users, messages: o.messages,
      accepted: [...accepted.values()].reduce((n, s) => n + s.size, 0),
      ...figures,
      notAccepted,
      notAcceptedCodes,
      refusedTries,
      tokenRefreshes: fake.refreshes(),
      seconds: Math.round((Date.now() - started) / 100) / 10,
      settled,
      botFramework: { tokensIssued: fake.botFramework.tokensIssued(), unauthorizedReplies: fake.botFramework.unauthorizedReplies() },
    };
  } finally {
    await Promise.all(live.map((i) => (i ? stopInstance(i) : undefined)));
    await proxy.close();
    await fake.close();
    if (process.env.SOAK_KEEP_DB === '1') console.error(`kept the database: ${db.url}`);
    else await db.drop().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
