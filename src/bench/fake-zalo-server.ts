/**
 * The fake Zalo Bot API (src/bench/load-parts.ts startFakeZalo) as a process of its own on PORT, so a
 * bench that times a client measures the client's CPU, not the far end's. Answers every path 200.
 */
import { startFakeZalo } from './load-parts.js';

const fake = await startFakeZalo(Number(process.env.PORT ?? 0));
process.on('SIGTERM', () => void fake.close().then(() => process.exit(0)));
