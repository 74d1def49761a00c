/** A platform's media link, kept only when it is a plain http(s) URL of sane length. */
export function mediaUrlOf(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 2000 || !/^https?:\/\/[^\s]+$/i.test(v)) return undefined;
  return v;
}
