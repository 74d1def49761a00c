import type { KnowledgeBase } from '../knowledge/types.js';
import type { DialogueState, Outcome } from '../domain/outcome.js';

/**
 * "Cái khác" / "không phải" / the `next` button: the candidate after the current topic among the
 * ones ranked for the last question. The full list is handed on so the next "cái khác" moves
 * further. Undefined when there is nothing left to offer.
 */
export function nextCandidate(kb: Pick<KnowledgeBase, 'entries'>, state: DialogueState): Outcome | undefined {
  const ids = (state.candidates ?? []).filter((id) => kb.entries.has(id));
  if (!ids.length) return undefined;
  const at = state.topicId ? ids.indexOf(state.topicId) : -1;
  const nextId = ids[at + 1];
  if (!nextId || (at < 0 && state.topicId)) return undefined;
  const candidates = ids.flatMap((id) => {
    const entry = kb.entries.get(id);
    return entry ? [{ id, title: entry.title, confidence: 0 }] : [];
  });
  return { kind: 'answer', entryId: nextId, confidence: 0, candidates };
}
