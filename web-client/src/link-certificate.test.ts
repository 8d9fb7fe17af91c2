import { afterEach, describe, expect, it, vi } from 'vitest';
import { LinkCertificate } from './link-certificate';

const made = (expires: number) => ({ expires, getFingerprints: () => [] }) as unknown as RTCCertificate;

describe("the page's early DTLS certificate", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('is handed to links once made, and not while it is being made', async () => {
    let resolve!: (c: RTCCertificate) => void;
    const generateCertificate = vi.fn(() => new Promise<RTCCertificate>((r) => (resolve = r)));
    vi.stubGlobal('RTCPeerConnection', { generateCertificate });
    const certificate = LinkCertificate.start();
    expect(generateCertificate).toHaveBeenCalledWith({ name: 'ECDSA', namedCurve: 'P-256' });
    expect(certificate.certificates(1_000)).toBeUndefined();
    const cert = made(5_000);
    resolve(cert);
    await Promise.resolve();
    expect(certificate.certificates(1_000)).toEqual([cert]);
  });

  it('is not used once expired: each link then makes its own', async () => {
    const cert = made(5_000);
    vi.stubGlobal('RTCPeerConnection', { generateCertificate: () => Promise.resolve(cert) });
    const certificate = LinkCertificate.start();
    await Promise.resolve();
    expect(certificate.certificates(4_999)).toEqual([cert]);
    expect(certificate.certificates(5_000)).toBeUndefined();
  });

  it('leaves links to make their own where the browser refuses or has no WebRTC', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    vi.stubGlobal('RTCPeerConnection', { generateCertificate: () => Promise.reject(new Error('NotSupportedError')) });
    const refused = LinkCertificate.start();
    vi.stubGlobal('RTCPeerConnection', undefined);
    const absent = LinkCertificate.start();
    await new Promise((r) => setTimeout(r, 0));
    expect(refused.certificates()).toBeUndefined();
    expect(absent.certificates()).toBeUndefined();
    expect(console.warn).toHaveBeenCalledTimes(2);
  });
});
