package io.peerhub.e2e;

import com.microsoft.playwright.Page;
import java.util.List;

/**
 * The baseline a file transfer is measured against: a bare RTCDataChannel between two pages (the
 * SDP passed by the test, no signaling), over which the sender blasts the same bytes from memory
 * in 256 KiB messages under Peerhub's flow control (4 MiB high, 1 MiB low watermark) and the
 * receiver only counts them: no framing, no disk, no hashing.
 */
final class BareChannel {

  private static final double MIB = 1024 * 1024;

  private static final String BARE_OFFER = """
      async () => {
        const pc = new RTCPeerConnection();
        const ch = pc.createDataChannel('bench-blast', { ordered: true });
        ch.binaryType = 'arraybuffer';
        window.__bench = { pc, ch };
        await pc.setLocalDescription();
        await new Promise(r => pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r()));
        return JSON.stringify(pc.localDescription);
      }""";
  private static final String BARE_ANSWER = """
      async ([offer, total]) => {
        const pc = new RTCPeerConnection();
        let received = 0;
        const done = new Promise(resolve => {
          pc.ondatachannel = ({ channel }) => {
            channel.binaryType = 'arraybuffer';
            channel.onmessage = e => { received += e.data.byteLength; if (received >= total) resolve(received); };
          };
        });
        window.__bench = { pc, done };
        await pc.setRemoteDescription(JSON.parse(offer));
        await pc.setLocalDescription();
        await new Promise(r => pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r()));
        return JSON.stringify(pc.localDescription);
      }""";
  private static final String BARE_CONNECT = """
      async (answer) => {
        const { pc, ch } = window.__bench;
        await pc.setRemoteDescription(JSON.parse(answer));
        if (ch.readyState !== 'open') await new Promise(r => ch.onopen = r);
        return pc.sctp.maxMessageSize;
      }""";
  private static final String BARE_BLAST = """
      ([total, chunk]) => {
        const { ch } = window.__bench;
        ch.bufferedAmountLowThreshold = 1024 * 1024;
        const data = new Uint8Array(chunk);
        crypto.getRandomValues(data.subarray(0, 65536));
        let sent = 0;
        const pump = () => {
          while (sent < total) {
            if (ch.bufferedAmount > 4 * 1024 * 1024) { ch.onbufferedamountlow = () => { ch.onbufferedamountlow = null; pump(); }; return; }
            const n = Math.min(chunk, total - sent);
            ch.send(n === chunk ? data : data.subarray(0, n));
            sent += n;
          }
        };
        pump();
      }""";

  private BareChannel() {}

  /** Sends {@code bytes} from {@code sender} to {@code receiver}; MiB/s, first send to last byte counted. */
  static double blast(Page sender, Page receiver, long bytes) {
    String offer = (String) sender.evaluate(BARE_OFFER);
    String answer = (String) receiver.evaluate(BARE_ANSWER, List.of(offer, (double) bytes));
    int maxMessage = ((Number) sender.evaluate(BARE_CONNECT, answer)).intValue();
    int chunk = Math.min(maxMessage, 262_144);
    long start = System.nanoTime();
    sender.evaluate(BARE_BLAST, List.of((double) bytes, chunk));
    long received = ((Number) receiver.evaluate("() => window.__bench.done")).longValue();
    double seconds = (System.nanoTime() - start) / 1e9;
    sender.evaluate("() => window.__bench.pc.close()");
    receiver.evaluate("() => window.__bench.pc.close()");
    if (received < bytes) throw new IllegalStateException("bare channel delivered " + received + " of " + bytes + " bytes");
    return bytes / MIB / seconds;
  }
}
