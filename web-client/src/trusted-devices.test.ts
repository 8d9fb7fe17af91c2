import { describe, expect, it } from 'vitest';
import { MAX_TRUSTED_DEVICES, TrustedDevices } from './trusted-devices';

class MemoryStorage {
  readonly data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
}

const ALICE_LAPTOP = 'aaaaaaaaaaaaaaaaaaaaaa';
const STRANGER = 'ssssssssssssssssssssss';

describe('trusted devices', () => {
  it('are remembered by device id across reloads, with auto-accept off until switched on', () => {
    const storage = new MemoryStorage();
    const trust = new TrustedDevices(storage);
    trust.trust(ALICE_LAPTOP, 'Alice', 1000);
    expect(new TrustedDevices(storage).get(ALICE_LAPTOP)).toEqual({ deviceId: ALICE_LAPTOP, name: 'Alice', autoAccept: false, trustedAt: 1000 });
    trust.setAutoAccept(ALICE_LAPTOP, true);
    expect(new TrustedDevices(storage).get(ALICE_LAPTOP)?.autoAccept).toBe(true);
  });

  it('a name is never trust: another device called Alice is not trusted', () => {
    const trust = new TrustedDevices(new MemoryStorage());
    trust.trust(ALICE_LAPTOP, 'Alice');
    expect(trust.isTrusted(STRANGER)).toBe(false);
    expect(trust.trustedUnderName('Alice')?.deviceId).toBe(ALICE_LAPTOP);
  });

  it('ignores tampered storage and bad ids, and stays bounded', () => {
    const storage = new MemoryStorage();
    storage.setItem('peerhub.trusted-devices', JSON.stringify([{ deviceId: '../x', name: 'x', autoAccept: true, trustedAt: 1 }, 'junk']));
    const trust = new TrustedDevices(storage);
    expect(trust.isTrusted('../x')).toBe(false);
    trust.trust('not an id', 'x');
    for (let i = 0; i < MAX_TRUSTED_DEVICES + 5; i++) trust.trust(String(i).padStart(22, '0'), `d${i}`);
    expect(JSON.parse(storage.getItem('peerhub.trusted-devices')!)).toHaveLength(MAX_TRUSTED_DEVICES);
  });

  it('forgetting a device untrusts it', () => {
    const trust = new TrustedDevices(new MemoryStorage());
    trust.trust(ALICE_LAPTOP, 'Alice');
    trust.forget(ALICE_LAPTOP);
    expect(trust.isTrusted(ALICE_LAPTOP)).toBe(false);
  });
});
