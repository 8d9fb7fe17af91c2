import { describe, expect, it } from 'vitest';
import { savePaths } from './names';

// How one component is neutralised is in protocol/vectors/names.json (src/vectors/); here: clashes.

describe('saving the names of a manifest', () => {
  it('folders are kept as structure, inside the target folder', () => {
    expect(savePaths([['album', 'nested', 'two.jpg'], ['album', 'one.jpg']])).toEqual([
      ['album', 'nested', 'two.jpg'],
      ['album', 'one.jpg'],
    ]);
  });

  it('nothing is overwritten: names that clash after neutralising get numbers', () => {
    expect(savePaths([['a:b.txt'], ['a_b.txt'], ['A_B.TXT']])).toEqual([
      ['a_b.txt'],
      ['a_b (1).txt'],
      ['A_B (2).TXT'],
    ]);
  });

  it('a file and a folder of the same name do not collide', () => {
    expect(savePaths([['x'], ['x', 'inner.txt']])).toEqual([['x'], ['x (1)', 'inner.txt']]);
  });

  it('two wire folders that neutralise alike stay two folders', () => {
    expect(savePaths([['a:', 'f'], ['a_', 'f']])).toEqual([['a_', 'f'], ['a_ (1)', 'f']]);
  });
});
