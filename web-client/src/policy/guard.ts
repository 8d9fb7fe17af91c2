/**
 * The hub policy where this page's bytes are (docs/protocol.md, "Hub policy"): what it will not
 * offer, what offer it refuses from names and sizes, and what file it stops once it holds the
 * file's first bytes. Every answer is the refusal in words, or null: allowed.
 */
import { POLICY_HEAD_BYTES, type FileEntry, type HubPolicy } from '../protocol';
import { ownPolicyCheckSkipped } from '../test-hooks';
import { timedCheck } from './check-timing';
import { judgeBatch, judgeFile, judgeKnown, verdictWords, type Say } from './judge';
import { t } from '../i18n';

export interface Screenable {
  file: Blob;
  path: string[];
}

export interface Screened<T> {
  allowed: T[];
  /** One sentence per file (or one for the whole batch) that was held back. */
  refused: string[];
}

export class PolicyGuard {
  constructor(private readonly policy: () => HubPolicy | null) {}

  /** The hub's notice, to say with every refusal. */
  get notice(): string | null {
    return this.policy()?.notice || null;
  }

  /**
   * Sender: which of `picked` may be offered, each judged by name, size and its first 64 KiB,
   * read here: the type a browser claims for a file comes from its name.
   */
  async screen<T extends Screenable>(picked: T[]): Promise<Screened<T>> {
    const policy = this.policy();
    if (!policy || ownPolicyCheckSkipped()) return { allowed: picked, refused: [] };
    return timedCheck('send', () => this.screenUnder(policy, picked));
  }

  private async screenUnder<T extends Screenable>(policy: HubPolicy, picked: T[]): Promise<Screened<T>> {
    const allowed: T[] = [];
    const refused: string[] = [];
    for (const p of picked) {
      const head = new Uint8Array(await p.file.slice(0, POLICY_HEAD_BYTES).arrayBuffer());
      const verdict = await judgeFile(policy, { path: p.path, size: p.file.size, head });
      if (verdict) refused.push(verdictWords(nameOf(p.path), verdict));
      else allowed.push(p);
    }
    const total = allowed.reduce((n, p) => n + p.file.size, 0);
    if (allowed.length > 0 && judgeBatch(policy, total)) {
      return { allowed: [], refused: [...refused, verdictWords('', { rule: 'batch-too-large' })] };
    }
    return { allowed, refused };
  }

  /** Receiver: the verdict on a complete manifest (names and sizes only), or null. */
  judgeOffer(files: readonly FileEntry[], totalBytes: number, say: Say = t): string | null {
    const policy = this.policy();
    if (!policy) return null;
    if (judgeBatch(policy, totalBytes)) return verdictWords('', { rule: 'batch-too-large' }, say);
    for (const f of files) {
      const verdict = judgeKnown(policy, f, null);
      if (verdict) return verdictWords(nameOf(f.path), verdict, say);
    }
    return null;
  }

  /** Receiver: the verdict on a file once its first bytes are held (all of them if it is shorter). */
  async judgeHead(entry: FileEntry, head: Uint8Array): Promise<string | null> {
    const policy = this.policy();
    if (!policy) return null;
    const verdict = await timedCheck('receive', () => judgeFile(policy, { path: entry.path, size: entry.size, head }));
    return verdict ? verdictWords(nameOf(entry.path), verdict) : null;
  }
}

function nameOf(path: readonly string[]): string {
  return path[path.length - 1] ?? '';
}
