import type { Button, ReplyPart } from '../../domain/messages.js';

/**
 * Choices as numbered lines, for platforms without buttons (or with fewer than offered). The
 * turn remembers the LAST buttons part as `session.pendingChoices`, so a reply of "2" picks its
 * second choice; choices of an earlier part are listed with bullets instead (a digit would not
 * reach them), pass `numbered: false` for those.
 */
export function numberedChoices(text: string, buttons: Button[], hint: string, numbered = true): string {
  const lines = buttons.map((b, i) => (numbered ? `${i + 1}. ${b.title}` : `• ${b.title}`));
  return [text, lines.join('\n'), numbered ? hint : ''].filter((s) => s?.trim()).join('\n\n');
}

/** Index of the buttons part whose choices a digit answers (the last one), or -1. */
export function answerableButtons(parts: ReplyPart[]): number {
  for (let i = parts.length - 1; i >= 0; i--) if (parts[i]?.type === 'buttons') return i;
  return -1;
}
