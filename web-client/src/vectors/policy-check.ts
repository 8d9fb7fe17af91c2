/**
 * file-types.json and policy.json through the page's own policy code (src/policy/); the Java twin
 * is protocol/src/test/java/io/peerhub/protocol/vectors/PolicyChecks.java.
 */
import { readPolicy, writePolicy, InvalidPolicyError } from '../protocol';
import { categoryByContent, categoryByName } from '../policy/file-kind';
import { judgeBatch, judgeFile } from '../policy/judge';
import type { Case } from './load';

function bytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** JSON equality with key order aside. */
function same(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown =>
    v === null || typeof v !== 'object' ? v
      : Array.isArray(v) ? v.map(norm)
        : Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, x]) => [k, norm(x)]));
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
}

export async function fileTypeCheck(c: Case): Promise<string | null> {
  const content = await categoryByContent(bytes(c.hex as string));
  const byName = categoryByName(c.file as string);
  if (content !== c.content) return `content is ${String(content)}, not ${String(c.content)}`;
  if (byName !== c.byName) return `by name ${String(byName)}, not ${String(c.byName)}`;
  return null;
}

interface VectorFile { file: string; size: number; hex?: string }

export async function policyCheck(c: Case): Promise<string | null> {
  let policy;
  try {
    policy = readPolicy(c.policy);
  } catch (e) {
    if (!(e instanceof InvalidPolicyError)) throw e;
    return c.invalid === true ? null : `refused the policy: ${e.message}`;
  }
  if (c.invalid === true) return 'took a policy it should refuse';
  if ('value' in c) return same(writePolicy(policy), c.value) ? null : `read as ${JSON.stringify(writePolicy(policy))}`;
  const files = c.files as VectorFile[];
  const verdicts = c.verdicts as unknown[];
  let total = 0;
  for (const [i, f] of files.entries()) {
    total += f.size;
    const got = await judgeFile(policy, { path: f.file.split('/'), size: f.size, head: f.hex === undefined ? undefined : bytes(f.hex) });
    if (!same(got, verdicts[i])) return `file ${i}: ${JSON.stringify(got)}, not ${JSON.stringify(verdicts[i])}`;
  }
  const batch = judgeBatch(policy, total);
  return batch === c.batch ? null : `batch verdict ${String(batch)}`;
}
