import { promises as fs } from 'node:fs';
import path from 'node:path';
import axios from 'axios';
import type { Logger } from '../../domain/logger.js';
import { settingLock } from '../../store/locks.js';
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

/** The pair as saved: the refresh token it replaced is kept until the new one has worked once. */
interface SavedTokens extends OaTokens {
  previousRefreshToken?: string;
}

/**
 * Holds the OA access token and refreshes it with the refresh token, which works ONCE and is
 * rotated. Several instances share the pair through the store's settings:
 * - exactly one refreshes: the refresh runs under the store lock `setting:zalo-oa.tokens`, and
 *   first re-reads the saved pair; an instance that finds it already renewed adopts it;
 * - the new pair is saved before it is used; if that save fails, the pair stays in memory
 *   (`unsaved`) and the next attempt saves it instead of spending a refresh token again;
 * - the refresh token it replaced is kept beside it until the new one works, so a refused new
 *   token falls back to the old one instead of leaving the OA channel dead.
 */
export class OaTokenKeeper {
  private tokens: SavedTokens;
  private unsaved: SavedTokens | null = null;
  private refreshing: Promise<string> | null = null;

  constructor(private readonly deps: TokenKeeperDeps) {
    this.tokens = deps.initial;
  }

  /** Loads the pair a previous run (or another instance) saved; it wins over the environment's first tokens. */
  async load(): Promise<void> {
    const saved = (await this.readSaved()) ?? (await this.readLegacyFile());
    if (saved) this.tokens = saved;
  }

  /** A valid access token, refreshed first when it is about to expire. */
  async accessToken(now = Date.now()): Promise<string> {
    if (this.unsaved || this.expiring(this.tokens, now)) return this.refresh(this.tokens.accessToken);
    return this.tokens.accessToken;
  }

  /** Refreshes unless someone (here or on another instance) already did since `staleToken` was handed out. */
  refresh(staleToken: string): Promise<string> {
    if (this.tokens.accessToken !== staleToken && !this.unsaved) return Promise.resolve(this.tokens.accessToken);
    this.refreshing ??= this.deps.store.withLock(settingLock(SETTING), () => this.refreshLocked(staleToken)).finally(() => (this.refreshing = null));
    return this.refreshing;
  }

  /** Every secret this keeper knows, for scrubbing error texts. */
  secrets(): string[] {
    return [this.tokens.accessToken, this.tokens.refreshToken ?? '', this.tokens.previousRefreshToken ?? '', this.deps.appSecret];
  }

  private expiring(t: OaTokens, now = Date.now()): boolean {
    return t.expiresAt !== undefined && !!t.refreshToken && t.expiresAt - EARLY_MS <= now;
  }

  private async refreshLocked(staleToken: string): Promise<string> {
    if (this.unsaved) return this.adopt(this.unsaved, true);
    const saved = await this.readSaved();
    if (saved && saved.accessToken !== staleToken && !this.expiring(saved)) return this.adopt(saved, false);
    const current = saved ?? this.tokens;
    if (!current.refreshToken) throw new DeliveryError('Zalo OA access token expired and no ZALO_OA_REFRESH_TOKEN is set', false);
    let next: SavedTokens;
    try {
      next = { ...(await this.callOauth(current.refreshToken)), previousRefreshToken: current.refreshToken };
    } catch (err) {
      const previous = current.previousRefreshToken;
      if (!previous || !(err instanceof DeliveryError) || err.retryable) throw err;
      this.deps.log.warn({}, 'ZALO_OA_TOKEN_FALLBACK: the new refresh token was refused; trying the one it replaced');
      next = await this.callOauth(previous);
    }
    // the refresh token just used is spent: from here the new pair must not be lost
    this.unsaved = next;
    const token = await this.adopt(next, true);
    this.deps.log.info({ expiresAt: next.expiresAt }, 'ZALO_OA_TOKEN_REFRESHED');
    return token;
  }

  /** Makes `t` the current pair; saved first (durable before use) when `save` is set. */
  private async adopt(t: SavedTokens, save: boolean): Promise<string> {
    if (save) {
      await this.deps.store.saveSetting(SETTING, JSON.stringify(t));
      this.unsaved = null;
    }
    this.tokens = t;
    return t.accessToken;
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

  private async readSaved(): Promise<SavedTokens | undefined> {
    return parseTokens(await this.deps.store.getSetting(SETTING));
  }

  /** Earlier versions kept the pair in DATA_DIR/zalo-oa-tokens.json: read once, then the store has it. */
  private async readLegacyFile(): Promise<SavedTokens | undefined> {
    return parseTokens(await fs.readFile(path.join(this.deps.dataDir, 'zalo-oa-tokens.json'), 'utf8').catch(() => undefined));
  }
}

function parseTokens(text: string | undefined): SavedTokens | undefined {
  try {
    const v = text ? (JSON.parse(text) as unknown) : undefined;
    return isObject(v) && typeof v.accessToken === 'string' ? (v as unknown as SavedTokens) : undefined;
  } catch {
    return undefined;
  }
}
