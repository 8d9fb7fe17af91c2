import { describe, expect, it } from 'vitest';
import { NameStore, checkName, generateName, type NameStorage } from './names';

function memoryStorage(initial: Record<string, string> = {}): NameStorage & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (k) => data[k] ?? null, setItem: (k, v) => void (data[k] = v) };
}

describe('names', () => {
  it('a generated name is an adjective and an animal', () => {
    expect(generateName(() => 0)).toBe('Amber Badger');
    expect(generateName(() => 0.999)).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    expect(checkName(generateName()).ok).toBe(true);
  });

  it('a first visit gets a generated name and remembers it', () => {
    const storage = memoryStorage();
    const store = new NameStore(storage, () => 0);
    expect(store.name).toBe('Amber Badger');
    expect(storage.data['peerhub.name']).toBe('Amber Badger');
    expect(new NameStore(storage, () => 0.5).name).toBe('Amber Badger');
  });

  it('a stored name that breaks the rule is replaced', () => {
    const store = new NameStore(memoryStorage({ 'peerhub.name': 'x'.repeat(65) }), () => 0);
    expect(store.name).toBe('Amber Badger');
  });

  it('a valid new name is trimmed, kept and stored', () => {
    const storage = memoryStorage();
    const store = new NameStore(storage);
    expect(store.set('  Zoë 🦦  ')).toEqual({ ok: true, name: 'Zoë 🦦' });
    expect(store.name).toBe('Zoë 🦦');
    expect(storage.data['peerhub.name']).toBe('Zoë 🦦');
  });

  it('an invalid new name is refused and the old one stays', () => {
    const store = new NameStore(memoryStorage({ 'peerhub.name': 'Amber Otter' }));
    expect(store.set('')).toMatchObject({ ok: false, code: 'bad-name' });
    expect(store.set('🦦'.repeat(65))).toMatchObject({ ok: false, code: 'name-too-long' });
    expect(store.name).toBe('Amber Otter');
  });

  it('names are counted in code points: 64 emoji (128 UTF-16 units) are allowed', () => {
    expect(checkName('😀'.repeat(64)).ok).toBe(true);
    expect(checkName('é'.repeat(64)).ok).toBe(true);
    expect(checkName('a'.repeat(64)).ok).toBe(true);
    expect(checkName('a'.repeat(65)).ok).toBe(false);
  });

  it('works without storage (privacy modes): the name lasts the visit', () => {
    const throwing: NameStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    const store = new NameStore(throwing, () => 0);
    expect(store.name).toBe('Amber Badger');
    expect(store.set('Robin').ok).toBe(true);
    expect(store.name).toBe('Robin');
  });
});
