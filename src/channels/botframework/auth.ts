import { CallerIdConstants, ConfigurationBotFrameworkAuthentication, ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { AppCredentials, AuthenticationConstants, type AuthenticatorResult, type ServiceClientCredentials } from 'botframework-connector';
import type { Config } from '../../config.js';
import { isLoopbackUrl } from './activity.js';

type BotFrameworkConfig = Config['botFramework'];

/**
 * The Bot Framework authentication of the adapter. Without BOT_FRAMEWORK_OPENID_METADATA_URL,
 * BOT_FRAMEWORK_TOKEN_ISSUER, BOT_FRAMEWORK_LOGIN_URL and BOT_FRAMEWORK_OAUTH_SCOPE it is
 * botbuilder's public-cloud default. With any of them set, botbuilder takes every endpoint as
 * given, so the unset ones are filled in with the public-cloud values.
 */
export function botFrameworkAuthentication(bf: BotFrameworkConfig): ConfigurationBotFrameworkAuthentication {
  const credentials = new LoopbackAwareCredentialFactory({ MicrosoftAppId: bf.appId, MicrosoftAppPassword: bf.appPassword, MicrosoftAppType: bf.appType, MicrosoftAppTenantId: bf.tenantId });
  const custom = bf.openIdMetadataUrl || bf.tokenIssuer || bf.loginUrl || bf.oauthScope;
  if (!custom) return new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: bf.appId, MicrosoftAppTenantId: bf.tenantId }, credentials);
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: bf.appId,
    MicrosoftAppTenantId: bf.tenantId,
    ValidateAuthority: true,
    ToBotFromChannelOpenIdMetadataUrl: bf.openIdMetadataUrl ?? AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromChannelTokenIssuer: bf.tokenIssuer ?? AuthenticationConstants.ToBotFromChannelTokenIssuer,
    ToChannelFromBotLoginUrl: bf.loginUrl ?? AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: bf.oauthScope ?? AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  }, credentials);
}

/**
 * botbuilder's credential factory, except for a loopback login URL (local testing): MSAL, which
 * botbuilder uses, takes only https authorities and asks login.microsoftonline.com to discover
 * them, so a loopback login URL gets a plain OAuth 2.0 client-credentials request instead.
 */
class LoopbackAwareCredentialFactory extends ConfigurationServiceClientCredentialFactory {
  override async createCredentials(appId: string, audience: string, loginEndpoint: string, validateAuthority: boolean): Promise<ServiceClientCredentials> {
    if (!isLoopbackUrl(loginEndpoint) || !this.password) return super.createCredentials(appId, audience, loginEndpoint, validateAuthority);
    if (!(await this.isValidAppId(appId))) throw new Error('Invalid appId.');
    return new ClientCredentialsAppCredentials(appId, this.password, loginEndpoint, audience || AuthenticationConstants.ToChannelFromBotOAuthScope);
  }
}

/** POST `<login URL>/oauth2/v2.0/token` (grant_type=client_credentials, scope `<audience>/.default`), the Azure AD v2 token endpoint shape. */
class ClientCredentialsAppCredentials extends AppCredentials {
  constructor(appId: string, private readonly secret: string, private readonly loginUrl: string, scope: string) {
    super(appId, undefined, scope);
  }

  protected async refreshToken(): Promise<AuthenticatorResult> {
    const scope = this.oAuthScope.endsWith('/.default') ? this.oAuthScope : `${this.oAuthScope}/.default`;
    const res = await fetch(`${this.loginUrl.replace(/\/+$/, '')}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: this.appId, client_secret: this.secret, scope }).toString(),
    });
    const body = (await res.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (!res.ok || typeof body.access_token !== 'string') throw new Error(`Bot Framework token request answered HTTP ${res.status}`);
    const seconds = Number(body.expires_in);
    return { accessToken: body.access_token, expiresOn: new Date(Date.now() + (Number.isFinite(seconds) ? seconds : 3600) * 1000) };
  }
}
