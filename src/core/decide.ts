import type { KnowledgeBase } from '../knowledge/types.js';
import { collapseVariants } from '../nlu/choices.js';
import type { Candidate, Matcher, MatchOutcome } from '../nlu/matcher.js';
import { COMMAND_PHRASES, FIELD_PHRASES, emojiFeedback, findPhrases, firstKind, type PhraseHit, topicWords } from './intents.js';
import { nextCandidate } from './followup.js';
import type { DialogueState, EntryField, Outcome } from '../domain/outcome.js';
import { isSensitive } from '../nlu/safety.js';

/**
 * Confidence needed to answer straight away. Calibrated on tests/eval/dev.jsonl so that answers
 * are right at least 95% of the time (see `npm run eval`); below it the bot asks.
 */
export const ANSWER_AT = 0.75;
/** Below this the bot says it does not know rather than offering guesses. */
export const CLARIFY_AT = 0.2;
/**
 * Lowest raw score worth offering choices for: below it the question shares only a stray word
 * with the catalogue ("tối nay xem gì" ~ "xem hàng hoá trước khi khai hải quan"). On
 * tests/eval/dev.jsonl no right clarify scores below 0.33.
 */
export const CLARIFY_MIN_SCORE = 0.3;
/** Clarify buttons: candidates whose raw score is at least this share of the best one's. */
const CLARIFY_SHARE = 0.7;
/** An out-of-scope word wins unless the match is this sure. */
const OOS_OVERRIDE = 0.99;
/**
 * Words that only a procedure question uses: with one of them an out-of-scope word ("người yêu"
 * in "đăng ký kết hôn với người yêu") loses to a match sure enough to answer.
 */
const PROCEDURE_WORDS: readonly string[][] = ['dang ki', 'thu tuc', 'ho so', 'giay to', 'cap lai', 'cap doi', 'xin cap', 'lam giay', 'khai sinh', 'khai tu', 'ket hon', 'can cuoc', 'tam tru', 'thuong tru'].map((p) => p.split(' '));

function namesProcedure(words: readonly string[]): boolean {
  return words.some((_, i) => PROCEDURE_WORDS.some((p) => p.every((x, j) => words[i + j] === x)));
}

export type { DialogueState } from '../domain/outcome.js';

/** A decision plus what it learnt about the message. */
export interface Decision {
  outcome: Outcome;
  /** The message shared or asked about a secret: never log or store its text. */
  sensitive: boolean;
  match?: MatchOutcome;
}

/** Decides what to do with one typed message. Pure: same text, state and KB → same decision. */
export function decide(text: string, kb: Pick<KnowledgeBase, 'entries'>, matcher: Matcher, given: DialogueState = {}): Decision {
  // A topic removed by a knowledge reload is no topic.
  const state = given.topicId && !kb.entries.has(given.topicId) ? { ...given, topicId: undefined } : given;
  if (isSensitive(text)) return { outcome: { kind: 'smalltalk', intent: 'safety' }, sensitive: true };
  const emoji = emojiFeedback(text);
  if (emoji) return { outcome: { kind: 'smalltalk', intent: emoji, entryId: state.topicId }, sensitive: false };
  const match = matcher.match(text);
  const words = match.words ?? [];
  if (!words.length) return { outcome: { kind: 'smalltalk', intent: 'empty' }, sensitive: false, match };
  const fieldHits = findPhrases(words, FIELD_PHRASES);
  const field = firstKind(fieldHits, FIELD_PHRASES);
  const command = commandOutcome(words, kb, state, field !== undefined, fieldHits);
  if (command) return { outcome: command, sensitive: false, match };
  // What is left once question words, field words and courtesies are set aside: the topic.
  const topic = topicWords(words, [...fieldHits, ...findPhrases(words, COMMAND_PHRASES)]).filter((w) => w.length > 1);
  const followup = field && followupOutcome(field, topic.length === 0, match.candidates, state);
  if (followup) return { outcome: followup, sensitive: false, match };
  // Nothing but question words ("làm giấy tờ gì", "aaaa"): nothing to look up yet.
  if (!topic.length) return { outcome: { kind: 'smalltalk', intent: 'rephrase' }, sensitive: false, match };
  return { outcome: byConfidence(match, field), sensitive: false, match };
}

/** Courtesies that never hide a question asked in the same message ("chào em, cần giấy tờ gì nhé"). */
const SOFT: ReadonlySet<string> = new Set(['greeting', 'thanks', 'bye', 'feedback_up', 'feedback_down']);

function commandOutcome(words: string[], kb: Pick<KnowledgeBase, 'entries'>, state: DialogueState, asksField: boolean, fieldHits: readonly PhraseHit<string>[]): Outcome | undefined {
  // A command inside a longer field phrase is part of the question: "không phải đến" asks about online, not "something else".
  const hits = findPhrases(words, COMMAND_PHRASES).filter((h) => !fieldHits.some((f) => f.length > h.length && f.start <= h.start && h.start + h.length <= f.start + f.length));
  const kind = firstKind(hits, COMMAND_PHRASES);
  if (!kind || (asksField && SOFT.has(kind))) return undefined;
  if (kind === 'handoff') return { kind: 'handoff', reason: 'asked' };
  if (topicWords(words, hits).length > 0) return undefined;
  if (kind === 'next') return nextCandidate(kb, state) ?? { kind: 'smalltalk', intent: 'rephrase' };
  if (kind === 'feedback_up' || kind === 'feedback_down') return { kind: 'smalltalk', intent: kind, entryId: state.topicId };
  return { kind: 'smalltalk', intent: kind };
}

/** A field question about the current topic, unless the message clearly names another entry. */
function followupOutcome(field: EntryField, onlyField: boolean, candidates: Candidate[], state: DialogueState): Outcome | undefined {
  const best = candidates[0];
  if (!state.topicId) return onlyField ? { kind: 'smalltalk', intent: 'rephrase' } : undefined;
  if (onlyField || !best || best.id === state.topicId || best.confidence < ANSWER_AT) {
    return { kind: 'followup', entryId: state.topicId, field };
  }
  return undefined;
}

function byConfidence(match: MatchOutcome, field: EntryField | undefined): Outcome {
  const { candidates } = match;
  const best = candidates[0];
  const oosBar = namesProcedure(match.words ?? []) ? ANSWER_AT : OOS_OVERRIDE;
  if (match.outOfScope?.length && (!best || best.confidence < oosBar)) return { kind: 'smalltalk', intent: 'out_of_scope' };
  if (!best || best.confidence < CLARIFY_AT || (best.score ?? 1) < CLARIFY_MIN_SCORE) return { kind: 'fallback', candidates };
  // A question asking for another action than the best entry performs ("sửa" vs "đăng ký") is never answered outright.
  if (best.confidence >= ANSWER_AT && !match.actionConflict) return { kind: 'answer', entryId: best.id, confidence: best.confidence, candidates, ...(field ? { field } : {}) };
  // Versions of one procedure (same title, another level) are one choice.
  const close = collapseVariants(candidates.filter((c) => (c.score ?? 0) >= (best.score ?? 0) * CLARIFY_SHARE), (c) => c.title).slice(0, 4);
  return { kind: 'clarify', candidates: close };
}
