import readline from 'node:readline';
import { loadConfig } from '../config.js';
import { buildApp } from '../app.js';
import type { Button, ReplyPart } from '../domain/messages.js';

/** A conversation in the terminal through the same turn pipeline as every channel. */
async function main(): Promise<void> {
  const config = { ...loadConfig(), logLevel: process.env.LOG_LEVEL ?? 'warn' };
  const { app, services } = await buildApp(config);
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  const user = process.env.CHAT_USER ?? 'terminal-user';
  let buttons: Button[] = [];
  const show = (parts: ReplyPart[]) => {
    buttons = [];
    for (const p of parts) process.stdout.write(render(p, buttons) + '\n');
  };
  process.stdout.write('Gõ câu hỏi (Ctrl+D để thoát)\n> ');
  for await (const line of rl) {
    const picked = /^\d+$/.test(line.trim()) ? buttons[Number(line.trim()) - 1] : undefined;
    const result = await services.handleTurn({ channel: 'terminal', userId: user, text: picked ? '' : line, payload: picked?.payload, time: Date.now() });
    show(result.messages);
    process.stdout.write('> ');
  }
  await app.close();
}

/** Buttons become numbered choices; images, audio and links become their URLs. */
export function render(part: ReplyPart, buttons: Button[]): string {
  switch (part.type) {
    case 'text':
      return part.text;
    case 'buttons': {
      const lines = part.buttons.map((b) => {
        buttons.push(b);
        return `  ${buttons.length}. ${b.title}`;
      });
      return [part.text, ...lines].join('\n');
    }
    case 'image':
      return `[${part.alt}] ${part.url}`;
    case 'link':
      return `🔗 ${part.title}: ${part.url}`;
    case 'audio':
      return `🔊 ${part.title ?? ''} ${part.url}`;
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
