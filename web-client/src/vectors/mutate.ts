/**
 * A deliberately broken copy of a case: what it expects is turned into something else, so that a
 * runner that still passes it would not be checking anything. Kept in step with the Java
 * runner's Mutations.java.
 */
import type { Case, Vector } from './load';

export function broken(v: Vector): Vector {
  const c: Case = structuredClone(v.body);
  const wrong = { mutated: true };
  if (v.kind === 'file-type') c.content = 'mutated';
  else if (v.kind === 'policy') {
    if ('invalid' in c) c.invalid = false;
    else if ('value' in c) c.value = { mutated: true };
    else c.batch = 'mutated';
  } else if (v.kind === 'limits') c.value = (c.value as number) + 1;
  else if ('value' in c) c.value = wrong;
  else if ('error' in c) c.error = c.error === 'bad-json' ? 'bad-field' : 'bad-json';
  else if ('refused' in c || 'dropped' in c) {
    delete c.refused;
    delete c.dropped;
    if (v.kind === 'chunk') Object.assign(c, { file: 0, offset: 0, length: 1 });
    else if (v.kind === 'doc-frames') c.frames = [];
    else c.value = wrong;
  } else if ('saved' in c) c.saved = `${c.saved as string}_`;
  else if ('shown' in c) c.shown = c.shown === null ? 'x' : `${c.shown as string}x`;
  else if ('manifest' in c) {
    delete c.manifest;
    c.pending = true;
  } else if ('answer' in c) {
    delete c.answer;
    c.pending = true;
  } else if ('pending' in c) {
    delete c.pending;
    c.answer = 'bad-manifest';
  } else if ('file' in c) c.offset = (c.offset as number) + 1;
  else if ('frames' in c) c.frames = [...(c.frames as string[]), '00'];
  else if ('results' in c) {
    const results = [...(c.results as unknown[])];
    results[0] = results[0] === 'partial' ? 'dropped' : 'partial';
    c.results = results;
  } else throw new Error(`no mutation for ${v.file}: ${v.name}`);
  return { ...v, name: `${v.name} (broken)`, body: c };
}
