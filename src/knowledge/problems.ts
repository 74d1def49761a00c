/** One thing wrong (or worth a look) in a knowledge file, pointing at the offending node. */
export interface KnowledgeProblem {
  /** Path relative to the knowledge root, with forward slashes. */
  file: string;
  /** 1-based line and column. */
  line: number;
  col: number;
  message: string;
  severity: 'error' | 'warning';
}

/** `file:line:col message` — the format kb:check prints and editors can jump to. */
export function formatProblem(p: KnowledgeProblem): string {
  return `${p.file}:${p.line}:${p.col} ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
}

/** True when any problem is an error (warnings alone never block a load). */
export function hasErrors(problems: readonly KnowledgeProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Thrown when the knowledge base cannot be loaded; carries every problem found. */
export class KnowledgeLoadError extends Error {
  constructor(readonly problems: KnowledgeProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error');
    const shown = errors.slice(0, 20).map(formatProblem).join('; ');
    super(`KNOWLEDGE_INVALID: ${shown}${errors.length > 20 ? `; … and ${errors.length - 20} more` : ''}`);
  }
}
