/**
 * The room's chat over the control channel (the browser's chat.ts). Messages arrive on the
 * sending peer's link thread and are handed over as text, never interpreted.
 */
package io.peerhub.peer.chat;
