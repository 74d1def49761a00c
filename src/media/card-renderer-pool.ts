import type { CardJob } from '../replies/card.js';
import type { Priority } from './worker-pool.js';
import type { MediaPool } from './media-pool.js';

/** Draws a card (an SVG, or its plain content) as PNG somewhere other than the event loop. */
export interface CardRenderer {
  render(job: CardJob | string, priority?: Priority): Promise<{ png: Buffer; threadId: number }>;
}

/** Card rendering on the media worker pool: high priority for a waiting user, low for pre-rendering. */
export function poolCardRenderer(pool: MediaPool): CardRenderer {
  return {
    async render(job, priority = 'high') {
      const task = typeof job === 'string' ? { svg: job } : job;
      const result = await pool.run({ kind: 'card', ...task }, { priority });
      if (result.kind !== 'card') throw new Error('MEDIA_WORKER_MISMATCH');
      return { png: Buffer.from(result.png.buffer, result.png.byteOffset, result.png.byteLength), threadId: result.threadId };
    },
  };
}
