/**
 * Encodes the room link as a QR code (SVG text) off the page's thread: the `qrcode` package's
 * segment optimiser and mask scoring took ~70 ms of the main thread, and when that ran in an idle
 * gap of the join it held up the offer and answer behind it (docs/benchmarks.md "Join").
 */
import QRCode from 'qrcode';
import type { QrReply, QrRequest } from './qr-messages';

self.onmessage = (event: MessageEvent<QrRequest>) => {
  QRCode.toString(event.data.text, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }).then(
    (svg) => self.postMessage({ ok: true, svg } satisfies QrReply),
    (err: unknown) => self.postMessage({ ok: false, message: String(err) } satisfies QrReply),
  );
};
