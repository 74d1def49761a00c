/**
 * The outbox's platform call, isolated (npm run bench -- --only send): the Zalo Bot API client's
 * two transports, postJson (plain node:http, keep-alive; src/lib/post-json.ts) and axios (the
 * design card's client, which the Zalo client still uses when a proxy is configured), each
 * sending the same sendMessage body to the fake Zalo API in a process of its own on loopback.
 *
 * Fair measurement: both get the same warm-up round (discarded), then alternate over the same
 * measured rounds: the same sends at the same concurrency (the outbox's per-platform limit),
 * timed the same way. Reported: median sends/s, median CPU of this process per send (what the
 * bot spends on a send; the far end runs elsewhere), and failures (non-2xx, timeouts) beside them.
 * Options: --sends N (a round), --send-rounds N, --send-concurrency N.
 */
import http from 'node:http';
import path from 'node:path';
import axios from 'axios';
import { postJson } from '../lib/post-json.js';
import { startProcess, ZALO_TOKEN } from './load-parts.js';
import { percentile } from './questions.js';

const FAKE = path.join(import.meta.dirname, 'fake-zalo-server.ts');
const TIMEOUT_MS = 10_000;

type Transport = (url: string, body: unknown) => Promise<unknown>;

interface Round { perSec: number; cpuUsPerSend: number; failures: number }


/** `sends` calls, `concurrency` at a time, timed wall and CPU; a failure is counted, not thrown. */
async function round(send: Transport, url: string, sends: number, concurrency: number): Promise<Round> {
  let next = 0;
  let failures = 0;
  const body = (i: number) => ({ chat_id: `u${i % 1000}`, text: 'Đăng ký khai sinh: mang giấy chứng sinh và căn cước của bố hoặc mẹ đến UBND xã.' });
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < sends) {
      const i = next++;
      await send(url, body(i)).catch(() => { failures += 1; });
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSec: Math.round(sends / seconds), cpuUsPerSend: Math.round((used.user + used.system) / sends), failures };
}

export async function run(args: string[]): Promise<Record<string, unknown>> {
  const val = (name: string, def: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : def;
  };
  const sends = val('sends', 5000);
  const rounds = val('send-rounds', 5);
  const concurrency = val('send-concurrency', 32);
  const fake = await startProcess(FAKE, {});
  const url = `${fake.url}/bot${ZALO_TOKEN}/sendMessage`;
  // the Zalo client's axios path, configured as in src/channels/zalo/client.ts, given the same
  // keep-alive agent as postJson (its best setup here: no redirects followed, connections reused)
  const client = axios.create({ timeout: TIMEOUT_MS, maxRedirects: 0, headers: { 'content-type': 'application/json' }, httpAgent: new http.Agent({ keepAlive: true }) });
  const contenders: Record<string, Transport> = {
    postJson: (u, b) => postJson(u, b, { timeoutMs: TIMEOUT_MS }),
    axios: async (u, b) => (await client.post(u, b)).data,
  };
  const results: Record<string, Round[]> = { postJson: [], axios: [] };
  try {
    for (const send of Object.values(contenders)) await round(send, url, Math.min(1000, sends), concurrency);
    for (let r = 0; r < rounds; r += 1) {
      // alternate which goes first, so neither always gets the quieter moment
      const order = r % 2 ? ['axios', 'postJson'] : ['postJson', 'axios'];
      for (const name of order) results[name]!.push(await round(contenders[name]!, url, sends, concurrency));
    }
  } finally {
    await fake.stop();
  }
  const summary = Object.fromEntries(Object.entries(results).map(([name, rs]) => [name, {
    perSec: percentile(rs.map((x) => x.perSec), 50),
    cpuUsPerSend: percentile(rs.map((x) => x.cpuUsPerSend), 50),
    failures: rs.reduce((n, x) => n + x.failures, 0),
  }]));
  const p = summary.postJson!;
  const a = summary.axios!;
  console.log(`\nZalo Bot API send, ${rounds} measured rounds of ${sends} sends (after one warm-up round each), ${concurrency} at once, fake API in its own process on loopback; medians`);
  console.log('| transport | sends/s | CPU µs per send (this process) | failures |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, s] of Object.entries(summary)) console.log(`| ${name} | ${s.perSec} | ${s.cpuUsPerSend} | ${s.failures} |`);
  console.log(`postJson ÷ axios: ${(p.perSec / a.perSec).toFixed(2)}× the sends/s, ${(p.cpuUsPerSend / a.cpuUsPerSend).toFixed(2)}× the CPU per send`);
  return { send: { postJsonPerSec: p.perSec, axiosPerSec: a.perSec, postJsonCpuUs: p.cpuUsPerSend, axiosCpuUs: a.cpuUsPerSend, failures: p.failures + a.failures } };
}
