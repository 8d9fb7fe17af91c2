/**
 * This browser profile's device id (docs/protocol.md `hello.device`): 128 random bits, base64url,
 * kept in localStorage. It lets a receiver that reloaded recognise the sender it was receiving
 * from, whose peer id is new after the reload.
 */
import { newMessageId } from './chat';
import { DEVICE_ID_PATTERN } from './protocol';

const KEY = 'peerhub.device';

export function deviceId(storage: Pick<Storage, 'getItem' | 'setItem'> | null = safeLocalStorage()): string {
  const stored = storage?.getItem(KEY);
  if (stored && DEVICE_ID_PATTERN.test(stored)) return stored;
  const id = newMessageId();
  try {
    storage?.setItem(KEY, id);
  } catch {
    // Storage full or denied: the id lives as long as the page, and resume works within it.
  }
  return id;
}

function safeLocalStorage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}
