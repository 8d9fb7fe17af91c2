/**
 * The top-level folders Peerhub keeps in the origin-private file system, named once because
 * several modules (and the start-up clean-up) must agree on them.
 */
/** Staged bytes of incoming transfers: transfers/<transfer id>/<file index> (+ archive.zip). */
export const STAGED_DIR = 'transfers';
/** Resume records: transfer-records/<transfer id>.json. */
export const RECORDS_DIR = 'transfer-records';
/** Each room's documents: documents/<room id>/<doc id>.automerge. */
export const DOCS_DIR = 'documents';
