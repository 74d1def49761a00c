import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChannelSender } from '../../src/domain/outbound.js';
import type { ReplyPart } from '../../src/domain/messages.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { startFakePlatform, type FakePlatform } from '../fakes/fake-platform.js';

/** Fake team list for tests: clearly fake ids, never real people. */
export const TEAMS_YAML = `members:
  - { id: demo-member-1, channel: zalo, name: "Chị Demo Một", communes: [tien-yen], languages: [vi, tay], role: member }
  - { id: demo-member-2, channel: messenger, name: "Anh Demo Hai", communes: [tien-yen], role: member }
  - { id: demo-member-3, channel: zalo, name: "Demo Ba", communes: [binh-lieu], role: member }
  - { id: demo-admin-1, channel: zalo, name: "Demo Tỉnh", communes: [], role: admin }
`;

const COMMUNES_YAML = `communes:
  - { code: tien-yen, name: "xã Tiên Yên" }
  - { code: binh-lieu, name: "xã Bình Liêu" }
  - { code: dien-xa, name: "xã Điền Xá" }
`;

const BIRTH_ENTRY = `id: "1.001193"
kind: procedure
curated: false
title: Thủ tục đăng ký khai sinh
summary: Làm giấy khai sinh cho con mới sinh.
aliases: [làm giấy khai sinh, khai sinh cho con]
examples:
  - làm giấy khai sinh cho con ở đâu
keywords: [khai sinh, giấy khai sinh]
domain: civil-status
level: commune
`;

/** A small knowledge folder of our own under the temp dir (promotion tests write into it). */
export function makeKnowledgeDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qnbot-handoff-kb-'));
  mkdirSync(path.join(dir, 'procedures', 'civil-status'), { recursive: true });
  writeFileSync(path.join(dir, 'procedures', 'civil-status', '1.001193.yaml'), BIRTH_ENTRY);
  writeFileSync(path.join(dir, 'communes.yaml'), COMMUNES_YAML);
  writeFileSync(path.join(dir, 'teams.yaml'), TEAMS_YAML);
  return dir;
}

export interface Sent {
  channel: string;
  userId: string;
  text: string;
  tag?: string;
}

/** The far end of every chat platform in these tests: records what the bot sends to whom. */
export class FakePlatforms {
  readonly sent: Sent[] = [];

  sender(channel: string): ChannelSender {
    return {
      send: async (userId: string, parts: ReplyPart[], opts?: { tag?: 'human_agent' }) => {
        for (const p of parts) if ('text' in p) this.sent.push({ channel, userId, text: p.text, tag: opts?.tag });
      },
    };
  }

  to(channel: string, userId: string): string[] {
    return this.sent.filter((s) => s.channel === channel && s.userId === userId).map((s) => s.text);
  }

  last(channel: string, userId: string): string {
    return this.to(channel, userId).at(-1) ?? '';
  }
}

export interface HandoffWorld {
  app: TestApp;
  platforms: FakePlatforms;
  knowledgeDir: string;
  /** A message from someone on a platform channel (members chat on zalo / messenger). */
  say(channel: string, userId: string, text: string, payload?: string, time?: number): Promise<string[]>;
  close(): Promise<void>;
}

/** Starts the real app with our knowledge folder and fake platform senders for every channel. */
export async function startHandoffWorld(env: Record<string, string> = {}, channels = ['zalo', 'messenger', 'zalo-oa', 'api'], knowledgeDir = makeKnowledgeDir()): Promise<HandoffWorld> {
  const app = await startTestApp({ KNOWLEDGE_DIR: knowledgeDir, ...env });
  const platforms = new FakePlatforms();
  for (const ch of channels) app.services.outbound.register(ch, platforms.sender(ch));
  return {
    app,
    platforms,
    knowledgeDir,
    async say(channel, userId, text, payload, time = Date.now()) {
      const r = await app.services.handleTurn({ channel, userId, text, payload, time });
      return r.messages.map((m) => ('text' in m ? m.text : ''));
    },
    async close() {
      await app.close();
      if (!env.KNOWLEDGE_DIR) rmSync(knowledgeDir, { recursive: true, force: true });
    },
  };
}

export const ZALO_TOKEN = '3512200466123456789:ZaloBotSecretPartForTests';
export const ZALO_SECRET = 'zalo-webhook-secret-for-tests';
export const APP_SECRET = 'messenger-app-secret-for-tests';
export const PAGE = '104857600123456';

/** A handoff world whose Zalo Bot and Messenger channels talk to fake platform APIs on loopback. */
export interface SignedChannelsWorld {
  zalo: FakePlatform;
  meta: FakePlatform;
  w: HandoffWorld;
  close(): Promise<void>;
}

export async function startSignedChannelsWorld(): Promise<SignedChannelsWorld> {
  const zalo = await startFakePlatform(() => ({ ok: true, result: { message_id: `out-${Date.now()}`, date: Date.now() } }));
  const meta = await startFakePlatform((c) => (c.method === 'GET' ? { id: PAGE, name: 'Trung tâm PVHCC (test)' } : { recipient_id: c.body?.recipient?.id, message_id: `m_out_${Date.now()}` }));
  const w = await startHandoffWorld({
    ZALO_BOT_TOKEN: ZALO_TOKEN, ZALO_WEBHOOK_SECRET: ZALO_SECRET, ZALO_API_BASE: zalo.url,
    MESSENGER_APP_SECRET: APP_SECRET, MESSENGER_VERIFY_TOKEN: 'verify', MESSENGER_PAGE_ACCESS_TOKEN: 'EAAGpageTokenForTestsOnly123',
    GRAPH_API_BASE: `${meta.url}/v25.0`, PUBLIC_BASE_URL: 'https://bot.example.vn',
  }, []);
  await meta.waitFor((c) => c.method === 'GET' && c.path === '/v25.0/me');
  return {
    zalo, meta, w,
    async close() {
      await w.close();
      await zalo.close();
      await meta.close();
    },
  };
}
