import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { verifyDeviceSignature } from './protocol/ed25519-js';
import { fromBase64Url, verifyDeviceSignatureNative } from './protocol/trust';
import { loadVectors } from './vectors/load';

const unhex = (s: string) => new Uint8Array((s.match(/../g) ?? []).map((b) => parseInt(b, 16)));
const deviceVerifyCases = loadVectors().filter((v) => v.kind === 'trust' && v.body.op === 'device-verify');

describe('checking a device signature with the native Ed25519', () => {
  it('has shared vectors to agree with', () => {
    expect(deviceVerifyCases.length).toBeGreaterThanOrEqual(3);
  });

  for (const { name, body } of deviceVerifyCases) {
    it(`agrees with the shared vector: ${name}`, async () => {
      const input = body.input as Record<string, string>;
      const key = fromBase64Url(input.deviceKey!)!;
      const signature = fromBase64Url(input.signature!) ?? new Uint8Array(0);
      const data = unhex(input.data!);
      expect(await verifyDeviceSignatureNative(key, data, signature)).toBe(body.value);
      // And the library path, used where WebCrypto has no Ed25519, gives the same answer.
      expect(await verifyDeviceSignatureNative(key, data, signature, null)).toBe(body.value);
    });
  }

  it('refuses a signature whose S is not reduced, as the library does in strict mode', async () => {
    const secret = ed25519.utils.randomSecretKey();
    const key = ed25519.getPublicKey(secret);
    const data = new TextEncoder().encode('binding');
    const sig = ed25519.sign(data, secret);
    // S + L: the same point equation holds, but RFC 8032 requires S < L.
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    let s = 0n;
    for (let i = 31; i >= 0; i--) s = (s << 8n) | BigInt(sig[32 + i]!);
    const bumped = s + L;
    const malleable = sig.slice();
    for (let i = 0; i < 32; i++) malleable[32 + i] = Number((bumped >> BigInt(8 * i)) & 0xffn);
    expect(verifyDeviceSignature(key, data, malleable)).toBe(false);
    expect(await verifyDeviceSignatureNative(key, data, malleable)).toBe(false);
    expect(await verifyDeviceSignatureNative(key, data, sig)).toBe(true);
  });

  it('falls back to the library when WebCrypto will not take the key', async () => {
    const secret = ed25519.utils.randomSecretKey();
    const key = ed25519.getPublicKey(secret);
    const data = new TextEncoder().encode('binding');
    const refusing = { importKey: () => Promise.reject(new DOMException('no Ed25519', 'NotSupportedError')) } as unknown as SubtleCrypto;
    expect(await verifyDeviceSignatureNative(key, data, ed25519.sign(data, secret), refusing)).toBe(true);
    expect(await verifyDeviceSignatureNative(key, data, new Uint8Array(64), refusing)).toBe(false);
  });
});
