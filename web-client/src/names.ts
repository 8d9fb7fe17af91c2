/**
 * Display names: a friendly generated one ("Amber Otter") on first visit, remembered in
 * localStorage, and editable under the protocol's name rule (checkDisplayName).
 */
import { t } from './i18n';
import { MAX_NAME_CODE_POINTS, checkDisplayName, type NameCheck } from './protocol/signaling';
import { trimSpaces } from './protocol/common';

const STORAGE_KEY = 'peerhub.name';

const ADJECTIVES = [
  'Amber', 'Azure', 'Brave', 'Bright', 'Calm', 'Clever', 'Coral', 'Cosmic', 'Crimson', 'Daring',
  'Eager', 'Gentle', 'Golden', 'Happy', 'Hazel', 'Indigo', 'Jolly', 'Kind', 'Lively', 'Lucky',
  'Mellow', 'Misty', 'Nimble', 'Olive', 'Quiet', 'Rapid', 'Rosy', 'Sage', 'Silver', 'Sunny',
  'Swift', 'Teal', 'Tidy', 'Velvet', 'Witty', 'Zesty',
];
const ANIMALS = [
  'Badger', 'Beaver', 'Bison', 'Crane', 'Dolphin', 'Falcon', 'Ferret', 'Finch', 'Fox', 'Gecko',
  'Heron', 'Ibis', 'Koala', 'Lemur', 'Lynx', 'Marten', 'Moose', 'Newt', 'Ocelot', 'Orca',
  'Otter', 'Owl', 'Panda', 'Puffin', 'Quokka', 'Raven', 'Robin', 'Seal', 'Sparrow', 'Stoat',
  'Swan', 'Tapir', 'Tiger', 'Walrus', 'Wombat', 'Yak',
];

export function generateName(random: () => number = Math.random): string {
  const pick = (list: string[]): string => list[Math.floor(random() * list.length)] ?? list[0]!;
  return `${pick(ADJECTIVES)} ${pick(ANIMALS)}`;
}

/** The name rule as the server applies it, re-exported where names are edited. */
export function checkName(raw: string): NameCheck {
  const check = checkDisplayName(raw);
  if (check.ok) return check;
  // The protocol's reasons are English; the person reads theirs in the page's language.
  const reason = check.code === 'name-too-long'
    ? t('name.tooLong', { max: MAX_NAME_CODE_POINTS })
    : trimSpaces(raw).length === 0 ? t('name.empty') : t('name.invisible');
  return { ...check, reason };
}

/** Storage can be missing or throw (privacy modes, disabled cookies): a name then lasts the visit. */
export interface NameStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function defaultStorage(): NameStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export class NameStore {
  private current: string;

  constructor(
    private readonly storage: NameStorage | null = defaultStorage(),
    random: () => number = Math.random,
  ) {
    const stored = this.read();
    const check = stored === null ? null : checkName(stored);
    this.current = check?.ok ? check.name : generateName(random);
    if (!check?.ok) this.write(this.current);
  }

  get name(): string {
    return this.current;
  }

  /** Sets a new name if it follows the rule; returns the check so the UI can explain a refusal. */
  set(raw: string): NameCheck {
    const check = checkName(raw);
    if (check.ok) {
      this.current = check.name;
      this.write(check.name);
    }
    return check;
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(STORAGE_KEY) ?? null;
    } catch {
      return null;
    }
  }

  private write(name: string): void {
    try {
      this.storage?.setItem(STORAGE_KEY, name);
    } catch {
      // Quota or privacy mode: keep the name for this visit only.
    }
  }
}
