/**
 * This browser profile's device identity (docs/protocol.md "Device keys"): an Ed25519 key pair
 * whose public half every hello carries and whose id people trust. Where WebCrypto has Ed25519
 * (secure contexts in current browsers) the private key is generated non-extractable, so not
 * even this page's own script can read it out; it is kept in IndexedDB, which stores CryptoKey
 * objects as they are. Elsewhere (a hub on plain http at a LAN address has no crypto.subtle) the
 * key is generated with @noble/curves and stored as bytes, and `protected` says so.
 */
import { loadEd25519 } from './protocol/ed25519-lazy';
import { deviceIdOf } from './protocol/trust';

export interface DeviceIdentity {
  /** The raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
  readonly deviceId: string;
  /** True when the private key is a non-extractable WebCrypto key. */
  readonly protected: boolean;
  sign(data: Uint8Array): Promise<Uint8Array>;
}

/** What is stored: a WebCrypto key pair, or noble's secret key bytes. */
export type StoredKey = { kind: 'webcrypto'; keys: CryptoKeyPair } | { kind: 'bytes'; secret: Uint8Array };

/** Where the key lives: IndexedDB in the page, a Map in tests. */
export interface KeyVault {
  get(): Promise<StoredKey | undefined>;
  put(key: StoredKey): Promise<void>;
}

export async function loadIdentity(vault: KeyVault, subtle: SubtleCrypto | null = globalThis.crypto?.subtle ?? null): Promise<DeviceIdentity> {
  let stored: StoredKey | undefined;
  try {
    stored = await vault.get();
  } catch (err) {
    console.warn('peerhub: the device key could not be read; using a new one', err);
  }
  const usable = stored && (stored.kind === 'bytes' || subtle) ? stored : undefined;
  const key = usable ?? (await newKey(subtle));
  if (!usable) {
    // Not awaited: the first hello of a first visit need not wait for IndexedDB to commit.
    void vault.put(key).catch((err: unknown) => {
      // The page still works; this device just looks new to everyone next time.
      console.warn('peerhub: the device key could not be saved', err);
    });
  }
  return identityOf(key, subtle);
}

async function newKey(subtle: SubtleCrypto | null): Promise<StoredKey> {
  if (subtle) {
    try {
      const keys = (await subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
      return { kind: 'webcrypto', keys };
    } catch {
      // A browser without Ed25519 in WebCrypto: fall through to the library.
    }
  }
  return { kind: 'bytes', secret: (await loadEd25519()).ed25519.utils.randomSecretKey() };
}

async function identityOf(key: StoredKey, subtle: SubtleCrypto | null): Promise<DeviceIdentity> {
  if (key.kind === 'webcrypto') {
    const publicKey = new Uint8Array(await subtle!.exportKey('raw', key.keys.publicKey));
    return {
      publicKey,
      deviceId: deviceIdOf(publicKey),
      protected: !key.keys.privateKey.extractable,
      sign: async (data) => new Uint8Array(await subtle!.sign({ name: 'Ed25519' }, key.keys.privateKey, data as BufferSource)),
    };
  }
  const { ed25519 } = await loadEd25519();
  const publicKey = ed25519.getPublicKey(key.secret);
  return {
    publicKey,
    deviceId: deviceIdOf(publicKey),
    protected: false,
    sign: async (data) => ed25519.sign(data, key.secret),
  };
}

const DB_NAME = 'peerhub';
const STORE = 'identity';
const RECORD = 'device';

/** The key in IndexedDB (database `peerhub`, store `identity`). */
export class IdbVault implements KeyVault {
  private open(): Promise<IDBDatabase> {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async get(): Promise<StoredKey | undefined> {
    const db = await this.open();
    try {
      return await new Promise((resolve, reject) => {
        const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(RECORD);
        request.onsuccess = () => resolve(isStoredKey(request.result) ? request.result : undefined);
        request.onerror = () => reject(request.error);
      });
    } finally {
      db.close();
    }
  }

  async put(key: StoredKey): Promise<void> {
    const db = await this.open();
    try {
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(STORE, 'readwrite');
        tx.objectStore(STORE).put(key, RECORD);
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }
}

function isStoredKey(value: unknown): value is StoredKey {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  if (v.kind === 'bytes') return v.secret instanceof Uint8Array && v.secret.length === 32;
  return v.kind === 'webcrypto' && typeof v.keys === 'object' && v.keys !== null;
}
