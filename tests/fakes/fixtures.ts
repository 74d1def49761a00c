import { readFileSync } from 'node:fs';
import path from 'node:path';

const DIR = path.resolve(import.meta.dirname, '../fixtures');

/** A fresh copy of a fixture (tests change ids and users without touching the file). */
export function fixture<T = any>(name: string): T {
  const data = JSON.parse(readFileSync(path.join(DIR, name), 'utf8'));
  // Zalo OA events are signed with their timestamp and refused after 5 minutes: make them current.
  if (name.startsWith('zalo-oa/') && typeof data?.timestamp === 'string') data.timestamp = String(Date.now());
  return data as T;
}
