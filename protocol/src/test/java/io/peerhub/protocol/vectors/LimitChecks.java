package io.peerhub.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerhub.protocol.DisplayName;
import io.peerhub.protocol.Ids;
import io.peerhub.protocol.Protocol;
import io.peerhub.protocol.Welcome;
import io.peerhub.protocol.policy.HubPolicy;
import io.peerhub.protocol.peer.ChatProtocol;
import io.peerhub.protocol.peer.DocsProtocol;
import io.peerhub.protocol.peer.RepairTimings;
import io.peerhub.protocol.peer.SafeNames;
import io.peerhub.protocol.peer.SignalData;
import io.peerhub.protocol.peer.Shares;
import io.peerhub.protocol.peer.Transfers;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Limits by name: the spec's limits table, protocol/vectors/limits.json, the Java constant and the
 * TypeScript constant all use one name. A name may be a constant in more than one class (the
 * documents channel and file transfer share {@code MAX_FRAME_BYTES}); then all of them must agree.
 */
final class LimitChecks {

    /** Where the protocol's constants live. */
    static final List<Class<?>> HOLDERS = List.of(
            Protocol.class, Ids.class, DisplayName.class, Welcome.class, Transfers.class, DocsProtocol.class, SafeNames.class,
            ChatProtocol.class, SignalData.class, RepairTimings.class, Shares.class, HubPolicy.class);

    private LimitChecks() {}

    static Optional<String> limit(JsonNode c) {
        String name = c.get("name").textValue();
        long want = c.get("value").longValue();
        List<Field> found = constants(name);
        if (found.isEmpty()) {
            return Check.fail("no Java constant " + name + " in " + HOLDERS.stream().map(Class::getSimpleName).toList());
        }
        for (Field f : found) {
            long value = value(f);
            if (value != want) {
                return Check.fail(f.getDeclaringClass().getSimpleName() + "." + name + " is " + value + ", not " + want);
            }
        }
        return Check.ok();
    }

    /** Every public static final int or long of the holders. */
    static List<Field> constants() {
        List<Field> out = new ArrayList<>();
        for (Class<?> holder : HOLDERS) {
            for (Field f : holder.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isPublic(mod) && Modifier.isStatic(mod) && Modifier.isFinal(mod)
                        && (f.getType() == int.class || f.getType() == long.class)) {
                    out.add(f);
                }
            }
        }
        return out;
    }

    static long value(Field f) {
        try {
            return f.getLong(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Field> constants(String name) {
        return constants().stream().filter(f -> f.getName().equals(name)).toList();
    }
}
