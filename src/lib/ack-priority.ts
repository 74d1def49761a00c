/**
 * What turns (TurnGate) and the outbox's sends yield to: webhooks being acknowledged right now
 * (Inbox.acking). Their platforms wait for the 200; a reply can wait a moment, a bounded one.
 */
export interface AckPriority {
  /** True while webhooks are being acknowledged. */
  busy(): boolean;
  /** The longest work is held back for the acks; after that it runs at its normal width anyway. */
  maxHoldMs: number;
}

/** How often held work looks again whether the acks are over (a cheap timer, only while holding). */
export const HOLD_RECHECK_MS = 5;
