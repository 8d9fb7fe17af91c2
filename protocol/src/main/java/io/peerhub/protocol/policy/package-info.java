/**
 * The hub policy (docs/protocol.md, "Hub policy"): the rules a hub publishes, what a file is by
 * its name and by its content, and the verdict every honest client reaches on the same inputs.
 * The signaling server only reads and publishes a policy; peers enforce it where the bytes are.
 */
package io.peerhub.protocol.policy;
