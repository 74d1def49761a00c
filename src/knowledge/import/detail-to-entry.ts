import { dateState, endDateIn, vnDate } from '../dated.js';
import type { ChannelModeT, DocumentItemT, Entry, OfficialTextT, StepT, SubmissionChannelT } from '../types.js';
import { isBorderRelevant } from './border.js';
import { fold } from './domains.js';
import type { LevelT } from './levels.js';
import { cut, dong, firstSentence, plainText, sentence, stepText } from './plain.js';
import { everydayDocumentName } from './document-name.js';
import { type CaseTime, caseSummary, caseTimes, caseTimesInSteps } from './case-times.js';
import { durationInText, statesTime, totalFromStages } from './durations.js';
import { papersFromNotes } from './papers.js';
import { amountsIn, type ParsedChannel, type ParsedDocument, type PortalDetail } from './portal-detail.js';
import { otherProvinceIn } from './province.js';
import type { ImportRules } from './rules-files.js';

/** The facts of one procedure, merged from every record that has its code (set B's tables first). */
export interface MergedDetail {
  channels: ParsedChannel[];
  documents: ParsedDocument[];
  notes: string[];
  steps: string[];
  conditions?: string;
  result?: string;
  legal: string[];
  agency?: string;
  /** The times a channel's time cell gives case by case (then every channel's duration is their summary). */
  durationCases?: CaseTime[];
}

const withFallback = <T>(list: T[], other: () => T[] | undefined): T[] => (list.length ? list : (other() ?? []));

const MODES: ChannelModeT[] = ['in_person', 'online', 'post'];

export function mergeDetails(details: PortalDetail[]): MergedDetail | undefined {
  if (!details.length) return undefined;
  const b = details.filter((d) => d.set === 'b');
  const a = details.filter((d) => d.set === 'a');
  const ordered = [...b, ...a];
  const first = <T>(get: (d: PortalDetail) => T | undefined, isSet: (v: T) => boolean = (v) => v !== undefined && v !== '') => {
    for (const d of ordered) {
      const v = get(d);
      if (v !== undefined && isSet(v)) return v;
    }
    return undefined;
  };
  const channels: ParsedChannel[] = [];
  let durationCases: CaseTime[] | undefined;
  for (const mode of MODES) {
    const all = ordered.map((d) => d.channels.find((c) => c.mode === mode)).filter((c): c is ParsedChannel => !!c);
    if (!all.length) continue;
    const withFee = all.find((c) => c.feeText || c.free);
    const withTime = all.find((c) => c.duration);
    channels.push({
      mode,
      feeVnd: withFee?.feeVnd ?? [],
      ...(withTime?.duration ? { duration: withTime.duration } : {}),
      ...(withFee?.feeText ? { feeText: withFee.feeText } : {}),
      ...(withFee?.free ? { free: true } : {}),
      ...(all.find((c) => c.description)?.description ? { description: all.find((c) => c.description)?.description } : {}),
    });
  }
  if (channels.length && !channels.some((c) => c.duration)) {
    // No channel gives a time with a unit: take it from the record's own text, or leave it unknown.
    const bare = ordered.flatMap((d) => d.channels).find((c) => c.bareTime && c.bareTime !== '1')?.bareTime;
    const own = (d: PortalDetail) => [...d.channels.map((c) => c.description ?? ''), ...d.steps].join('\n');
    const found = durationInText(ordered.map(own).join('\n'), bare) ?? ordered.map((d) => totalFromStages(own(d), bare)).find(Boolean);
    if (found) for (const c of channels) c.duration = found;
    else durationCases = casesInCells(channels) ?? ordered.map((d) => caseTimesInSteps(d.steps)).find(Boolean);
    if (durationCases) for (const c of channels) c.duration = caseSummary(durationCases);
  }
  const notes = first((d) => d.documentNotes, (v) => v.length > 0) ?? [];
  return {
    channels,
    // A record that counts no paper may still name them (every row 0/0): those rows, without counts.
    // A set-B page whose table was flattened into one line: its papers, when no record has a table.
    documents: first((d) => d.documents, (v) => v.length > 0) ?? withFallback(papersFromNotes(notes), () => first((d) => d.looseDocuments, (v) => v.length > 0)),
    notes,
    steps: first((d) => d.steps, (v) => v.length > 0) ?? [],
    conditions: first((d) => d.conditions),
    result: first((d) => d.result),
    legal: [...new Set(ordered.flatMap((d) => d.legal))],
    agency: [...a, ...b].map((d) => d.agency ?? d.authority).find((x) => !!x),
    ...(durationCases ? { durationCases } : {}),
  };
}

/** The case-by-case times the channels' time cells give, when every cell that gives them agrees. */
function casesInCells(channels: ParsedChannel[]): CaseTime[] | undefined {
  const found = channels.map((c) => caseTimes(c.description)).filter((x): x is CaseTime[] => !!x);
  return found.length && new Set(found.map((x) => JSON.stringify(x))).size === 1 ? found[0] : undefined;
}

const MAX_DOCS = 12;
const MAX_OFFICIAL_STEPS = 12;
const MAX_OFFICIAL_PART = 700;
const FORM_IN_NAME = /\b(?:theo\s+)?(Mẫu(?:\s+số)?\s+[0-9A-ZĐa-z][\w./-]*)/u;

function everydayDocument(doc: ParsedDocument, rules: ImportRules, taken: DocumentItemT[]): DocumentItemT | undefined {
  const form = doc.form ?? FORM_IN_NAME.exec(doc.name)?.[1];
  let name = everydayDocumentName(doc.name, rules);
  // Two different papers must not read alike: cut the second one at a word instead of a qualifier.
  if (taken.some((x) => x.name === name && (x.official ?? x.name) !== doc.name)) name = everydayDocumentName(doc.name, rules, { qualifiers: false });
  if (!name || name.length < 3) return undefined;
  const item: DocumentItemT = { name };
  if (doc.original !== undefined) item.original = doc.original;
  if (doc.copy !== undefined) item.copy = doc.copy;
  if (form) item.form = cut(form.trim(), 120);
  if (doc.group) item.note = cut(sentence(plainText(doc.group, rules)).replace(/:$/, ''), 120);
  if (name !== doc.name) item.official = cut(doc.name, MAX_OFFICIAL_PART);
  return item;
}

export interface Facts {
  channels?: SubmissionChannelT[];
  fee?: string;
  duration?: string;
  durationCases?: CaseTime[];
  validUntil?: string;
}

/** Channels, the short fee and the short time. A fee whose end date has passed is not stated. */
export function channelFacts(merged: MergedDetail, rules: ImportRules, today: Date): Facts {
  const channels: SubmissionChannelT[] = [];
  let validUntil: string | undefined;
  for (const c of merged.channels) {
    const ch: SubmissionChannelT = { mode: c.mode };
    if (c.duration) ch.duration = c.duration;
    const end = endDateIn(c.feeText);
    const expired = end ? dateState(end, today) === 'expired' : false;
    if (c.free) {
      // "Miễn phí (… đến hết ngày 31/12/2026 …)": free until that day; after it the record says nothing.
      if (!expired) ch.fee_free = true;
      if (end && !expired) {
        ch.valid_until = end;
        if (!validUntil || end < validUntil) validUntil = end;
      }
    } else if (c.feeText && !expired) {
      ch.fee = cut(plainText(firstSentence(c.feeText), rules), 200);
      if (c.feeVnd.length) ch.fee_vnd = c.feeVnd;
      const exemption = /(miễn|giảm|không (phải )?(thu|nộp))[^.;]*/iu.exec(c.feeText)?.[0];
      if (exemption && exemption.length > 12) ch.exemption = cut(plainText(exemption, rules), 200);
      if (end) {
        ch.valid_until = end;
        if (!validUntil || end < validUntil) validUntil = end;
      }
    }
    channels.push(ch);
  }
  const facts: Facts = channels.length ? { channels } : {};
  const inPerson = channels.find((c) => c.mode === 'in_person') ?? channels[0];
  // Duration: the in-person time, with the online time when it differs.
  if (inPerson?.duration) {
    const online = channels.find((c) => c.mode === 'online' && c.duration && c.duration !== inPerson.duration);
    facts.duration = online ? `${inPerson.duration} (nộp trực tuyến: ${online.duration})` : inPerson.duration;
  } else {
    const any = channels.find((c) => c.duration);
    if (any?.duration) facts.duration = any.duration;
  }
  if (facts.duration && merged.durationCases) facts.durationCases = merged.durationCases.map((c) => ({ ...c, ...(c.case ? { case: cut(c.case, 200) } : {}) }));
  // Fee: "Miễn phí" only when every channel that states a fee says so.
  const stated = channels.filter((c) => c.fee_free || c.fee);
  if (stated.length && stated.every((c) => c.fee_free)) {
    const until = stated.find((c) => c.valid_until)?.valid_until;
    facts.fee = until ? `Miễn phí (đến hết ${vnDate(until)})` : 'Miễn phí';
  }
  else if (stated.length) {
    const paid = stated.find((c) => c.fee_vnd?.length) ?? stated.find((c) => c.fee);
    const source = merged.channels.find((c) => c.mode === paid?.mode)?.feeText ?? '';
    if (paid?.fee_vnd?.length && paid.fee_vnd.length <= 3) facts.fee = amountsWithDate(paid.fee_vnd, source, paid.valid_until);
    else if (paid?.fee) facts.fee = paid.valid_until ? `${paid.fee} (đến hết ${vnDate(paid.valid_until)})` : paid.fee;
    const free = stated.filter((c) => c.fee_free).map((c) => MODE_WORDS[c.mode]);
    if (facts.fee && free.length) facts.fee = `${facts.fee}; ${free.join(', ')}: miễn phí`;
  }
  if (validUntil) facts.validUntil = validUntil;
  return facts;
}

/**
 * "4.000.000 đồng (mức 2.000.000 đồng áp dụng đến hết 31/12/2026)": an amount stated in the same
 * sentence as the end date is the dated one; the others are the usual amounts.
 */
export function amountsWithDate(amounts: number[], text: string, until: string | undefined): string {
  if (!until) return amounts.map(dong).join('; ');
  const dated = text.split(/[;(]|\.\s/).filter((part) => endDateIn(part) === until).flatMap((part) => amountsIn(part));
  const reduced = amounts.filter((a) => dated.includes(a));
  const usual = amounts.filter((a) => !dated.includes(a));
  if (reduced.length && usual.length) return `${usual.map(dong).join('; ')} (mức ${reduced.map(dong).join('; ')} áp dụng đến hết ${vnDate(until)})`;
  if (!reduced.length) return `${amounts.map(dong).join('; ')} (có mức riêng áp dụng đến hết ${vnDate(until)}, xem chi tiết)`;
  return `${amounts.map(dong).join('; ')} (đến hết ${vnDate(until)})`;
}

const MODE_WORDS: Record<ChannelModeT, string> = { in_person: 'nộp trực tiếp', online: 'nộp trực tuyến', post: 'gửi bưu điện' };

function stepsFor(where: string | undefined, facts: Facts, merged: MergedDetail, result: string | undefined, rules: ImportRules): StepT[] {
  const t = rules.glossary.steps;
  const steps: StepT[] = [];
  if (merged.documents.length && t.prepare) steps.push({ text: stepText(t.prepare, {}), icon: 'document' });
  if (where) {
    const others = (facts.channels ?? []).filter((c) => c.mode !== 'in_person').map((c) => (c.mode === 'online' ? t.online : t.post)).filter(Boolean);
    let template = others.length && t.submit_channels ? t.submit_channels : t.submit_in_person;
    const values = { where, others: others.join(' hoặc ') };
    // One short sentence: drop the other channels before cutting the place.
    if (template && stepText(template, values).endsWith('…') && t.submit_in_person) template = t.submit_in_person;
    if (template) steps.push({ text: stepText(template, values), icon: 'submit' });
  }
  if (facts.fee && facts.fee !== 'Miễn phí' && t.pay) steps.push({ text: stepText(t.pay, {}), icon: 'pay' });
  if (facts.duration && t.wait) steps.push({ text: stepText(t.wait, { duration: facts.duration }), icon: 'wait' });
  if (result && t.receive) steps.push({ text: stepText(t.receive, { result: cut(result, 90) }), icon: 'receive' });
  return steps.slice(0, 6);
}

export function agencyFor(levels: LevelT[], agencyText: string | undefined, rules: ImportRules): { agency?: string; where?: string } {
  const level = levels.find((l) => l === 'commune' || l === 'province' || l === 'district');
  if (!level) return {};
  const folded = fold(agencyText ?? '');
  const rule = rules.agencies.find((r) => (r.level === 'any' || r.level === level) && r.match.test(folded));
  return rule ? { agency: rule.agency, where: rule.where } : {};
}

/** Fills an entry's villager fields (and `official`) from the merged record facts. */
export function addDetail(entry: Entry, merged: MergedDetail | undefined, rules: ImportRules, today: Date): void {
  const levels = entry.levels ?? [];
  const mapped = agencyFor(levels, merged?.agency ?? entry.agency, rules);
  if (mapped.agency) entry.agency = mapped.agency;
  else if (entry.agency) {
    if (otherProvinceIn(entry.agency)) delete entry.agency;
    else entry.agency = plainText(entry.agency, rules);
  }
  if (mapped.where) entry.where = mapped.where;
  if (isBorderRelevant(entry.title)) entry.border_area = true;
  if (!merged) return;
  const docs: DocumentItemT[] = [];
  for (const d of merged.documents) {
    const item = everydayDocument(d, rules, docs);
    // The same paper listed twice (same official wording) is shown once.
    if (item && !docs.some((x) => x.name === item.name && (x.official ?? x.name) === (item.official ?? item.name))) docs.push(item);
    if (docs.length >= MAX_DOCS) break;
  }
  if (docs.length) entry.documents = docs;
  const facts = channelFacts(merged, rules, today);
  if (facts.channels?.length) entry.channels = facts.channels;
  if (facts.fee) entry.fee = facts.fee;
  if (facts.duration) entry.duration = facts.duration;
  if (facts.durationCases) entry.duration_cases = facts.durationCases;
  if (facts.validUntil) entry.valid_until = { fee: facts.validUntil };
  const result = merged.result ? cut(sentence(plainText(merged.result, rules)), 200) : undefined;
  if (result) entry.result = result;
  const steps = stepsFor(entry.where, facts, merged, result, rules);
  if (steps.length) entry.steps = steps;
  if (merged.conditions) {
    const parts = merged.conditions.split(/\n+|(?<=[.;])\s+(?=[-+•]\s)/).map((p) => cut(sentence(plainText(p, rules)), 200)).filter((p) => p.length > 3);
    if (parts.length) entry.conditions = parts.slice(0, 5);
  }
  if (merged.legal.length) entry.legal_basis = merged.legal.slice(0, 12);
  const official: OfficialTextT = { title: entry.title };
  if (merged.steps.length) official.steps = merged.steps.slice(0, MAX_OFFICIAL_STEPS).map((s) => cut(s, MAX_OFFICIAL_PART));
  const counts = (d: ParsedDocument) => (d.original === undefined && d.copy === undefined ? '' : ` — ${d.original ?? 0} bản chính, ${d.copy ?? 0} bản sao`);
  const officialDocs = merged.documents.map((d) => `${d.name}${d.form ? ` (${d.form})` : ''}${counts(d)}`);
  if (officialDocs.length) official.documents = officialDocs.slice(0, 30).map((s) => cut(s, MAX_OFFICIAL_PART));
  if (merged.conditions) official.conditions = cut(merged.conditions.replace(/\s+/g, ' '), 1500);
  const feeText = merged.channels.map((c) => (c.feeText ? `${MODE_WORDS[c.mode]}: ${c.feeText}` : c.free ? `${MODE_WORDS[c.mode]}: Miễn phí` : '')).filter(Boolean);
  if (feeText.length) official.fee = cut([...new Set(feeText)].join('\n'), 1200);
  const timeText = merged.channels.map((c) => (c.duration ? `${MODE_WORDS[c.mode]}: ${c.duration}${c.description ? ` — ${c.description}` : ''}` : '')).filter(Boolean);
  if (timeText.length) official.duration = cut(timeText.join('\n'), 1200);
  else {
    // No time derived (stages, an applicant's deadline): the time cells' own words behind "Xem thêm", never the duration.
    const cells = merged.channels.map((c) => ({ mode: c.mode, text: c.description?.replace(/<br\s*\/?>/giu, '\n').trim() })).filter((c): c is { mode: ChannelModeT; text: string } => statesTime(c.text));
    const same = new Set(cells.map((c) => c.text)).size === 1;
    if (cells.length) official.duration = cut(same ? (cells[0] as { text: string }).text : cells.map((c) => `${MODE_WORDS[c.mode]}: ${c.text}`).join('\n'), 1200);
  }
  if (merged.agency && !otherProvinceIn(merged.agency)) official.agency = cut(merged.agency, 300);
  entry.official = official;
}
