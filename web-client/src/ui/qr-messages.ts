/** What the page and qr-worker.ts say to each other. */
export interface QrRequest {
  text: string;
}

export type QrReply = { ok: true; svg: string } | { ok: false; message: string };
