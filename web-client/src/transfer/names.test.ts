import { describe, expect, it } from 'vitest';
import { neutraliseComponent, savePaths } from './names';

const utf8 = (s: string) => new TextEncoder().encode(s).length;

describe('saving names', () => {
  it('a name that climbs folders stays one harmless name', () => {
    expect(neutraliseComponent('../../x')).toBe('_.._x');
    expect(neutraliseComponent('..\\..\\x')).toBe('_.._x');
    expect(neutraliseComponent('/etc/passwd')).toBe('_etc_passwd');
    expect(neutraliseComponent('C:evil')).toBe('C_evil');
  });

  it('markup is kept as characters (it is only ever shown as text)', () => {
    expect(neutraliseComponent('<img src=x onerror=alert(1)>.txt')).toBe('<img src=x onerror=alert(1)>.txt');
  });

  it('control characters, ANSI escapes and bidi overrides become underscores', () => {
    expect(neutraliseComponent('a\u0000b\u0007c\td\u001b[31me\u007f\u009b.txt')).toBe('a_b_c_d_[31me__.txt');
    expect(neutraliseComponent('invoice\u202Efdp.exe')).toBe('invoice_fdp.exe');
  });

  it('leading and trailing dots and spaces are trimmed; nothing left becomes "unnamed"', () => {
    expect(neutraliseComponent(' .hidden ')).toBe('hidden');
    expect(neutraliseComponent('name. . ')).toBe('name');
    expect(neutraliseComponent('...')).toBe('unnamed');
    expect(neutraliseComponent('   ')).toBe('unnamed');
  });

  it('reserved device names get a suffix, with or without extension, in any case', () => {
    expect(neutraliseComponent('CON')).toBe('CON_');
    expect(neutraliseComponent('nul.txt')).toBe('nul_.txt');
    expect(neutraliseComponent('Com1.log')).toBe('Com1_.log');
    expect(neutraliseComponent('LPT9')).toBe('LPT9_');
    expect(neutraliseComponent('CONSOLE.txt')).toBe('CONSOLE.txt');
  });

  it('a 300-character name is cut to 255 UTF-8 bytes, keeping its extension', () => {
    const name = neutraliseComponent(`${'L'.repeat(296)}.txt`);
    expect(utf8(name)).toBe(255);
    expect(name.endsWith('.txt')).toBe(true);
  });

  it('cuts at a character boundary, never inside an emoji', () => {
    const name = neutraliseComponent(`${'😀'.repeat(100)}.png`);
    expect(utf8(name)).toBeLessThanOrEqual(255);
    expect(name).toBe(`${'😀'.repeat(62)}.png`);
  });

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
