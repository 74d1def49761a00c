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
