import YAML from 'yaml';
import { Entry } from '../knowledge/types.js';
import { validateEntryText } from '../knowledge/validate.js';

/**
 * The admin editor's view of kb:check: the same per-file validator (src/knowledge/validate.ts),
 * plus the two rules only an editor needs (an id usable as a file name, no id change while editing),
 * with each problem named by the field it is about.
 */
export interface EntryProblem {
  /** Field the problem is about (`steps[1].text`), or '' for the whole file. */
  field: string;
  reason: string;
  line: number;
  col: number;
  severity: 'error' | 'warning';
}

export interface EntryCheck {
  entry?: Entry;
  problems: EntryProblem[];
}

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const TOP_FIELDS = new Set(Object.keys(Entry.properties));

/** The field a validator message is about, read from its wording. */
export function fieldOf(message: string): string {
  const named = message.match(/^(?:missing|unknown) field "([^"]+)"/);
  if (named) return named[1];
  const lead = message.match(/^([a-z_]+)((?:\[\d+\]|\.[a-z_]+)*)\b/);
  return lead && TOP_FIELDS.has(lead[1]) ? lead[1] + lead[2] : '';
}

/** Where a new entry file goes, following the knowledge layout (faq/ for kind: faq). */
export function fileForEntry(entry: { id: string; kind: string; domain: string }): string {
  if (entry.kind === 'guide') return `guides/${entry.id}.yaml`;
  if (entry.kind === 'faq') return `faq/${entry.id}.yaml`;
  return `procedures/${entry.domain}/${entry.id}.yaml`;
}

function guessFile(text: string): string {
  try {
    const e = YAML.parse(text) as Partial<Entry> | null;
    return fileForEntry({ id: String(e?.id ?? 'new'), kind: e?.kind ?? 'procedure', domain: String(e?.domain ?? 'other') });
  } catch {
    return 'procedures/other/new.yaml';
  }
}

/** The admin editor's check of one entry: every kb:check rule (validateEntryText) plus id rules; `file` is its path under knowledge/ (guessed for a new entry). */
export function validateEditedEntry(text: string, opts: { expectId?: string; file?: string } = {}): EntryCheck {
  const checked = validateEntryText(opts.file ?? guessFile(text), text);
  const problems: EntryProblem[] = checked.problems.map((p) => ({ field: fieldOf(p.message), reason: p.message, line: p.line, col: p.col, severity: p.severity }));
  const id = checked.entry?.id;
  const at = { line: 1, col: 1, severity: 'error' as const };
  if (id !== undefined && !ID_PATTERN.test(id)) problems.push({ field: 'id', reason: 'id: use letters, digits, dots, dashes or underscores only', ...at });
  if (id !== undefined && opts.expectId !== undefined && id !== opts.expectId) {
    problems.push({ field: 'id', reason: `id cannot change while editing (was "${opts.expectId}")`, ...at });
  }
  const ok = checked.entry && !problems.some((p) => p.severity === 'error');
  return ok ? { entry: checked.entry, problems } : { problems };
}
