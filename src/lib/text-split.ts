/**
 * Cuts text into chunks of at most `limit` characters, preferring paragraph, then sentence,
 * then word boundaries, so a long answer reads naturally across several messages.
 */
export function splitText(text: string, limit: number): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > limit) {
    const cut = findCut(rest, limit);
    chunks.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

function findCut(text: string, limit: number): number {
  const window = text.slice(0, limit);
  const floor = Math.floor(limit / 3); // never leave a tiny first chunk
  const paragraph = window.lastIndexOf('\n\n');
  if (paragraph >= floor) return paragraph + 2;
  const sentence = lastMatchEnd(window, /[.!?…;:](?=\s)|\n/g);
  if (sentence >= floor) return sentence;
  const space = window.lastIndexOf(' ');
  if (space >= floor) return space + 1;
  // no boundary: cut hard, but not inside a surrogate pair
  const code = text.charCodeAt(limit - 1);
  return code >= 0xd800 && code <= 0xdbff ? limit - 1 : limit;
}

function lastMatchEnd(text: string, re: RegExp): number {
  let end = -1;
  for (const m of text.matchAll(re)) end = m.index + m[0].length;
  return end;
}

