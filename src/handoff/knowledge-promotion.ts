import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import YAML from 'yaml';
import type { Logger } from '../domain/logger.js';
import { writeFileAtomically } from '../lib/atomic-write.js';
import { BotError } from '../errors.js';
import type { KnowledgeHolder } from '../knowledge/holder.js';
import { loadKnowledge } from '../knowledge/load.js';
import { fold } from '../nlu/normalize.js';
import type { HandoffCase, Store } from '../store/types.js';

export interface PromotionDeps {
  store: Store;
  knowledge: KnowledgeHolder;
  knowledgeDir: string;
  log: Logger;
}

export interface Promotion {
  entryId: string;
  /** Path relative to the knowledge root. */
  file: string;
  /** False when the question already was an example (nothing written). */
  changed: boolean;
}

/** Adds the case's question to an entry's `examples` in its YAML file; the matcher learns it at once. */
export async function promoteCaseToExample(deps: PromotionDeps, caseId: string, entryId: string, user = 'handoff'): Promise<Promotion> {
  const c = await answeredCase(deps.store, caseId);
  const question = c.question?.trim();
  if (!question) throw new BotError('BAD_REQUEST', `Case #${c.id} has no question to add`);
  const rel = deps.knowledge.current().kb.files.get(entryId);
  if (!rel) throw new BotError('NOT_FOUND', `No knowledge entry "${entryId}"`);
  const file = path.join(deps.knowledgeDir, rel);
  const before = await fs.readFile(file, 'utf8');
  const doc = YAML.parseDocument(before);
  const examples = (doc.get('examples') as YAML.YAMLSeq | undefined)?.toJSON() as string[] | undefined;
  if (examples?.some((e) => fold(e) === fold(question))) return markPromoted(deps, c, entryId, rel, false);
  if (examples) (doc.get('examples') as YAML.YAMLSeq).add(question);
  else doc.set('examples', [question]);
  const after = doc.toString();
  await writeFileAtomically(file, after);
  await deps.store.recordKnowledgeChange({ id: randomUUID(), at: Date.now(), user, file: rel, entryId, before, after, diff: `+ examples: ${question}` });
  await reload(deps);
  return markPromoted(deps, c, entryId, rel, true);
}

/** Drafts knowledge/faq/faq-case-<n>.yaml from an answered case (kind faq, curated false) for an editor to check. */
export async function draftFaqFromCase(deps: PromotionDeps, caseId: string, user = 'handoff'): Promise<Promotion> {
  const c = await answeredCase(deps.store, caseId);
  const question = c.question?.trim();
  if (!question) throw new BotError('BAD_REQUEST', `Case #${c.id} has no question to draft from`);
  const entryId = `faq-case-${c.id}`;
  const rel = path.join('faq', `${entryId}.yaml`);
  const file = path.join(deps.knowledgeDir, rel);
  if (deps.knowledge.current().kb.entries.has(entryId) || (await exists(file))) throw new BotError('CONFLICT', `Entry ${entryId} already exists`);
  const answers = c.messages.filter((m) => m.from === 'member');
  const day = new Date().toISOString().slice(0, 10);
  const entry = {
    id: entryId,
    kind: 'faq',
    curated: false,
    title: question.length > 120 ? `${question.slice(0, 119)}…` : question,
    summary: answers.map((m) => m.text).join('\n'),
    examples: [question],
    domain: 'other',
    sources: [`Handoff case #${c.id}: answer by ${answers.map((m) => m.name ?? 'team member').filter((v, i, a) => a.indexOf(v) === i).join(', ')} (${day}), not yet checked against an official source`],
    updated: day,
  };
  const text = `# Draft from handoff case #${c.id}. Check the answer against an official source, then set curated: true.\n${YAML.stringify(entry)}`;
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomically(file, text);
  await deps.store.recordKnowledgeChange({ id: randomUUID(), at: Date.now(), user, file: rel, entryId, before: null, after: text, diff: `+ new FAQ draft ${entryId}` });
  await reload(deps);
  return markPromoted(deps, c, entryId, rel, true);
}

async function answeredCase(store: Store, caseId: string): Promise<HandoffCase> {
  const c = await store.getCase(caseId.replace(/^#/, ''));
  if (!c) throw new BotError('NOT_FOUND', `No case #${caseId}`);
  if (!c.messages.some((m) => m.from === 'member')) throw new BotError('BAD_REQUEST', `Case #${c.id} has no answer from a team member yet`);
  return c;
}

async function markPromoted(deps: PromotionDeps, c: HandoffCase, entryId: string, file: string, changed: boolean): Promise<Promotion> {
  c.promotedTo = entryId;
  c.updatedAt = Date.now();
  await deps.store.saveCase(c);
  return { entryId, file, changed };
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(() => true, () => false);
}

/** Swaps in the new knowledge now (the file watcher may do it too; a second swap is harmless). */
async function reload(deps: PromotionDeps): Promise<void> {
  try {
    await deps.knowledge.swap(await loadKnowledge(deps.knowledgeDir, deps.knowledge.current().kb.version + 1));
  } catch (err) {
    deps.log.warn({ err }, 'KNOWLEDGE_RELOAD_FAILED after promoting a case; the watcher will retry');
  }
}
