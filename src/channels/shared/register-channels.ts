import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../services.js';
import { zaloBotPlugin } from '../zalo/plugin.js';
import { messengerPlugin } from '../messenger/plugin.js';
import { zaloOaPlugin } from '../zalo-oa/plugin.js';

/**
 * Registers every platform channel whose credentials are set; a channel
 * left off says so in one log line naming the variables that turn it on.
 */
export async function registerChannels(app: FastifyInstance, services: AppServices): Promise<void> {
  const { config, log } = services;
  if (config.zalo.botToken && config.zalo.webhookSecret) await app.register(zaloBotPlugin, { services });
  else log.info({}, 'Zalo Bot channel off: set ZALO_BOT_TOKEN and ZALO_WEBHOOK_SECRET');
  const oa = config.zaloOa;
  if (oa.appId && oa.secret && (oa.accessToken || oa.refreshToken)) await app.register(zaloOaPlugin, { services });
  else log.info({}, 'Zalo OA channel off: set ZALO_OA_APP_ID, ZALO_OA_SECRET and ZALO_OA_ACCESS_TOKEN (or ZALO_OA_REFRESH_TOKEN)');
  const m = config.messenger;
  if (m.appSecret && m.verifyToken && m.pageAccessToken) await app.register(messengerPlugin, { services });
  else log.info({}, 'Messenger channel off: set MESSENGER_APP_SECRET, MESSENGER_VERIFY_TOKEN and MESSENGER_PAGE_ACCESS_TOKEN');
  const bf = config.botFramework;
  // botbuilder is heavy to load: only when the channel is on
  if ((bf.appId && bf.appPassword) || bf.emulator) await app.register((await import('../botframework/plugin.js')).botFrameworkPlugin, { services });
  else log.info({}, 'Bot Framework channel off: set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (or BOT_FRAMEWORK_EMULATOR=true for the local Emulator)');
}
