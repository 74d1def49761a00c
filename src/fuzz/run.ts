import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { fuzzRequests, type FuzzKeys, type FuzzRequest } from './requests.js';

export interface FuzzReport {
  requests: number;
  byStatus: Record<string, number>;
  /** Answers 5xx other than 503 (503 is back-pressure the platforms retry: inbox full, not ready). */
  serverErrors: number;
  /** Uncaught exceptions or rejections in the bot, or the bot not answering /healthz at the end. */
  crashes: number;
  /** Planted secrets found in any data file after the run. */
  secretsStored: number;
  /** Requests the HTTP client itself could not send (not counted in requests). */
  clientErrors: number;
  examples: { status: number; method: string; path: string; body?: string }[];
}

export interface FuzzOptions {
  requests: number;
  concurrency?: number;
  seed?: number;
  knowledgeDir?: string;
}

const KEYS: FuzzKeys = { zaloSecret: 'fuzz-zalo-webhook-secret', messengerAppSecret: 'fuzz-messenger-app-secret', oaAppId: 'fuzz-oa-app', oaSecret: 'fuzz-oa-secret' };
const DEAD_API = 'http://127.0.0.1:9'; // the platforms' APIs: nothing listens, sends fail and are retried later

/** Starts the real bot on a loopback port with a fresh DATA_DIR and sends it generated hostile requests. */
export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-fuzz-'));
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: '', REDIS_URL: '',
    DATA_DIR: dataDir, LOG_LEVEL: 'silent', KNOWLEDGE_RELOAD: 'false', HOST: '127.0.0.1', PORT: '0',
    ...(opts.knowledgeDir ? { KNOWLEDGE_DIR: opts.knowledgeDir } : {}),
    RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_IP_PER_MINUTE: '1000000', CHAT_API_TOKEN: '',
    ZALO_BOT_TOKEN: '1234567890:fuzz', ZALO_WEBHOOK_SECRET: KEYS.zaloSecret, ZALO_API_BASE: DEAD_API,
    MESSENGER_APP_SECRET: KEYS.messengerAppSecret, MESSENGER_VERIFY_TOKEN: 'fuzz-verify', MESSENGER_PAGE_ACCESS_TOKEN: 'fuzz-page', GRAPH_API_BASE: DEAD_API,
    ZALO_OA_APP_ID: KEYS.oaAppId, ZALO_OA_SECRET: KEYS.oaSecret, ZALO_OA_APP_SECRET: 'fuzz-oa-app-secret', ZALO_OA_ACCESS_TOKEN: 'fuzz-access', ZALO_OA_REFRESH_TOKEN: 'fuzz-refresh', ZALO_OA_API_BASE: DEAD_API, ZALO_OA_OAUTH_BASE: DEAD_API,
  });
  let crashes = 0;
  const onCrash = () => void (crashes += 1);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  const { app, services } = await buildApp(config);
  const secrets = new Set<string>();
  const report: FuzzReport = { requests: 0, byStatus: {}, serverErrors: 0, crashes: 0, secretsStored: 0, clientErrors: 0, examples: [] };
  try {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const all = fc.sample(fuzzRequests(KEYS, { add: (d) => secrets.add(d) }), { numRuns: opts.requests, seed: opts.seed ?? 42 });
    let next = 0;
    const worker = async () => {
      for (let req = all[next++]; req; req = all[next++]) {
        const status = await send(base, req);
        if (status === null) {
          report.clientErrors += 1;
          continue;
        }
        report.requests += 1;
        report.byStatus[status] = (report.byStatus[status] ?? 0) + 1;
        if (status >= 500 && status !== 503) {
          report.serverErrors += 1;
          if (report.examples.length < 10) report.examples.push({ status, method: req.method, path: req.path, body: req.body?.slice(0, 300) });
        }
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency ?? 16 }, worker));
    await waitIdle(services);
    await services.store.flush();
    if ((await send(base, { method: 'GET', path: '/healthz', headers: {} })) !== 200) crashes += 1;
    report.secretsStored = countStored(dataDir, secrets);
  } finally {
    await app.close();
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    rmSync(dataDir, { recursive: true, force: true });
  }
  report.crashes = crashes;
  return report;
}

async function send(base: string, req: FuzzRequest): Promise<number | null> {
  try {
    const res = await fetch(base + req.path, { method: req.method, headers: req.headers, body: req.body, redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return null;
  }
}

/** Waits until every accepted platform message is answered, so the store scan sees every write. */
async function waitIdle(services: { inbox: { backlog: number } }): Promise<void> {
  for (let i = 0; i < 600 && services.inbox.backlog > 0; i++) await new Promise((r) => setTimeout(r, 50));
}

function countStored(dir: string, secrets: Set<string>): number {
  const files = (d: string): string[] => readdirSync(d).flatMap((n) => {
    const p = path.join(d, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
  const text = files(dir).map((f) => readFileSync(f, 'latin1')).join('\n').replace(/[\s.-]/g, '');
  let found = 0;
  for (const s of secrets) if (text.includes(s)) found += 1;
  return found;
}
