import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { ROLES, type AdminRole } from '../admin/auth.js';
import { hashPassword, passwordProblem } from '../admin/password.js';
import { loadConfig } from '../config.js';
import { runningOwner } from '../store/lowdb-owner.js';
import { openStore } from '../store/open-store.js';
import { TRANSLATION_LANGS, isTranslationLang } from '../domain/languages.js';

const USAGE = `usage: npm run admin:create -- --user NAME --role admin|editor|team|translator [--lang ${TRANSLATION_LANGS.join('|')}] [--password-stdin]`;

async function readStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += chunk;
  const [firstLine = ''] = text.split(/\r?\n/);
  return firstLine;
}

/** Asks for the password twice without echoing it. */
async function prompt(question: string): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const out = rl as unknown as { _writeToOutput(s: string): void; output: NodeJS.WriteStream };
  let asking = true;
  out._writeToOutput = (s: string) => {
    if (!asking || s.startsWith(question)) process.stdout.write(asking ? question : s);
  };
  const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
  asking = false;
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin) return readStdin();
  if (!process.stdin.isTTY) throw new Error('no terminal to ask for the password; pipe it with --password-stdin');
  const first = await prompt('Password: ');
  const again = await prompt('Password again: ');
  if (first !== again) throw new Error('the two passwords differ');
  return first;
}

/** Creates (or resets the password and role of) an admin-page account in the configured store. */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { user: { type: 'string' }, role: { type: 'string', default: 'admin' }, lang: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false } } });
  const name = values.user?.trim();
  const role = values.role as AdminRole;
  if (!name || !/^[\p{L}\p{N}._@:-]{2,60}$/u.test(name)) throw new Error(`--user must be 2-60 letters, digits, . _ @ : or -\n${USAGE}`);
  if (!ROLES.includes(role)) throw new Error(`--role must be one of: ${ROLES.join(', ')}\n${USAGE}`);
  const lang = values.lang;
  if (role === 'translator' && !isTranslationLang(lang)) throw new Error(`a translator needs --lang, one of: ${TRANSLATION_LANGS.join(', ')}\n${USAGE}`);
  if (role !== 'translator' && lang !== undefined) throw new Error(`--lang is only for --role translator\n${USAGE}`);
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const owner = config.databaseUrl ? null : runningOwner(config.dataDir);
  if (owner) throw new Error(`the bot (pid ${owner}) is running on ${config.dataDir} with lowdb files and would overwrite this account at its next save: stop it, run this again, then start it (with DATABASE_URL an account works at once, without a restart)`);
  const password = await readPassword(values['password-stdin'] ?? false);
  const problem = passwordProblem(password);
  if (problem) throw new Error(problem);
  const log = { warn: (o: object, m?: string) => console.warn(m ?? '', o), error: (o: object, m?: string) => console.error(m ?? '', o), info: () => undefined, debug: () => undefined };
  const store = await openStore(config, log as never);
  try {
    const existing = await store.getAdminUser(name);
    await store.saveAdminUser({ name, role, ...(isTranslationLang(lang) ? { lang } : {}), passwordHash: await hashPassword(password), createdAt: existing?.createdAt ?? Date.now() });
    console.log(`${existing ? 'Updated' : 'Created'} admin-page account "${name}" with role ${role}${isTranslationLang(lang) ? ` (${lang})` : ''}. Sign in at ${config.publicBaseUrl}/admin`);
  } finally {
    await store.close();
  }
}

main().catch((err: Error) => {
  console.error(`admin:create: ${err.message}`);
  process.exit(1);
});
