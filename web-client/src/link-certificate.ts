/**
 * The page's DTLS certificate, made by the entry script while the room code loads. Without it,
 * Chromium makes a certificate for each RTCPeerConnection when its first offer or answer needs
 * one, and a page's first WebRTC call also starts the renderer's WebRTC threads: both sat on the
 * join's path, between the welcome and the first offer.
 *
 * One certificate for every link of the page is what a browser tab is anyway: the fingerprint
 * names this page, and each peer checks it against the hello's proof (docs/protocol.md "Peer
 * verification"). A page that cannot make one (no WebRTC, a refused algorithm) lets each link
 * make its own, as before.
 */
export class LinkCertificate {
  private certificate: RTCCertificate | null = null;

  /** Starts making the certificate; never throws, never rejects. */
  static start(): LinkCertificate {
    const made = new LinkCertificate();
    try {
      RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' } as EcKeyGenParams).then(
        (certificate) => (made.certificate = certificate),
        (err: unknown) => console.warn('peerhub: no early DTLS certificate; each link makes its own', err),
      );
    } catch (err) {
      console.warn('peerhub: no early DTLS certificate; each link makes its own', err);
    }
    return made;
  }

  /** For an RTCConfiguration: the certificate if it is ready (and not expired), else none. */
  certificates(now = Date.now()): RTCCertificate[] | undefined {
    const certificate = this.certificate;
    return certificate && certificate.expires > now ? [certificate] : undefined;
  }
}
