package io.peerhub.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.peerhub.protocol.policy.CategoryTable;
import io.peerhub.protocol.policy.ContentSniffer;
import io.peerhub.protocol.policy.FileCategory;
import io.peerhub.protocol.policy.HubPolicy;
import io.peerhub.protocol.policy.InvalidPolicyException;
import io.peerhub.protocol.policy.PolicyJudge;
import io.peerhub.protocol.policy.PolicyVerdict;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** file-types.json and policy.json: what a file is, and the verdict on it, through the code the drop uses. */
final class PolicyChecks {

    private static final HexFormat HEX = HexFormat.of();
    private static final ContentSniffer SNIFFER = new ContentSniffer();
    private static final PolicyJudge JUDGE = new PolicyJudge();

    private PolicyChecks() {}

    static Optional<String> fileType(JsonNode c) {
        String content = SNIFFER.category(HEX.parseHex(c.get("hex").textValue())).map(FileCategory::wire).orElse(null);
        String byName = CategoryTable.shared().byName(path(c.get("file").textValue())).map(FileCategory::wire).orElse(null);
        if (!Objects.equals(content, c.get("content").textValue())) {
            return Check.fail("content is " + content + ", not " + c.get("content").textValue());
        }
        if (!Objects.equals(byName, c.get("byName").textValue())) {
            return Check.fail("by name " + byName + ", not " + c.get("byName").textValue());
        }
        return Check.ok();
    }

    static Optional<String> policy(JsonNode c) {
        HubPolicy policy;
        try {
            policy = HubPolicy.read(c.get("policy"));
        } catch (InvalidPolicyException e) {
            return c.path("invalid").asBoolean() ? Check.ok() : Check.fail("refused the policy: " + e.getMessage());
        }
        if (c.path("invalid").asBoolean()) {
            return Check.fail("took a policy it should refuse");
        }
        if (c.has("value")) {
            return Check.sameJson(c.get("value"), policy.toJson().toString());
        }
        long total = 0;
        JsonNode files = c.get("files");
        for (int i = 0; i < files.size(); i++) {
            JsonNode f = files.get(i);
            List<String> path = path(f.get("file").textValue());
            long size = f.get("size").longValue();
            total += size;
            Optional<PolicyVerdict> verdict = f.has("hex")
                    ? JUDGE.withHead(policy, path, size, HEX.parseHex(f.get("hex").textValue()))
                    : JUDGE.byName(policy, path, size);
            String got = verdict.map(v -> v.toJson().toString()).orElse("null");
            Optional<String> same = Check.sameJson(c.get("verdicts").get(i), got);
            if (same.isPresent()) {
                return Check.fail("file " + i + ": " + same.get());
            }
        }
        String batch = JUDGE.batch(policy, total).map(v -> v.rule().wire()).orElse(null);
        return Objects.equals(batch, c.get("batch").textValue()) ? Check.ok() : Check.fail("batch verdict " + batch);
    }

    private static List<String> path(String file) {
        return Arrays.asList(file.split("/"));
    }
}
