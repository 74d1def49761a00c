import type { KnowledgeBase } from './types.js';
import type { Matcher } from '../nlu/matcher.js';
import { buildMatcher, matcherSteps } from '../nlu/matcher.js';
import { runCooperatively } from '../lib/cooperative.js';

/** A knowledge base together with the matcher index built from it. Swapped as one value. */
export interface KnowledgeSnapshot {
  kb: KnowledgeBase;
  matcher: Matcher;
}

/** Holds the current snapshot; a reload swaps it atomically so no turn sees half of each. */
export class KnowledgeHolder {
  private snapshot: KnowledgeSnapshot;
  private readonly listeners: ((s: KnowledgeSnapshot) => void)[] = [];
  private building: Promise<unknown> = Promise.resolve();
  /** Awaited between two slices of a rebuild: a test pauses a save here and shows chats are still answered. */
  atRebuildYield?: () => Promise<void> | void;

  /** `matcher`: one already built for `kb` (from the start-up snapshot); else it is built here. */
  constructor(kb: KnowledgeBase, matcher?: Matcher) {
    this.snapshot = { kb, matcher: matcher ?? buildMatcher(kb) };
  }

  current(): KnowledgeSnapshot {
    return this.snapshot;
  }

  /**
   * Builds the matcher for `kb` a few milliseconds at a time, serving requests in between (an
   * admin save never stalls the bot), then swaps knowledge and matcher in one assignment. Entries
   * the edit did not change reuse their indexed words. Swaps run in the order they were asked for.
   */
  swap(kb: KnowledgeBase): Promise<void> {
    const run = this.building.catch(() => undefined).then(async () => {
      const matcher = await runCooperatively(matcherSteps(kb), { atYield: () => this.atRebuildYield?.() });
      this.snapshot = { kb, matcher };
      for (const l of this.listeners) l(this.snapshot);
    });
    this.building = run;
    return run;
  }

  onSwap(listener: (s: KnowledgeSnapshot) => void): void {
    this.listeners.push(listener);
  }
}
