/** One entry the understanding layer ranked for a question (src/nlu/matcher.ts fills these). */
export interface Candidate {
  id: string;
  title: string;
  /** Calibrated: the chance that this candidate is what the user meant. */
  confidence: number;
  /** Raw ranking score in [0, 1] (before calibration), to compare candidates with each other. */
  score?: number;
}

/** Fields of an entry a follow-up question can ask about. */
export type EntryField = 'documents' | 'fee' | 'duration' | 'where' | 'online' | 'steps' | 'legal_basis' | 'more';

export type SmalltalkIntent =
  | 'greeting' | 'thanks' | 'bye' | 'menu' | 'help' | 'language' | 'out_of_scope' | 'safety'
  | 'feedback_up' | 'feedback_down' | 'unsupported_attachment' | 'unsupported_audio' | 'unsupported_image' | 'empty' | 'rephrase';

export type HandoffReason = 'asked' | 'fallbacks' | 'thumbs_down' | 'none_of_these';

/** What the understanding layer decided to do with one message. The composer turns it into words. */
export type Outcome =
  /** `field` set when the question also asked about one field ("khai sinh mất bao lâu"). */
  | { kind: 'answer'; entryId: string; confidence: number; candidates: Candidate[]; field?: EntryField }
  /** `domain` set when the user opened a topic from the menu (`topic:<domain>`): a list, not a doubt. */
  | { kind: 'clarify'; candidates: Candidate[]; domain?: string }
  | { kind: 'followup'; entryId: string; field: EntryField }
  | { kind: 'fallback'; candidates: Candidate[] }
  | { kind: 'handoff'; reason: HandoffReason }
  | { kind: 'smalltalk'; intent: SmalltalkIntent; entryId?: string };

/** What the decision needs to know about the conversation so far (the topic and the candidates last offered). */
export interface DialogueState {
  topicId?: string;
  candidates?: string[];
}

/** A commune a villager can pick for their case (knowledge/communes.yaml). */
export interface CommuneChoice {
  code: string;
  name: string;
}

/** What handoff asks or tells the villager next about their case. */
export type CaseStep =
  /** Which commune? `prompt`: the first ask, a pick among several matches, or nothing found for `typed`. */
  | { ask: 'commune'; prompt: 'ask' | 'pick' | 'not_found'; typed?: string; communes: CommuneChoice[] }
  /** The case waits for a helper of `commune` (none: the province's staff), usually within `minutes`. */
  | { ask: 'wait'; commune?: CommuneChoice; minutes: number };

/**
 * What handoff did with a turn (src/handoff decides, src/replies/handoff.ts words it). Every kind
 * but `closed` ends the turn; `closed` lets the bot answer the message itself after `pending`.
 */
export type HandoffOutcome =
  /** A case was opened for this villager; `next` asks their commune or says what happens. */
  | { kind: 'opened'; reason: HandoffReason; caseId: string; next: CaseStep }
  /** The villager already waits on an open case. */
  | { kind: 'already_open'; caseId: string }
  /** An answer to the commune question; `secretDropped` when the message held a secret (warn, ask again). */
  | { kind: 'commune'; next: CaseStep; secretDropped?: boolean }
  | { kind: 'cancelled' }
  /** The villager's message went to their case; `pending`: a helper's messages that waited for them. */
  | { kind: 'relayed'; pending: string[]; secretHidden: boolean }
  /** Their case was closed meanwhile: `pending` first, then the bot answers this message itself. */
  | { kind: 'closed'; pending: string[] }
  /** A team command from someone who is not a (verified) member. */
  | { kind: 'not_member' }
  /** A team member's command and what it answers (worded in the member's language by src/handoff). */
  | { kind: 'member'; lines: string[] };
