/** The JavaScript Ed25519 (ed25519-js.ts), imported on first use. */
import { onFirstUse } from '../first-use';

export const loadEd25519 = onFirstUse(() => import('./ed25519-js'));
