/**
 * The devices this browser trusts (docs/protocol.md "Safety codes and trusted devices"): kept by
 * device id, never by name, with the name they had when trusted (to tell a person which device
 * a trusted name belonged to) and whether their files are accepted without a prompt.
 */
import { DEVICE_ID_PATTERN } from './protocol';

export interface TrustedDevice {
  deviceId: string;
  /** The display name when it was trusted: shown, never matched on. */
  name: string;
  autoAccept: boolean;
  trustedAt: number;
}

/** A bound, so a page that misbehaves cannot grow the list without end. */
export const MAX_TRUSTED_DEVICES = 500;
const KEY = 'peerhub.trusted-devices';

type KeyValue = Pick<Storage, 'getItem' | 'setItem'>;

export class TrustedDevices {
  private readonly devices = new Map<string, TrustedDevice>();

  constructor(private readonly storage: KeyValue | null = safeLocalStorage()) {
    for (const d of parse(storage?.getItem(KEY) ?? null)) this.devices.set(d.deviceId, d);
  }

  get(deviceId: string | undefined): TrustedDevice | undefined {
    return deviceId ? this.devices.get(deviceId) : undefined;
  }

  isTrusted(deviceId: string | undefined): boolean {
    return this.get(deviceId) !== undefined;
  }

  /** A trusted device that once had this name (to warn when another device uses it). */
  trustedUnderName(name: string): TrustedDevice | undefined {
    return [...this.devices.values()].find((d) => d.name === name);
  }

  trust(deviceId: string, name: string, now = Date.now()): void {
    if (!DEVICE_ID_PATTERN.test(deviceId)) return;
    const previous = this.devices.get(deviceId);
    this.devices.set(deviceId, { deviceId, name, autoAccept: previous?.autoAccept ?? false, trustedAt: previous?.trustedAt ?? now });
    while (this.devices.size > MAX_TRUSTED_DEVICES) this.devices.delete(this.devices.keys().next().value!);
    this.save();
  }

  forget(deviceId: string): void {
    if (this.devices.delete(deviceId)) this.save();
  }

  setAutoAccept(deviceId: string, on: boolean): void {
    const d = this.devices.get(deviceId);
    if (!d) return;
    d.autoAccept = on;
    this.save();
  }

  private save(): void {
    try {
      this.storage?.setItem(KEY, JSON.stringify([...this.devices.values()]));
    } catch (err) {
      console.warn('peerhub: the trusted devices could not be saved', err);
    }
  }
}

function parse(text: string | null): TrustedDevice[] {
  if (!text) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  return value.filter((d): d is TrustedDevice =>
    typeof d === 'object' && d !== null
    && typeof d.deviceId === 'string' && DEVICE_ID_PATTERN.test(d.deviceId)
    && typeof d.name === 'string' && d.name.length <= 256
    && typeof d.autoAccept === 'boolean' && Number.isSafeInteger(d.trustedAt),
  ).slice(0, MAX_TRUSTED_DEVICES);
}

function safeLocalStorage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}
