import type { KnowledgeBase } from './types.js';
import type { Matcher } from '../nlu/matcher.js';
import { buildMatcher } from '../nlu/matcher.js';

/** A knowledge base together with the matcher index built from it. Swapped as one value. */
export interface KnowledgeSnapshot {
  kb: KnowledgeBase;
  matcher: Matcher;
}

/** Holds the current snapshot; a reload swaps it atomically so no turn sees half of each. */
export class KnowledgeHolder {
  private snapshot: KnowledgeSnapshot;
  private readonly listeners: ((s: KnowledgeSnapshot) => void)[] = [];

  /** `matcher`: one already built for `kb` (from the start-up snapshot); else it is built here. */
  constructor(kb: KnowledgeBase, matcher?: Matcher) {
    this.snapshot = { kb, matcher: matcher ?? buildMatcher(kb) };
  }

  current(): KnowledgeSnapshot {
    return this.snapshot;
  }

  swap(kb: KnowledgeBase): void {
    this.snapshot = { kb, matcher: buildMatcher(kb) };
    for (const l of this.listeners) l(this.snapshot);
  }

  onSwap(listener: (s: KnowledgeSnapshot) => void): void {
    this.listeners.push(listener);
  }
}
