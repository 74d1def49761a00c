import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestSchema, type TestSchema } from '../helpers/pg-schema.js';
import { postgresAvailable } from '../helpers/require.js';
import { startHandoffWorld, type HandoffWorld } from './handoff-fixture.js';

const pgReady = await postgresAvailable();
const SECRET = 'mã OTP của tôi là 559911';
const DIGITS = '559911';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

async function tablesText(schema: TestSchema): Promise<string> {
  const c = new pg.Client({ connectionString: schema.url });
  await c.connect();
  try {
    const { rows } = await c.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema.name]);
    let all = '';
    for (const { table_name } of rows) {
      const r = await c.query(`SELECT row_to_json(t)::text AS j FROM "${table_name}" t`);
      all += r.rows.map((x) => x.j).join('\n');
    }
    return all;
  } finally {
    await c.end();
  }
}

/** Opens a case over /api/chat so the bot asks for the commune, then sends a secret as the "commune". */
async function secretWhileAskedForCommune(w: HandoffWorld, user: string) {
  const person = await w.app.chat(user, 'gặp người hỗ trợ');
  expect(person.body.match.decision).toBe('handoff');
  expect(person.body.messages.some((m: { type: string }) => m.type === 'buttons')).toBe(true);
  const answer = await w.app.chat(user, SECRET);
  // and a platform message carrying a secret goes through the durable inbox
  await w.app.services.inbox.accept({ channel: 'zalo', userId: `${user}-zalo`, text: SECRET, messageId: `m-${user}`, time: Date.now() });
  await w.app.services.store.flush();
  return answer;
}

describe('secrets: the safety check runs before any use of the text, in every dialogue state', () => {
  let w: HandoffWorld | undefined;
  let schema: TestSchema | undefined;
  afterEach(async () => {
    await w?.close();
    await schema?.drop();
    w = undefined;
    schema = undefined;
  });

  it('a secret sent while the bot asks for the commune is never echoed, sent, or written to any data file', async () => {
    w = await startHandoffWorld();
    const answer = await secretWhileAskedForCommune(w, 'villager-otp');
    const said = JSON.stringify(answer.body);
    expect(said).not.toContain(DIGITS);
    expect(said).toContain(w.app.services.locales.t('vi', 'smalltalk.safety').slice(0, 20));
    expect(w.platforms.sent.some((s) => s.text.includes(DIGITS))).toBe(false);
    const files = filesUnder(w.app.dataDir).map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(files).toContain('api:villager-otp'); // the turn was written, so the check below means something
    expect(files).not.toContain(DIGITS);
  });

  it.skipIf(!pgReady)('a secret sent while the bot asks for the commune is never stored in any PostgreSQL table', async () => {
    schema = await createTestSchema('secrets');
    w = await startHandoffWorld({ DATABASE_URL: schema.url });
    const answer = await secretWhileAskedForCommune(w, 'villager-otp-pg');
    expect(JSON.stringify(answer.body)).not.toContain(DIGITS);
    const rows = await tablesText(schema);
    expect(rows).toContain('api:villager-otp-pg');
    expect(rows).not.toContain(DIGITS);
  });
});
