import type { FastifyInstance } from 'fastify';
import {
  type ConversationReference, CloudAdapter, TurnContext, type Activity,
} from 'botbuilder';
import type { Inbound } from '../../domain/messages.js';
import { errorBody } from '../../errors.js';
import type { RetryPolicy } from '../../outbox/backoff.js';
import { DeliveryError, retryableStatus, toDeliveryError } from '../../outbox/delivery-error.js';
import type { AppServices } from '../../services.js';
import { acceptInbounds, wireChannel } from '../shared/channel-pipeline.js';
import { isObject } from '../shared/raw-json.js';
import { isLoopbackUrl, toInbound, userIdOf } from './activity.js';
import { botFrameworkAuthentication } from './auth.js';
import { ConversationReferences } from './references.js';
import { renderBotFramework } from './render.js';

export interface BotFrameworkPluginOptions {
  services: AppServices;
  retry?: Partial<RetryPolicy>;
}

/**
 * Bot Framework channel (Azure Bot Service: Web Chat, Teams…; the Emulator): `POST
 * /api/messages` through botbuilder's CloudAdapter, which checks the channel's JWT. Replies go
 * through the outbox and back with continueConversationAsync. botbuilder stays in this folder.
 */
export async function botFrameworkPlugin(app: FastifyInstance, opts: BotFrameworkPluginOptions): Promise<void> {
  const { services } = opts;
  const bf = services.config.botFramework;
  const authenticated = Boolean(bf.appId && bf.appPassword);
  if (!authenticated && !bf.emulator) throw new Error('botFrameworkPlugin needs MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, or BOT_FRAMEWORK_EMULATOR=true');
  const adapter = new CloudAdapter(botFrameworkAuthentication(bf));
  const references = new ConversationReferences(services.store);
  if (!authenticated) services.log.warn({}, 'Bot Framework channel in Emulator mode: /api/messages takes unauthenticated calls and replies only to loopback serviceUrls');

  wireChannel(services, {
    channel: 'botframework',
    retry: opts.retry,
    render: (parts, ctx) => renderBotFramework(parts, ctx, services.config.publicBaseUrl),
    deliver: async (item) => {
      const ref = await references.get(item.userId);
      if (!ref) throw new DeliveryError('no conversation reference for this user (they never wrote to the bot here)', false);
      if (!authenticated && !isLoopbackUrl(ref.serviceUrl)) throw new DeliveryError('Emulator mode replies only to loopback serviceUrls', false);
      try {
        await adapter.continueConversationAsync(bf.appId ?? '', ref, async (ctx) => {
          await ctx.sendActivity(item.body as Partial<Activity>);
        });
      } catch (err) {
        throw connectorError(err, [bf.appPassword]);
      }
    },
  });

  app.post('/api/messages', async (req, reply) => {
    const activity = req.body;
    if (!isObject(activity) || typeof activity.type !== 'string') return reply.code(400).send(errorBody('BAD_REQUEST', 'Expected a Bot Framework Activity'));
    if (!authenticated && !isLoopbackUrl(activity.serviceUrl)) return reply.code(403).send(errorBody('FORBIDDEN', 'Emulator mode accepts only loopback serviceUrls'));
    let inbound: (Inbound & { messageId: string }) | undefined;
    let reference: Partial<ConversationReference> | undefined;
    try {
      await adapter.processActivityDirect(req.headers.authorization ?? '', activity as unknown as Activity, async (ctx) => {
        if (ctx.activity.type !== 'message') return;
        const ref = TurnContext.getConversationReference(ctx.activity);
        const userId = userIdOf(ref);
        if (!userId) return;
        reference = ref;
        inbound = toInbound(ctx.activity, userId);
      });
    } catch (err) {
      const [reason = ''] = String(err).split('\n');
      req.log.warn({ reason: reason.slice(0, 200) }, 'BOT_FRAMEWORK_REJECTED');
      return reply.code(401).send(errorBody('UNAUTHORIZED', 'The Bot Framework token is missing or not valid'));
    }
    // after the token check and outside the adapter (which wraps every error): a store that
    // cannot write answers 503 + Retry-After here, not 401
    if (inbound && reference) await references.remember(inbound.userId, reference);
    const start = inbound ? await acceptInbounds(services, [inbound]) : () => undefined;
    await reply.code(200).send();
    start();
    return reply;
  });
}

/** Connector errors carry `statusCode`; anything else is a network failure worth retrying. */
function connectorError(err: unknown, secrets: (string | undefined)[]): DeliveryError {
  const status = isObject(err) && typeof err.statusCode === 'number' ? err.statusCode : undefined;
  if (status !== undefined) return new DeliveryError(`Bot Framework connector HTTP ${status}`, retryableStatus(status));
  return toDeliveryError(err, secrets);
}
