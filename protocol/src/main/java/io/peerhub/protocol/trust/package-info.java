/**
 * The trust derivations of docs/protocol.md "Trust": what a room key yields (admission proof,
 * room id, verification key), the hello binding to one peer connection, device keys and their
 * ids, and safety codes. Pure functions over bytes, the same in the browser
 * ({@code web-client/src/protocol/trust.ts}); the shared vectors hold both to the same answers.
 */
package io.peerhub.protocol.trust;
