import { describe, expect, it } from 'vitest';
import { runSoak } from '../../src/soak/run-soak.js';
import { postgresAvailable, TEST_DATABASE_URL } from '../helpers/require.js';
import { NO_BACKGROUND_WORK } from '../helpers/test-env.js';

const pgReady = await postgresAvailable();

/** A small run of `npm run soak` (2 instances, a few users on every channel: Zalo, Zalo OA, Messenger, Bot Framework, /api/chat), so CI keeps it true. */
describe.skipIf(!pgReady)('soak: two instances behind a round-robin proxy', () => {
  it('loses no message or session update, keeps order, sends no duplicate, refreshes the OA token once', async () => {
    const report = await runSoak({ instances: 2, users: 8, messages: 3, kill: 0, databaseUrl: TEST_DATABASE_URL, instanceEnv: NO_BACKGROUND_WORK });
    expect(report).toMatchObject({
      accepted: 24, replied: 24, lostMessages: 0, lostSessionUpdates: 0, outOfOrderReplies: 0, duplicateReplies: 0, tokenRefreshes: 1, settled: true,
    });
    // users take the channels in turn: 8 users over 5 channels, 3 messages each
    expect(report.repliedByChannel).toEqual({ zalo: 6, 'zalo-oa': 6, messenger: 6, botframework: 3, api: 3 });
    // Bot Framework with credentials, not the Emulator setting: every activity carried a JWT the fake channel signed (an
    // unsigned or badly signed one is refused 401, so no reply), and the replies an access token from its login service
    expect(report.botFramework.tokensIssued).toBeGreaterThanOrEqual(1);
    expect(report.botFramework.unauthorizedReplies).toBe(0);
  }, 400_000);
});
