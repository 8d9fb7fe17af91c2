import { describe, expect, it } from 'vitest';
import { deviceId } from './device';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

describe('device id', () => {
  it('is made once (22 base64url characters) and then kept', () => {
    const storage = memoryStorage();
    const first = deviceId(storage);
    expect(first).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(deviceId(storage)).toBe(first);
  });

  it('a stored value that is not a device id is replaced', () => {
    const storage = memoryStorage({ 'peerhub.device': '<script>' });
    expect(deviceId(storage)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('works without storage (the id then lasts as long as the page)', () => {
    expect(deviceId(null)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
