import { promises as fs } from 'node:fs';
import path from 'node:path';
import { dateState, vnDate, WARN_DAYS } from './dated.js';
import { otherProvinceIn } from './import/province.js';
import { findReformTerms, type ReformTerm } from './import/rules-files.js';
import type { KnowledgeProblem } from './problems.js';
import type { Entry } from './types.js';

/** The text of an entry a villager reads first (not `official`, which is the official wording behind "Xem thêm"). */
export function villagerTexts(e: Entry): { field: string; text: string }[] {
  const out: { field: string; text: string }[] = [];
  const add = (field: string, text: string | undefined) => text && out.push({ field, text });
  add(e.short_title ? 'short_title' : 'title', e.short_title ?? e.title);
  add('summary', e.summary);
  add('agency', e.agency);
  add('where', e.where);
  add('fee', e.fee);
  add('duration', e.duration);
  add('result', e.result);
  for (const [i, d] of (e.documents ?? []).entries()) {
    add(`documents[${i}].name`, d.name);
    add(`documents[${i}].note`, d.note);
  }
  for (const [i, s] of (e.steps ?? []).entries()) add(`steps[${i}]`, s.text);
  for (const [i, c] of (e.conditions ?? []).entries()) add(`conditions[${i}]`, c);
  for (const [i, c] of (e.channels ?? []).entries()) {
    add(`channels[${i}].fee`, c.fee);
    add(`channels[${i}].exemption`, c.exemption);
  }
  return out;
}

/** Pre-reform terms in villager text, as "field: term → replacement". */
export function preReformFindings(e: Entry, terms: ReformTerm[]): string[] {
  return villagerTexts(e).flatMap(({ field, text }) => findReformTerms(text, terms).map((t) => `${field}: "${t.old}" → "${t.new}"`));
}

/** Agency or place text naming another province. */
export function otherProvinceFindings(e: Entry): string[] {
  return [['agency', e.agency], ['where', e.where]].flatMap(([f, t]) => {
    const p = otherProvinceIn(t);
    return p ? [`${f} names ${p}`] : [];
  });
}

/** Every dated fact of an entry: field → last day. */
export function datedFacts(e: Entry): { field: string; until: string }[] {
  const out = Object.entries(e.valid_until ?? {}).map(([field, until]) => ({ field: `valid_until.${field}`, until }));
  for (const [i, c] of (e.channels ?? []).entries()) if (c.valid_until) out.push({ field: `channels[${i}].valid_until`, until: c.valid_until });
  return out;
}

/**
 * kb:check rules on what villagers read: pre-reform terms (error, with the replacement), another
 * province's body (error), dated facts ending within 30 days (warning) or ended (error).
 */
export async function villagerTextProblems(root: string, entries: Entry[], fileOf: Map<string, string>, terms: ReformTerm[], today: Date): Promise<KnowledgeProblem[]> {
  const problems: KnowledgeProblem[] = [];
  for (const e of entries) {
    const found: { message: string; severity: 'error' | 'warning'; needle: string }[] = [];
    for (const f of preReformFindings(e, terms)) found.push({ message: `pre-reform term in ${f} (districts were abolished on 1/7/2025; see reform-terms.yaml)`, severity: 'error', needle: f.split('"')[1] ?? '' });
    for (const f of otherProvinceFindings(e)) found.push({ message: `${f}: show a Quang Ninh body (see agencies.yaml)`, severity: 'error', needle: f.split(' ').pop() ?? '' });
    for (const { field, until } of datedFacts(e)) {
      const state = dateState(until, today);
      if (state === 'expired') found.push({ message: `${field}: the fact ended on ${vnDate(until)}; update it from the source or remove it`, severity: 'error', needle: until });
      else if (state === 'ending') found.push({ message: `${field}: the fact ends on ${vnDate(until)} (within ${WARN_DAYS} days); check the new rule`, severity: 'warning', needle: until });
    }
    if (!found.length) continue;
    const file = fileOf.get(e.id) ?? e.id;
    const text = await fs.readFile(path.join(root, file), 'utf8').catch(() => '');
    for (const f of found) {
      const idx = f.needle ? text.toLowerCase().indexOf(f.needle.toLowerCase()) : -1;
      const before = idx >= 0 ? text.slice(0, idx) : '';
      const line = idx >= 0 ? before.split('\n').length : 1;
      const col = idx >= 0 ? idx - before.lastIndexOf('\n') : 1;
      problems.push({ file, line, col, severity: f.severity, message: f.message });
    }
  }
  return problems;
}
