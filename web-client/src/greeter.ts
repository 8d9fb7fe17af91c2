/**
 * The mesh's half of the control channel: `hello`. When a peer's channel opens we introduce
 * ourselves (name, and this browser's device id so a receiver can resume our transfers after a
 * reload); a peer's hello tells us its device. Nothing else on the channel is ours.
 */
import type { ControlPeer, ControlRoutes } from './control-router';
import { Emitter } from './emitter';
import { encodeChannelMessage, PEER_PROTOCOL_VERSION, type HelloMessage } from './protocol';

export type GreeterEvents = {
  hello: [from: ControlPeer, hello: HelloMessage];
};

export interface Greeting {
  name: string;
  device?: string;
}

export class Greeter extends Emitter<GreeterEvents> {
  constructor(
    routes: ControlRoutes,
    private readonly send: (peerId: string, text: string) => boolean,
    private readonly greeting: () => Greeting,
  ) {
    super();
    routes.on('hello', (from, hello) => this.emit('hello', from, hello));
  }

  /** The control channel to `peerId` just opened. */
  opened(peerId: string): void {
    const { name, device } = this.greeting();
    const hello = encodeChannelMessage({ type: 'hello', v: PEER_PROTOCOL_VERSION, name, ...(device ? { device } : {}) });
    if (hello) this.send(peerId, hello);
  }
}
