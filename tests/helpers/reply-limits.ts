import { expect } from 'vitest';
import type { ReplyPart } from '../../src/domain/messages.js';

/** Button payloads as the conventions in notes/COMMON.md define them. */
export const PAYLOAD = /^(entry:.+|field:.+:(documents|fee|duration|where|online|steps|legal_basis|more)|more:.+|next|none|menu|topic:[a-z-]+|lang:(vi|tay|dao|en)|langpick|handoff|cancel_handoff|feedback:(up|down):.+|audio:.+|commune:.+)$/;

/** The limits every reply keeps: short texts, ≤ 6 steps, valid buttons, no raw keys. */
export function expectWithinLimits(parts: ReplyPart[], allSteps = false): void {
  expect(parts.length).toBeGreaterThan(0);
  for (const p of parts) {
    if (p.type === 'text' || p.type === 'buttons') {
      expect(p.text.length, p.text).toBeLessThanOrEqual(600);
      expect(p.text).not.toMatch(/\b(label|answer|button|smalltalk|lang|card|audio|followup)\.[a-z_]+\b/);
      expect(p.text).not.toMatch(/\{\w+\}/);
    }
    if (p.type === 'buttons') {
      expect(p.buttons.length).toBeGreaterThan(0);
      for (const b of p.buttons) {
        expect(b.title.trim().length).toBeGreaterThan(0);
        expect(b.payload).toMatch(PAYLOAD);
      }
    }
    if (p.type === 'text' && !allSteps) {
      const steps = p.text.split('\n').filter((l) => /^\d+\. /.test(l));
      expect(steps.length).toBeLessThanOrEqual(6);
    }
  }
}
