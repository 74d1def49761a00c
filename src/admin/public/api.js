let csrf = '';

/** Remembers the CSRF token handed out at sign-in; every change sends it back. */
export function setCsrf(token) {
  csrf = token;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code;
    this.details = body?.error?.details;
  }
}

/** Calls /admin/api with the session cookie and, for changes, the x-csrf-token header. */
export async function api(method, path, body) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrf;
  const res = await fetch(`/admin/api${path}`, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

/** Sends a file as the raw request body (the translation import), with the CSRF header. */
export async function upload(path, file) {
  const res = await fetch(`/admin/api${path}`, { method: 'POST', headers: { 'x-csrf-token': csrf, 'content-type': 'application/octet-stream' }, credentials: 'same-origin', body: file });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}
