import { promises as fs } from 'node:fs';
import path from 'node:path';
import axios from 'axios';
import type { Logger } from '../../domain/logger.js';
import { writeFileAtomically } from '../../lib/atomic-write.js';
import type { Store } from '../../store/types.js';
import { DeliveryError, toDeliveryError } from '../../outbox/delivery-error.js';
import { isObject } from '../shared/raw-json.js';

/** The OA token pair as kept between runs. */
export interface OaTokens {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms; unknown for the first token from the environment. */
  expiresAt?: number;
}

export interface TokenKeeperDeps {
  store: Store;
  dataDir: string;
  log: Logger;
  appId: string;
  appSecret: string;
  oauthBase: string;
  initial: OaTokens;
}

const SETTING = 'zalo-oa.tokens';
/** Refresh this long before the access token expires (it lasts 25 h). */
const EARLY_MS = 60 * 60_000;

/**
 * Holds the OA access token and refreshes it with the refresh token, which works ONCE and is
 * rotated: the new pair is made durable (store setting, or a file in DATA_DIR) before it is used,
 * so a crash right after a refresh never leaves us with a spent refresh token.
 */
export class OaTokenKeeper {
  private tokens: OaTokens;
  private refreshing: Promise<string> | null = null;

  constructor(private readonly deps: TokenKeeperDeps) {
    this.tokens = deps.initial;
  }

  /** Loads the pair a previous run saved; it wins over the environment's first tokens. */
  async load(): Promise<void> {
    const saved = await this.readSaved();
    if (saved) this.tokens = saved;
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async accessToken(now = Date.now()): Promise<string> {
    const { expiresAt, refreshToken } = this.tokens;
    if (expiresAt !== undefined && refreshToken && expiresAt - EARLY_MS <= now) return this.refresh(this.tokens.accessToken);
    return this.tokens.accessToken;
  }

  /** Refreshes unless someone already did since `staleToken` was handed out; single-flight. */
  refresh(staleToken: string): Promise<string> {
    if (this.tokens.accessToken !== staleToken) return Promise.resolve(this.tokens.accessToken);
    this.refreshing ??= this.doRefresh().finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Every secret this keeper knows, for scrubbing error texts. */
  secrets(): string[] {
    return [this.tokens.accessToken, this.tokens.refreshToken ?? '', this.deps.appSecret];
  }

  private async doRefresh(): Promise<string> {
    // another instance may have rotated the pair already: start from the freshest one
    const saved = await this.readSaved();
    if (saved && saved.refreshToken !== this.tokens.refreshToken) {
      this.tokens = saved;
      if (!saved.expiresAt || saved.expiresAt - EARLY_MS > Date.now()) return saved.accessToken;
    }
    const refreshToken = this.tokens.refreshToken;
    if (!refreshToken) throw new DeliveryError('Zalo OA access token expired and no ZALO_OA_REFRESH_TOKEN is set', false);
    const next = await this.callOauth(refreshToken);
    await this.save(next); // durable BEFORE use: the old refresh token is spent now
    this.tokens = next;
    this.deps.log.info({ expiresAt: next.expiresAt }, 'ZALO_OA_TOKEN_REFRESHED');
    return next.accessToken;
  }

  private async callOauth(refreshToken: string): Promise<OaTokens> {
    const form = new URLSearchParams({ refresh_token: refreshToken, app_id: this.deps.appId, grant_type: 'refresh_token' });
    let data: Record<string, unknown>;
    try {
      const res = await axios.post(`${this.deps.oauthBase}/v4/oa/access_token`, form.toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: this.deps.appSecret },
        timeout: 10_000,
      });
      data = isObject(res.data) ? res.data : {};
    } catch (err) {
      throw toDeliveryError(err, [refreshToken, this.deps.appSecret]);
    }
    if (typeof data.access_token !== 'string' || !data.access_token) {
      const why = String(data.error_description ?? data.error_name ?? data.message ?? data.error ?? 'no access_token');
      throw new DeliveryError(`Zalo OA token refresh refused: ${why.slice(0, 200)}`, false);
    }
    const expiresIn = Number(data.expires_in); // a string such as "90000" (seconds)
    return {
      accessToken: data.access_token,
      refreshToken: typeof data.refresh_token === 'string' && data.refresh_token ? data.refresh_token : refreshToken,
      expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? Date.now() + expiresIn * 1000 : undefined,
    };
  }

  private file(): string {
    return path.join(this.deps.dataDir, 'zalo-oa-tokens.json');
  }

  private async readSaved(): Promise<OaTokens | undefined> {
    try {
      const text = this.deps.store.getSetting ? await this.deps.store.getSetting(SETTING) : await fs.readFile(this.file(), 'utf8').catch(() => undefined);
      const v = text ? (JSON.parse(text) as unknown) : undefined;
      return isObject(v) && typeof v.accessToken === 'string' ? (v as unknown as OaTokens) : undefined;
    } catch {
      return undefined;
    }
  }

  private async save(t: OaTokens): Promise<void> {
    const text = JSON.stringify(t);
    if (this.deps.store.saveSetting) return this.deps.store.saveSetting(SETTING, text);
    await writeFileAtomically(this.file(), text, { mode: 0o600, fsync: true });
  }
}
