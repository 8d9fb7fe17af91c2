import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ControlRouter, type ControlPeer } from './control-router';
import { BOB } from './test-fixtures';

const bob: ControlPeer = { id: BOB, name: 'Brave Badger' };

describe('the control-channel router', () => {
  let warn: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    return () => warn.mockRestore();
  });

  it('hands each valid message to the one module registered for its type', () => {
    const router = new ControlRouter();
    const chats: string[] = [];
    const cancels: string[] = [];
    router.on('chat', (from, m) => chats.push(`${from.name}: ${m.text}`));
    router.on('transfer-cancel', (_from, m) => cancels.push(m.reason));
    router.receive(bob, JSON.stringify({ type: 'chat', id: 'x', text: 'hi', ts: 1 }));
    router.receive(bob, JSON.stringify({ type: 'transfer-cancel', id: 'tttttttttttttttttttttt', reason: 'gone' }));
    expect(chats).toEqual(['Brave Badger: hi']);
    expect(cancels).toEqual(['gone']);
  });

  it('drops and logs a message nobody registered for, and one that does not validate', () => {
    const router = new ControlRouter();
    const chats: unknown[] = [];
    router.on('chat', (_from, m) => chats.push(m));
    router.receive(bob, JSON.stringify({ type: 'transfer-cancel', id: 'tttttttttttttttttttttt', reason: 'gone' }));
    router.receive(bob, JSON.stringify({ type: 'chat', id: 'x', text: 42, ts: 1 }));
    expect(chats).toEqual([]);
    expect(warn).toHaveBeenCalledTimes(2);
  });

  it('refuses a second handler for the same type', () => {
    const router = new ControlRouter();
    router.on('chat', () => undefined);
    expect(() => router.on('chat', () => undefined)).toThrow(/two handlers/);
  });
});
