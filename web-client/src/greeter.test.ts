import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ControlRouter } from './control-router';
import { Greeter } from './greeter';
import type { HelloMessage } from './protocol';
import { BOB } from './test-fixtures';

const DEVICE = 'dddddddddddddddddddddd';

function setup(device?: string) {
  const router = new ControlRouter();
  const sent: { to: string; text: string }[] = [];
  const greeter = new Greeter(router, (to, text) => (sent.push({ to, text }), true), () => ({ name: 'Amber Otter', device }));
  const hellos: HelloMessage[] = [];
  greeter.on('hello', (_from, hello) => hellos.push(hello));
  return { router, greeter, sent, hellos };
}

describe('hello (owned by the mesh)', () => {
  beforeEach(() => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    return () => warn.mockRestore();
  });

  it('says hello with my name when a channel opens', () => {
    const { greeter, sent } = setup();
    greeter.opened(BOB);
    expect(sent).toEqual([{ to: BOB, text: JSON.stringify({ type: 'hello', v: 1, name: 'Amber Otter' }) }]);
  });

  it('says hello with this browser’s device id when it has one (for resuming transfers)', () => {
    const { greeter, sent } = setup(DEVICE);
    greeter.opened(BOB);
    expect(JSON.parse(sent[0]!.text)).toEqual({ type: 'hello', v: 1, name: 'Amber Otter', device: DEVICE });
  });

  it('a peer’s hello reaches the greeter through the router; a malformed device costs only the device', () => {
    const { router, hellos } = setup();
    router.receive({ id: BOB, name: 'B' }, JSON.stringify({ type: 'hello', v: 1, name: 'B', device: 'eeeeeeeeeeeeeeeeeeeeee' }));
    router.receive({ id: BOB, name: 'B' }, JSON.stringify({ type: 'hello', v: 1, name: 'B', device: '../x' }));
    expect(hellos.map((h) => h.device)).toEqual(['eeeeeeeeeeeeeeeeeeeeee', undefined]);
  });
});
