/** Environment every test app and bot starts with (tests/helpers/app.ts, tests/helpers/process.ts); a test sets its own on top. */

/** Rate limits high enough that no functional test meets them (tests/integration/flood-limits sets its own). */
export const NO_FLOOD_LIMITS = { RATE_LIMIT_USER_PER_MINUTE: '100000', RATE_LIMIT_IP_PER_MINUTE: '1000000' };

/**
 * The start-up work done in the background for later (cards drawn ahead, the speech synthesiser
 * compiled ahead of the first 🔊, the knowledge snapshot and last good copy written): off for test
 * apps and bots, whose tests are about something else; it cost 2-5 s of CPU per app that lived
 * past its first second. The tests of that work turn it back on (media-cards, knowledge-snapshot,
 * knowledge-last-good).
 */
export const NO_BACKGROUND_WORK = { CARD_PRERENDER: 'false', SPEECH_WARM: 'false', KNOWLEDGE_SNAPSHOT: 'false' };
