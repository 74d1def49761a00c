import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A good entry file; `extra` lines are appended (use it to break the file). */
export function entryYaml(id: string, fields: Record<string, string> = {}, extra = ''): string {
  const base: Record<string, string> = {
    id: JSON.stringify(id),
    kind: 'procedure',
    curated: 'false',
    title: 'Đăng ký nuôi ong mật',
    domain: 'agriculture',
    level: 'commune',
    ...fields,
  };
  const lines = Object.entries(base).map(([k, v]) => `${k}: ${v}`);
  return `# yaml-language-server: $schema=../../schema.json\n${lines.join('\n')}\n${extra}`;
}

/** A small knowledge folder under os.tmpdir() with the given files (path relative to the root → text). */
export function makeKnowledge(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'qnbot-kb-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  return root;
}
