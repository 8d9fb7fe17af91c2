import { afterAll, describe, expect, it, vi } from 'vitest';
import { KINDS, runVector } from './checks';
import { loadVectors } from './load';
import { broken } from './mutate';

/**
 * Every case of protocol/vectors, run through the browser's implementation. The Java side runs
 * the same files (protocol: ProtocolVectorsTest); both print how many cases they ran, and the
 * counts must be equal.
 */
const vectors = loadVectors();
const run = new Map<string, number>();

// The reassembler warns when a new message abandons an unfinished one; the vectors do that on purpose.
vi.spyOn(console, 'warn').mockImplementation(() => undefined);

describe('protocol vectors (TypeScript)', () => {
  it('every file has a TypeScript check and cases', () => {
    expect(vectors.length).toBeGreaterThan(0);
    for (const v of vectors) expect(KINDS, v.file).toContain(v.kind);
  });

  it.each(vectors.map((v) => [`${v.file}: ${v.name}`, v] as const))('%s', async (_name, v) => {
    run.set(v.file, (run.get(v.file) ?? 0) + 1);
    expect(await runVector(v), `${v.file}: ${v.name}`).toBeNull();
  });

  afterAll(() => {
    const total = [...run.values()].reduce((a, b) => a + b, 0);
    const files = [...run].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, n]) => `${f} ${n}`).join(', ');
    console.log(`protocol vectors: ${total} cases run by TypeScript (${files})`);
  });
});

describe('a broken copy of any vector fails the TypeScript run', () => {
  it.each(vectors.map((v) => [`${v.file}: ${v.name}`, broken(v)] as const))('%s', async (_name, v) => {
    expect(await runVector(v), `${v.file}: ${v.name} should fail`).not.toBeNull();
  });
});
