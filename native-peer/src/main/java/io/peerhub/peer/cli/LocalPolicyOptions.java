package io.peerhub.peer.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.policy.FileCategory;
import io.peerhub.protocol.policy.HubPolicy;
import io.peerhub.protocol.policy.InvalidPolicyException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * A drop's own policy, applied on top of the hub's (docs/protocol.md, "Hub policy"): the same
 * rules a hub's policy file has, read by the same code, so a drop judges as every peer does.
 */
final class LocalPolicyOptions {

    private static final String CATEGORIES = "audio, video, image, executable, archive, document, other";

    @Option(names = "--block", split = ",", defaultValue = "${env:PEERHUB_BLOCK}", paramLabel = "KIND",
            description = "Refuse these kinds of file, on top of what the hub's policy refuses: categories ("
                    + CATEGORIES + "), judged by name and by content, or extensions (.iso or iso); "
                    + "repeat or comma-separate (env PEERHUB_BLOCK).")
    List<String> block;

    @Option(names = "--allow", split = ",", defaultValue = "${env:PEERHUB_ALLOW}", paramLabel = "KIND",
            description = "Accept only these kinds of file: categories (" + CATEGORIES + ") and/or extensions "
                    + "(.pdf or pdf); with both, a file must be of an allowed category and have an allowed extension. "
                    + "Repeat or comma-separate (env PEERHUB_ALLOW). Default: what the hub's policy allows.")
    List<String> allow;

    /** The policy these options make ({@link HubPolicy#OPEN} when none is given); bad values are a usage error. */
    HubPolicy policy(CommandSpec spec) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        try {
            split(block, node, "blockCategories", "blockExtensions");
            split(allow, node, "allowCategories", "allowExtensions");
            return HubPolicy.read(node);
        } catch (InvalidPolicyException e) {
            String option = e.field().startsWith("block") ? "--block" : "--allow";
            throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage().substring(e.field().length()).trim());
        }
    }

    private static void split(List<String> kinds, ObjectNode node, String categories, String extensions) {
        if (kinds == null) {
            return;
        }
        ArrayNode cats = JsonNodeFactory.instance.arrayNode();
        ArrayNode exts = JsonNodeFactory.instance.arrayNode();
        for (String raw : kinds) {
            String kind = raw.trim().toLowerCase(Locale.ROOT);
            if (kind.isEmpty()) {
                continue;
            }
            if (!kind.startsWith(".") && FileCategory.fromWire(kind).isPresent()) {
                cats.add(kind);
            } else {
                // ".iso" is iso; anything else is checked as given, so an error shows what was typed.
                boolean dotted = kind.length() > 1 && kind.charAt(0) == '.' && Character.isLetterOrDigit(kind.charAt(1));
                exts.add(dotted ? kind.substring(1) : kind);
            }
        }
        // Only the kinds named: an --allow of extensions alone leaves every category allowed.
        if (!cats.isEmpty()) {
            node.set(categories, cats);
        }
        if (!exts.isEmpty()) {
            node.set(extensions, exts);
        }
    }
}
