import type { AppServices } from '../services.js';
import { watchKnowledge, type KnowledgeReloader } from './reload.js';

/** Starts hot reload of KNOWLEDGE_DIR when KNOWLEDGE_RELOAD is on; stops it when the app closes. */
export function registerKnowledgeReload(services: AppServices): KnowledgeReloader | undefined {
  if (!services.config.reloadKnowledge) return undefined;
  const reloader = watchKnowledge({ root: services.config.knowledgeDir, holder: services.knowledge, log: services.log });
  services.onClose(() => reloader.stop());
  services.log.info({ dir: services.config.knowledgeDir, mode: reloader.mode }, 'knowledge hot reload on');
  return reloader;
}
