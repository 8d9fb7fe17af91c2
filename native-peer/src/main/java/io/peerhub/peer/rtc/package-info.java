/**
 * webrtc-java and nothing else imports it: the process's one factory, a peer connection per
 * link with perfect negotiation (the browser's peer-link.ts and negotiation.ts), and data
 * channels made safe for our threads. webrtc calls back on its own signaling thread and every
 * call waits for that thread, so callbacks only copy and hand off to the link's worker thread.
 */
package io.peerhub.peer.rtc;
