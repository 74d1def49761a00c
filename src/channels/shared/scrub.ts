/**
 * Removes secrets from a text meant for logs or for the outbox's error column. Axios errors
 * carry the request URL, and the Zalo Bot API puts the token in the path.
 */
export function scrubSecrets(text: string, secrets: (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  return out.replace(/access_token=[^&\s"]+/g, 'access_token=[redacted]').replace(/\/bot[^/\s"]+\//g, '/bot[redacted]/');
}
