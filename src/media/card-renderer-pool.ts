import type { Priority } from './worker-pool.js';
import type { MediaPool } from './media-pool.js';

/** Draws a card SVG as PNG somewhere other than the event loop. */
export interface CardRenderer {
  render(svg: string, priority?: Priority): Promise<{ png: Buffer; threadId: number }>;
}

/** Card rendering on the media worker pool: high priority for a waiting user, low for pre-rendering. */
export function poolCardRenderer(pool: MediaPool): CardRenderer {
  return {
    async render(svg, priority = 'high') {
      const result = await pool.run({ kind: 'card', svg }, { priority });
      if (result.kind !== 'card') throw new Error('MEDIA_WORKER_MISMATCH');
      return { png: Buffer.from(result.png.buffer, result.png.byteOffset, result.png.byteLength), threadId: result.threadId };
    },
  };
}
