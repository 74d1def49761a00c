import type { Button } from '../../core/messages.js';

/**
 * Choices as numbered lines, for platforms without buttons (or with fewer than offered). The
 * turn remembers the buttons as `session.pendingChoices`, so a reply of "2" picks the second.
 */
export function numberedChoices(text: string, buttons: Button[], hint: string, startAt = 1): string {
  const lines = buttons.map((b, i) => `${i + startAt}. ${b.title}`);
  return [text, lines.join('\n'), hint].filter((s) => s && s.trim()).join('\n\n');
}
