/**
 * The layer rule of DESIGN.md ("Layers"), checked by `npm run lint`.
 * channels → turn pipeline (core) → understanding (nlu) / replies / handoff → knowledge / store → domain.
 */
const LOW = '^src/(domain|knowledge|store|nlu)/';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No import circles, type-only imports included.', from: {}, to: { circular: true } },
    {
      name: 'domain-is-the-bottom',
      severity: 'error',
      comment: 'src/domain holds the base types and imports nothing else of the bot.',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/domain/' },
    },
    {
      name: 'metrics-registry-is-a-leaf',
      severity: 'error',
      comment: 'src/metrics/registry.ts is recorded into from every layer, so it imports nothing else of the bot.',
      from: { path: '^src/metrics/registry\\.ts$' },
      to: { path: '^src/', pathNot: '^src/metrics/registry\\.ts$' },
    },
    {
      name: 'knowledge-and-store-stay-low',
      severity: 'error',
      comment: 'Knowledge, store and understanding never reach up into the turn, replies, handoff, channels or the app.',
      from: { path: LOW },
      to: { path: '^src/(core|replies|handoff|channels|admin|media|webchat|outbox|cli|bench)/|^src/(app|features|main|services)\\.ts$' },
    },
    {
      name: 'middle-layers-do-not-reach-up',
      severity: 'error',
      comment: 'Replies, handoff and the translation statistics (src/i18n) are called by the turn pipeline and the edges; they never import the pipeline, the channels or the app.',
      from: { path: '^src/(replies|handoff|i18n)/' },
      to: { path: '^src/(core|channels|admin|webchat|cli)/|^src/(app|main)\\.ts$' },
    },
    {
      name: 'handoff-decides-replies-word',
      severity: 'error',
      comment: 'Handoff says what it did as a HandoffOutcome (src/domain/outcome.ts) and the turn pipeline words it with src/replies/handoff.ts: handoff never imports the composer (only the Locales catalogue, for the texts it sends team members), and replies never import handoff.',
      from: { path: '^src/handoff/' },
      to: { path: '^src/replies/', pathNot: '^src/replies/locales\\.ts$' },
    },
    {
      name: 'replies-do-not-import-handoff',
      severity: 'error',
      comment: 'The composer words outcomes from src/domain; it knows nothing of cases, desks or teams.',
      from: { path: '^src/replies/' },
      to: { path: '^src/handoff/' },
    },
    {
      name: 'pipeline-does-not-reach-channels',
      severity: 'error',
      comment: 'The turn pipeline knows no platform: channels call it, not the other way round.',
      from: { path: '^src/core/' },
      to: { path: '^src/(channels|admin|webchat|media|cli)/|^src/(app|main)\\.ts$' },
    },
    {
      name: 'no-natural-in-production',
      severity: 'error',
      comment: 'natural is a devDependency (a benchmark baseline): only src/bench and src/cli/bench may load it.',
      from: { path: '^src/', pathNot: '^src/(bench/|cli/bench\\.ts)' },
      to: { path: 'node_modules/natural/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
