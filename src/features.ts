import type { FastifyInstance } from 'fastify';
import type { TurnDeps } from './core/context.js';
import type { AppServices } from './services.js';

/**
 * Registers the optional capabilities (channels, handoff, media, web chat, admin, knowledge
 * reload). Each lives in its own folder and is wired here, so app.ts stays small.
 */
export async function registerFeatures(app: FastifyInstance, services: AppServices, deps: TurnDeps): Promise<void> {
  void app;
  void services;
  void deps;
}
