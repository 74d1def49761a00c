import path from 'node:path';

/** knowledge/ checked once by tests/global-setup.ts; KNOWLEDGE_CHECKS_CACHE points every test process and bot here. */
export const KNOWLEDGE_CHECKS_FILE = path.resolve(import.meta.dirname, '..', '..', '.tmp', 'knowledge-checks.json');
