import type { HandoffCase } from '../store/types.js';

/**
 * "tên tôi là Lý Văn Páo", "em tên là Hoa", "tôi là Triệu Thị Mai": the name a villager told the bot,
 * as capitalised words right after the phrase (so "tôi là người Dao" is not a name).
 */
const I = '(?:[Tt]ôi|[Ee]m|[Mm]ình|[Cc]háu|[Tt]ui|[Cc]on)';
const TOLD = new RegExp(`(?:^|[\\s,.;:!?])(?:[Tt]ên\\s+${I}\\s+là|${I}\\s+tên(?:\\s+là)?|${I}\\s+là)\\s+(\\p{Lu}\\p{Ll}*(?:\\s+\\p{Lu}\\p{Ll}*){0,3})`, 'u');

export function toldName(text: string): string | undefined {
  return TOLD.exec(text.normalize('NFC'))?.[1];
}

/** How the page names the villager of a case: their platform name, else the name they told the bot. */
export function villagerNameOf(c: Pick<HandoffCase, 'displayName' | 'messages'>): string | undefined {
  if (c.displayName) return c.displayName;
  for (const m of c.messages) {
    if (m.from !== 'user') continue;
    const name = toldName(m.text);
    if (name) return name;
  }
  return undefined;
}
