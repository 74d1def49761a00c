import { describe, expect, it } from 'vitest';
import { MAX_MATCH_CHARS, fold, tokenize, tokens } from '../../src/nlu/normalize.js';

/** Words of a message at the edges: letters that fold to nothing, and very long messages. */
describe('tokens at the edges', () => {
  it('letters outside a–z leave one space, never an empty word', () => {
    expect(fold('aßßb')).toBe('a b');
    expect(tokens('aßßb')).toEqual(['a', 'b']);
    expect(tokenize('ß khai').map((t) => t.folded)).toEqual(['khai']);
  });

  it('reads only the first MAX_MATCH_CHARS characters of a long message', () => {
    expect(tokenize('khai '.repeat(100))).toHaveLength(MAX_MATCH_CHARS / 5);
  });
});
