/**
 * The one TypeScript mirror of docs/protocol.md, split by protocol: signaling (client ⇄ server),
 * the control channel (chat), file transfer, documents, and the names a receiver saves under.
 * Import from here ('./protocol'). protocol/vectors holds the cases this mirror and the Java side
 * (protocol/) both run (src/vectors/).
 *
 * Everything that crosses the wire is typed and validated here, so the rest of the client can
 * trust what it gets. Incoming messages are checked field by field: unknown fields are ignored
 * (forward compatibility, as the protocol says); known fields must have the right type.
 * A message type added here and not in docs/protocol.md and protocol/ (Java) is a bug.
 */
export * from './common';
export * from './signaling';
export * from './json-limits';
export * from './client-messages';
export * from './control';
export * from './history';
export * from './transfer';
export * from './share';
export * from './docs';
export * from './safe-names';
export * from './repair';
export * from './policy';
