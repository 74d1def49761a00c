/**
 * The yardstick for the load bench: a bare Fastify route that parses the same JSON body and
 * answers 200, nothing else. Run as its own process like the bot, so both get the same core.
 */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/healthz', async () => ({ status: 'ok' }));
app.post('/webhooks/zalo', async () => ({ ok: true }));
app.post('/api/chat', async () => ({ ok: true }));
await app.listen({ port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' });
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
