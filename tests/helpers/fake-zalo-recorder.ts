import http from 'node:http';
import net from 'node:net';

export type FakeMode = 'ok' | '500' | '429' | '403' | 'hang';

export interface SentMessage {
  method: string;
  chatId: string;
  body: Record<string, unknown>;
}

export interface FakeZaloRecorder {
  url: string;
  /** Messages the platform accepted (2xx answered), in arrival order. */
  delivered: SentMessage[];
  /** Every send attempt, whatever was answered. */
  attempts: number;
  /** Send attempts per chat id, whatever was answered. */
  attemptsByChat: Map<string, number>;
  setMode(mode: FakeMode): void;
  byChat(): Map<string, number>;
  close(): Promise<void>;
}

/**
 * The far end of the Zalo Bot API on loopback, for the fault tests: records what the bot sends
 * and can be told to fail (500), throttle (429), refuse for good (403) or hang, like the real platform on a bad day.
 */
export async function startFakeZaloRecorder(): Promise<FakeZaloRecorder> {
  let mode: FakeMode = 'ok';
  const hanging = new Set<http.ServerResponse>();
  const fake: FakeZaloRecorder = {
    url: '',
    delivered: [],
    attempts: 0,
    attemptsByChat: new Map(),
    setMode(m) {
      mode = m;
      if (m !== 'hang') for (const res of hanging) res.destroy();
    },
    byChat() {
      const m = new Map<string, number>();
      for (const d of fake.delivered) m.set(d.chatId, (m.get(d.chatId) ?? 0) + 1);
      return m;
    },
    close: () => {
      for (const res of hanging) res.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const method = (req.url ?? '').split('/').pop() ?? '';
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw || '{}');
      } catch {
        /* a form body or nothing: keep {} */
      }
      if (!method.startsWith('send')) return json(res, 200, { ok: true, result: { id: 'bot', display_name: 'fake' } });
      fake.attempts += 1;
      const chat = String(body.chat_id);
      fake.attemptsByChat.set(chat, (fake.attemptsByChat.get(chat) ?? 0) + 1);
      if (mode === 'hang') return void hanging.add(res.on('close', () => hanging.delete(res)));
      if (mode === '500') return json(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
      if (mode === '403') return json(res, 403, { ok: false, error_code: 403, description: 'Forbidden: the user has not followed the bot' });
      if (mode === '429') return json(res, 429, { ok: false, error_code: 429, description: 'Too Many Requests: quota exceeded' });
      fake.delivered.push({ method, chatId: String(body.chat_id), body });
      json(res, 200, { ok: true, result: { message_id: `out-${fake.delivered.length}`, date: Date.now() } });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  fake.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return fake;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
