import { ConfigError, loadConfig } from '../config.js';
import { ZaloBotClient } from '../channels/zalo/client.js';

const USAGE = `Usage: npm run zalo:webhook -- <command>
  set <https-url>   register the webhook (e.g. https://bot.example.vn/webhooks/zalo) with ZALO_WEBHOOK_SECRET
  info              show the registered webhook
  delete            remove the webhook
Needs ZALO_BOT_TOKEN (and ZALO_WEBHOOK_SECRET for "set"); ZALO_API_BASE overrides the API host.`;

/** Registers, shows or removes the Zalo Bot API webhook. Exit codes: 0 ok, 1 API error, 2 usage. */
export async function main(args: string[]): Promise<number> {
  const [command, url] = args;
  if (!command || !['set', 'info', 'delete'].includes(command)) return usage();
  const config = loadConfig();
  const { botToken, webhookSecret, apiBase } = config.zalo;
  if (!botToken) return usage('ZALO_BOT_TOKEN is not set (copy it from Zalo Bot Creator)');
  const client = new ZaloBotClient(apiBase, botToken);
  if (command === 'set') {
    if (!webhookSecret || webhookSecret.length < 8 || webhookSecret.length > 256) return usage('ZALO_WEBHOOK_SECRET must be set, 8 to 256 characters');
    if (!url || !isHttpsUrl(url)) return usage('set needs the public HTTPS URL of /webhooks/zalo');
    const result = await client.setWebhook(url, webhookSecret);
    console.log(`Webhook set: ${JSON.stringify(result)}`);
  } else if (command === 'info') {
    console.log(JSON.stringify(await client.getWebhookInfo(), null, 2));
  } else {
    console.log(`Webhook deleted: ${JSON.stringify(await client.deleteWebhook())}`);
  }
  return 0;
}

function isHttpsUrl(v: string): boolean {
  try {
    return new URL(v).protocol === 'https:';
  } catch {
    return false;
  }
}

function usage(problem?: string): number {
  if (problem) console.error(`ZALO_WEBHOOK_USAGE: ${problem}`);
  console.error(USAGE);
  return 2;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      // DeliveryError messages are already free of the token; anything else is reduced to its message
      console.error(err instanceof ConfigError ? err.message : `ZALO_API_ERROR: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(err instanceof ConfigError ? 2 : 1);
    },
  );
}
