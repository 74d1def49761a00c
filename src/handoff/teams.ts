import { createHash, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { Type, type Static } from '@sinclair/typebox';
import YAML from 'yaml';
import type { Logger } from '../domain/logger.js';

export const TeamMemberSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, description: "The member's user id on their chat channel." }),
    channel: Type.String({ minLength: 1, description: 'Channel the member chats on: zalo, zalo-oa, messenger, botframework, api.' }),
    name: Type.String({ minLength: 1, description: 'Shown to the villager with each reply.' }),
    communes: Type.Array(Type.String({ minLength: 1 }), { description: 'Commune codes (knowledge/communes.yaml) the member serves.' }),
    languages: Type.Optional(Type.Array(Type.String())),
    role: Type.Union([Type.Literal('member'), Type.Literal('admin')], { description: 'admin: province level, every commune, gets escalations and forwarded cases.' }),
    tokenSha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$', description: 'channel api: SHA-256 (hex) of the token the member sends as Authorization: Bearer.' })),
    tokenEnv: Type.Optional(Type.String({ pattern: '^[A-Z][A-Z0-9_]*$', description: 'channel api: name of the environment variable holding the member token.' })),
  },
  { additionalProperties: false },
);

export const TeamsFileSchema = Type.Object(
  { members: Type.Array(TeamMemberSchema) },
  { additionalProperties: false },
);

export type TeamMember = Static<typeof TeamMemberSchema>;

const validate = new Ajv({ allErrors: true, strict: false }).compile(TeamsFileSchema);

/** Stable key of a member: the same shape as a session key. */
export function memberKey(m: Pick<TeamMember, 'channel' | 'id'>): string {
  return `${m.channel}:${m.id}`;
}

/** Parses and checks teams.yaml text; throws with every problem listed. */
export function parseTeams(text: string): TeamMember[] {
  const data = YAML.parse(text) ?? { members: [] };
  if (!validate(data)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
    throw new Error(`TEAMS_INVALID: teams.yaml ${problems.join('; ')}`);
  }
  const members = (data as Static<typeof TeamsFileSchema>).members;
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(memberKey(m))) throw new Error(`TEAMS_INVALID: teams.yaml lists ${memberKey(m)} twice`);
    seen.add(memberKey(m));
  }
  return members;
}

/**
 * The community digital teams, read from knowledge/teams.yaml. The file is re-read when it changes
 * (admins edit it), checked at most once a second; a broken edit keeps the last good list.
 */
export class TeamDirectory {
  private members: TeamMember[] = [];
  private mtimeMs = -1;
  private checkedAt = 0;

  constructor(private readonly file: string, private readonly log: Logger, private readonly clock: () => number = Date.now) {}

  static inKnowledge(knowledgeDir: string, log: Logger): TeamDirectory {
    return new TeamDirectory(path.join(knowledgeDir, 'teams.yaml'), log);
  }

  async list(): Promise<TeamMember[]> {
    const now = this.clock();
    if (now - this.checkedAt < 1000 && this.mtimeMs >= 0) return this.members;
    this.checkedAt = now;
    let mtimeMs: number;
    try {
      mtimeMs = (await fs.stat(this.file)).mtimeMs;
    } catch {
      this.members = [];
      this.mtimeMs = 0;
      return this.members;
    }
    if (mtimeMs === this.mtimeMs) return this.members;
    try {
      this.members = parseTeams(await fs.readFile(this.file, 'utf8'));
      this.mtimeMs = mtimeMs;
    } catch (err) {
      this.log.error({ file: this.file, err }, 'TEAMS_INVALID: keeping the last good team list');
      this.mtimeMs = mtimeMs;
    }
    return this.members;
  }

  async find(channel: string, userId: string): Promise<TeamMember | undefined> {
    return (await this.list()).find((m) => m.channel === channel && m.id === userId);
  }

  /**
   * The `api` member whose token this is (teams.yaml `tokenSha256`, or `tokenEnv` naming an
   * environment variable that holds it). The api channel has no platform vouching for the sender,
   * so this token is the only way a member is recognised there.
   */
  async memberByToken(token: string, env: NodeJS.ProcessEnv = process.env): Promise<TeamMember | undefined> {
    if (!token) return undefined;
    const given = sha256(token);
    for (const m of await this.list()) {
      if (m.channel !== 'api') continue;
      const fromEnv = m.tokenEnv ? env[m.tokenEnv] : undefined;
      const expected = m.tokenSha256 ?? (fromEnv && fromEnv.length >= 16 ? sha256(fromEnv) : undefined);
      if (expected && timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'))) return m;
    }
    return undefined;
  }

  async findByKey(key: string): Promise<TeamMember | undefined> {
    return (await this.list()).find((m) => memberKey(m) === key);
  }

  /** Members (not admins) serving a commune. */
  async serving(communeCode: string): Promise<TeamMember[]> {
    return (await this.list()).filter((m) => m.role === 'member' && m.communes.includes(communeCode));
  }

  async admins(): Promise<TeamMember[]> {
    return (await this.list()).filter((m) => m.role === 'admin');
  }

  /** Commune codes that at least one member serves, in file order. */
  async servedCommunes(): Promise<string[]> {
    return [...new Set((await this.list()).filter((m) => m.role === 'member').flatMap((m) => m.communes))];
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** True when the member may act on a case of that commune. */
export function mayServe(member: TeamMember, communeCode: string | undefined): boolean {
  return member.role === 'admin' || (communeCode !== undefined && member.communes.includes(communeCode));
}
