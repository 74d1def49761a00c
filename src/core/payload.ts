import type { KnowledgeBase } from '../knowledge/types.js';
import type { DialogueState } from '../domain/outcome.js';
import { nextCandidate } from './followup.js';
import type { EntryField, Outcome } from '../domain/outcome.js';

const FIELDS: readonly EntryField[] = ['documents', 'fee', 'duration', 'where', 'online', 'steps', 'legal_basis', 'more'];
/** How many entries a menu topic lists. */
const TOPIC_SIZE = 4;

/** Splits `kind:rest` at the first colon. */
export function splitPayload(payload: string): [string, string | undefined] {
  const i = payload.indexOf(':');
  return i < 0 ? [payload, undefined] : [payload.slice(0, i), payload.slice(i + 1)];
}

/**
 * Turns a tapped button into an Outcome (conventions in notes/COMMON.md). `lang:`, `langpick`,
 * `commune:` and `cancel_handoff` are handled by earlier steps; anything unknown opens the menu.
 */
export function outcomeOfPayload(payload: string, kb: Pick<KnowledgeBase, 'entries' | 'list'>, state: DialogueState): Outcome {
  const [kind, arg] = splitPayload(payload.trim());
  const known = (id: string | undefined): id is string => !!id && kb.entries.has(id);
  switch (kind) {
    case 'entry':
    case 'audio':
      return known(arg) ? { kind: 'answer', entryId: arg, confidence: 1, candidates: keptCandidates(arg, kb, state) } : { kind: 'smalltalk', intent: 'menu' };
    case 'more':
      return known(arg) ? { kind: 'followup', entryId: arg, field: 'more' } : { kind: 'smalltalk', intent: 'menu' };
    case 'field': {
      const i = arg?.lastIndexOf(':') ?? -1;
      const id = arg?.slice(0, i);
      const field = arg?.slice(i + 1) as EntryField;
      return i > 0 && known(id) && FIELDS.includes(field) ? { kind: 'followup', entryId: id, field } : { kind: 'smalltalk', intent: 'menu' };
    }
    case 'next':
      return nextCandidate(kb, state) ?? { kind: 'smalltalk', intent: 'rephrase' };
    case 'none':
      return { kind: 'handoff', reason: 'none_of_these' };
    case 'handoff':
      return { kind: 'handoff', reason: 'asked' };
    case 'feedback':
      return feedback(arg, known);
    case 'topic':
      return topic(arg ?? '', kb);
    case 'help':
      return { kind: 'smalltalk', intent: 'help' };
    default:
      return { kind: 'smalltalk', intent: 'menu' };
  }
}

/** Picking one of the offered candidates keeps the others for a later "cái khác". */
function keptCandidates(id: string, kb: Pick<KnowledgeBase, 'entries'>, state: DialogueState) {
  const ids = state.candidates?.includes(id) ? state.candidates : [id];
  return ids.flatMap((x) => {
    const entry = kb.entries.get(x);
    return entry ? [{ id: x, title: entry.title, confidence: x === id ? 1 : 0 }] : [];
  });
}

function feedback(arg: string | undefined, known: (id: string | undefined) => boolean): Outcome {
  const [vote, id] = splitPayload(arg ?? '');
  const entryId = known(id) ? id : undefined;
  return { kind: 'smalltalk', intent: vote === 'down' ? 'feedback_down' : 'feedback_up', ...(entryId ? { entryId } : {}) };
}

/**
 * A menu topic lists its hand-written entries first (the menu says `residence` for `residence-id`).
 * `border` is no folder: it lists the entries flagged `border_area`, whatever their domain.
 */
function topic(domain: string, kb: Pick<KnowledgeBase, 'list'>): Outcome {
  const inDomain = domain === 'border'
    ? kb.list.filter((e) => e.border_area)
    : kb.list.filter((e) => domain && (e.domain === domain || e.domain.startsWith(`${domain}-`)));
  const ranked = [...inDomain.filter((e) => e.curated), ...inDomain.filter((e) => !e.curated)].slice(0, TOPIC_SIZE);
  const [first] = ranked;
  if (!first) return { kind: 'smalltalk', intent: 'menu' };
  return { kind: 'clarify', domain: first.domain, candidates: ranked.map((e) => ({ id: e.id, title: e.title, confidence: 1 })) };
}
