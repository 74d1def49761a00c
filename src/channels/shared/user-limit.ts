import type { Inbound } from '../../domain/messages.js';
import type { AppServices } from '../../services.js';

type Turn = { messages: { type: 'text'; text: string }[] } | Awaited<ReturnType<AppServices['handleTurn']>>;

/**
 * A platform user's turn under the per-user limit (RATE_LIMIT_USER_PER_MINUTE, shared through
 * Redis when set). The webhook was signed and accepted already, so a flood is never answered with
 * a refused webhook (the platform would retry it): over the limit the message is completed without
 * a turn, and the user is told once per minute to slow down.
 */
export async function turnWithinUserLimit(services: AppServices, inbound: Inbound): Promise<Turn> {
  const verdict = await services.limitUser?.(inbound.channel, inbound.userId);
  if (!verdict || verdict.allowed) return services.handleTurn(inbound);
  services.log.warn({ channel: inbound.channel, messageId: inbound.messageId, retryAfterS: verdict.retryAfterS }, 'RATE_LIMITED_USER: over RATE_LIMIT_USER_PER_MINUTE, message kept without a turn');
  if (!verdict.notify) return { messages: [] };
  const lang = inbound.lang ?? services.config.defaultLang;
  return { messages: [{ type: 'text', text: services.locales.t(lang, 'flood.slow_down') }] };
}
