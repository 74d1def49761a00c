/** Channel-neutral message types: what every channel maps to and from. */

export type Lang = 'vi' | 'tay' | 'dao' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'tay', 'dao', 'en'];

export type AttachmentKind = 'image' | 'sticker' | 'audio' | 'video' | 'file' | 'location' | 'other';

/** One message from a user, whatever platform it came from. */
export interface Inbound {
  channel: string;
  userId: string;
  text?: string;
  /** Payload of a tapped button or quick reply. */
  payload?: string;
  attachment?: AttachmentKind;
  /** Where the platform keeps the photo / voice note / file (http(s) only), when it says. */
  mediaUrl?: string;
  /** The platform's own message id, used for deduplication. */
  messageId?: string;
  time: number;
  displayName?: string;
  /** Language the caller asks for explicitly (e.g. the web demo). */
  lang?: Lang;
  /** Set when the text held a secret: the text was dropped before it was kept anywhere. */
  sensitive?: boolean;
  /**
   * The sender is proven to be this user: a signed platform webhook, or /api/chat with the
   * member token of this user. Team-member commands need it.
   */
  senderVerified?: boolean;
}

export interface Button {
  title: string;
  payload: string;
}

export type ReplyPart =
  | { type: 'text'; text: string }
  | { type: 'buttons'; text: string; buttons: Button[] }
  | { type: 'image'; url: string; alt: string }
  | { type: 'link'; url: string; title: string }
  /** `url`: MP3 (Messenger, web chat); `voiceUrl`: the same speech as AAC, for a platform's voice message (Zalo). */
  | { type: 'audio'; url: string; voiceUrl?: string; title?: string };

export type Decision = 'answer' | 'clarify' | 'followup' | 'fallback' | 'handoff' | 'smalltalk';

export interface MatchInfo {
  decision: Decision;
  id: string | null;
  title: string | null;
  confidence: number | null;
}

export interface TurnResult {
  messages: ReplyPart[];
  match: MatchInfo;
  /** The user's language once the turn is over (the session's, else the default): channels render hints in it. */
  lang?: Lang;
}
