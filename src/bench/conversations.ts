import { promises as fs } from 'node:fs';
import { decide, type DialogueState } from '../core/decide.js';
import type { Outcome } from '../domain/outcome.js';
import type { KnowledgeBase } from '../knowledge/types.js';
import type { Matcher } from '../nlu/matcher.js';

/**
 * One turn of a scripted conversation: either a typed message with the decision expected, or a
 * tapped choice (`tap`: the entry id of the button), which sets the topic as the payload does.
 */
export interface ConversationTurn {
  text?: string;
  /** `answer`, `clarify`, `followup`, `fallback`, `handoff`, `smalltalk` or `smalltalk:<intent>`; alternatives joined by `|`. */
  expect?: string;
  /** The entry the turn is about: answered, followed up, or among the clarify choices. */
  entry?: string;
  tap?: string;
}

export interface Conversation {
  id: string;
  note?: string;
  turns: ConversationTurn[];
  line: number;
}

/** What the bot decided on one typed turn and whether it was right. */
export interface TurnResult {
  conversation: string;
  turn: number;
  text: string;
  expect: string;
  entry?: string;
  decision: string;
  entryId?: string;
  right: boolean;
  /** The bot answered (or followed up) with an entry that was not the expected one. */
  wrongConfident: boolean;
}

export interface ConversationSummary {
  conversations: number;
  turns: number;
  turnsRight: number;
  /** Share of typed turns decided as expected. */
  turnAccuracy: number;
  /** Share of conversations with every turn right. */
  conversationAccuracy: number;
  wrongConfident: number;
}

/** Reads a JSONL conversation file; a bad line is a clear error naming the file and line. */
export async function readConversations(file: string): Promise<Conversation[]> {
  const text = await fs.readFile(file, 'utf8');
  const out: Conversation[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('//')) return;
    let obj: Record<string, unknown>;
    try {
      obj = JSON.parse(line) as Record<string, unknown>;
    } catch (err) {
      throw new Error(`${file}:${i + 1}: not valid JSON (${(err as Error).message})`);
    }
    if (!Array.isArray(obj.turns) || !obj.turns.length) throw new Error(`${file}:${i + 1}: each line needs a non-empty "turns" array`);
    const turns = obj.turns as ConversationTurn[];
    for (const t of turns) {
      if (typeof t.tap === 'string') continue;
      if (typeof t.text !== 'string' || typeof t.expect !== 'string') throw new Error(`${file}:${i + 1}: a turn needs "text" and "expect" (or "tap")`);
    }
    out.push({ id: typeof obj.id === 'string' ? obj.id : `line${i + 1}`, note: typeof obj.note === 'string' ? obj.note : undefined, turns, line: i + 1 });
  });
  return out;
}

/** The entry an outcome puts forward as the answer, if any. */
function answeredEntry(o: Outcome): string | undefined {
  return o.kind === 'answer' || o.kind === 'followup' ? o.entryId : undefined;
}

function decisionName(o: Outcome): string {
  return o.kind === 'smalltalk' ? `smalltalk:${o.intent}` : o.kind;
}

/** Whether one decision is what the turn expected. */
export function turnIsRight(turn: ConversationTurn, o: Outcome): boolean {
  const kinds = (turn.expect ?? '').split('|');
  const name = decisionName(o);
  const kindOk = kinds.some((k) => k === o.kind || k === name);
  if (!kindOk) return false;
  if (!turn.entry) return true;
  if (o.kind === 'answer' || o.kind === 'followup') return o.entryId === turn.entry;
  if (o.kind === 'clarify') return o.candidates.some((c) => c.id === turn.entry);
  return true;
}

/** An answer with the wrong entry, or an answer where none was expected. */
export function isWrongConfident(turn: ConversationTurn, o: Outcome): boolean {
  const id = answeredEntry(o);
  if (!id) return false;
  if (turn.entry) return id !== turn.entry;
  return !(turn.expect ?? '').split('|').some((k) => k === 'answer' || k === 'followup');
}

/** The session's memory after a turn, as the session step keeps it. */
function remember(state: DialogueState, o: Outcome): DialogueState {
  if (o.kind === 'answer') return { topicId: o.entryId, candidates: o.candidates.map((c) => c.id) };
  if (o.kind === 'clarify') return { ...state, candidates: o.candidates.map((c) => c.id) };
  return state;
}

/** Plays every conversation through the real decision, carrying the dialogue state turn to turn. */
export function evaluateConversations(conversations: Conversation[], kb: KnowledgeBase, matcher: Matcher): { summary: ConversationSummary; results: TurnResult[] } {
  const results: TurnResult[] = [];
  let allRight = 0;
  for (const c of conversations) {
    let state: DialogueState = {};
    let ok = true;
    c.turns.forEach((turn, i) => {
      if (turn.tap) {
        state = { ...state, topicId: turn.tap };
        return;
      }
      const o = decide(turn.text!, kb, matcher, state).outcome;
      const right = turnIsRight(turn, o);
      ok &&= right;
      results.push({
        conversation: c.id, turn: i + 1, text: turn.text!, expect: turn.expect!, ...(turn.entry ? { entry: turn.entry } : {}),
        decision: decisionName(o), ...(answeredEntry(o) ? { entryId: answeredEntry(o) } : o.kind === 'clarify' ? { entryId: o.candidates.map((x) => x.id).join(',') } : {}),
        right, wrongConfident: isWrongConfident(turn, o),
      });
      state = remember(state, o);
    });
    if (ok) allRight++;
  }
  const turnsRight = results.filter((r) => r.right).length;
  return {
    summary: {
      conversations: conversations.length,
      turns: results.length,
      turnsRight,
      turnAccuracy: results.length ? round(turnsRight / results.length) : 0,
      conversationAccuracy: conversations.length ? round(allRight / conversations.length) : 0,
      wrongConfident: results.filter((r) => r.wrongConfident).length,
    },
    results,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
