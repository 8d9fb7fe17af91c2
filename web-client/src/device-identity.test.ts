import { describe, expect, it, vi } from 'vitest';
import { loadIdentity, type KeyVault, type StoredKey } from './device-identity';
import { verifyDeviceSignature } from './protocol/ed25519-js';

class MapVault implements KeyVault {
  stored: StoredKey | undefined;
  puts = 0;
  async get() {
    return this.stored;
  }
  async put(key: StoredKey) {
    this.puts++;
    this.stored = key;
  }
}

const data = new TextEncoder().encode('the binding');

describe('device identity', () => {
  it('is made once, kept, and the same device after a reload', async () => {
    const vault = new MapVault();
    const first = await loadIdentity(vault);
    const again = await loadIdentity(vault);
    expect(vault.puts).toBe(1);
    expect(again.deviceId).toBe(first.deviceId);
    expect(first.deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('keeps a non-extractable WebCrypto key where WebCrypto has Ed25519, and its signatures verify', async () => {
    const vault = new MapVault();
    const id = await loadIdentity(vault);
    expect(id.protected).toBe(true);
    expect(vault.stored?.kind).toBe('webcrypto');
    if (vault.stored?.kind === 'webcrypto') expect(vault.stored.keys.privateKey.extractable).toBe(false);
    const sig = await id.sign(data);
    expect(verifyDeviceSignature(id.publicKey, data, sig)).toBe(true);
    expect(verifyDeviceSignature(id.publicKey, new TextEncoder().encode('other'), sig)).toBe(false);
  });

  it('without crypto.subtle (plain http on a LAN address) it still has a key, and says it is less protected', async () => {
    const vault = new MapVault();
    const id = await loadIdentity(vault, null);
    expect(id.protected).toBe(false);
    expect(vault.stored?.kind).toBe('bytes');
    expect(verifyDeviceSignature(id.publicKey, data, await id.sign(data))).toBe(true);
    expect((await loadIdentity(vault, null)).deviceId).toBe(id.deviceId);
  });

  it('a vault that cannot be read or written still gives the page an identity', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const broken: KeyVault = { get: () => Promise.reject(new Error('blocked')), put: () => Promise.reject(new Error('blocked')) };
    const id = await loadIdentity(broken);
    expect(id.deviceId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });
});
