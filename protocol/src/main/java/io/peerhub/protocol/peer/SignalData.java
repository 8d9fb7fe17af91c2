package io.peerhub.protocol.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerhub.protocol.JsonNumbers;

/**
 * The handshake between two peers, carried in {@code signal.data} (docs/protocol.md "Handshake
 * over signaling"): exactly one session description or one trickled candidate ({@code null}
 * candidate = the end of candidates), for the peer connection of generation {@code gen} (0 for
 * the first, one more each time a side rebuilds it; absent reads as 0). The server relays the
 * object as it is; this is the rule the receiving peer holds it to, as the browser's
 * web-client/src/protocol/signaling.ts {@code parseSignalData} applies it.
 */
public record SignalData(long gen, Description description, Candidate candidate) {

    /** Largest {@code sdpMLineIndex}: an SDP has far fewer m-lines, and webrtc reads it as an int. */
    public static final int MAX_MLINE_INDEX = 65_535;

    /** {@code type} is offer, answer or rollback; a rollback's {@code sdp} may be empty. */
    public record Description(String type, String sdp) {}

    /** A candidate; {@code sdpMid}, {@code sdpMLineIndex} and {@code usernameFragment} may be null. */
    public record Candidate(String candidate, String sdpMid, Integer sdpMLineIndex, String usernameFragment) {}

    public static SignalData description(long gen, String type, String sdp) {
        return new SignalData(gen, new Description(type, sdp), null);
    }

    public static SignalData candidate(long gen, Candidate candidate) {
        return new SignalData(gen, null, candidate);
    }

    /** The end of candidates. */
    public static SignalData endOfCandidates(long gen) {
        return new SignalData(gen, null, null);
    }

    /** Whether this is the end-of-candidates marker. */
    public boolean endOfCandidates() {
        return description == null && candidate == null;
    }

    /** @throws PeerProtocolException when {@code data} is not valid signal data (the peer drops it) */
    public static SignalData parse(JsonNode data) {
        if (data == null || !data.isObject()) {
            throw new PeerProtocolException("signal data is not an object");
        }
        long gen = 0;
        JsonNode g = data.get("gen");
        if (g != null) {
            if (!JsonNumbers.isSafeInteger(g) || JsonNumbers.safeInteger(g) < 0) {
                throw new PeerProtocolException("signal.gen must be an integer from 0 to 2^53 - 1");
            }
            gen = JsonNumbers.safeInteger(g);
        }
        JsonNode d = data.get("description");
        JsonNode c = data.get("candidate");
        if ((d == null) == (c == null)) {
            throw new PeerProtocolException("signal data needs exactly one of description, candidate");
        }
        if (d != null) {
            if (!d.isObject()) {
                throw new PeerProtocolException("signal.description is not an object");
            }
            String type = d.path("type").textValue();
            if (!"offer".equals(type) && !"answer".equals(type) && !"rollback".equals(type)) {
                throw new PeerProtocolException("signal.description.type must be offer, answer or rollback");
            }
            JsonNode sdp = d.get("sdp");
            if (sdp == null && "rollback".equals(type)) {
                return description(gen, type, ""); // a rollback carries no SDP
            }
            if (sdp == null || !sdp.isTextual()) {
                throw new PeerProtocolException("signal.description.sdp must be text");
            }
            return description(gen, type, sdp.textValue());
        }
        if (c.isNull()) {
            return endOfCandidates(gen);
        }
        if (!c.isObject() || !c.path("candidate").isTextual()) {
            throw new PeerProtocolException("signal.candidate must be an object with a candidate string");
        }
        Integer index = null;
        JsonNode i = c.get("sdpMLineIndex");
        if (i != null && !i.isNull()) {
            if (!JsonNumbers.isSafeInteger(i) || JsonNumbers.safeInteger(i) < 0 || JsonNumbers.safeInteger(i) > MAX_MLINE_INDEX) {
                throw new PeerProtocolException("signal.candidate.sdpMLineIndex must be an integer from 0 to " + MAX_MLINE_INDEX);
            }
            index = (int) JsonNumbers.safeInteger(i);
        }
        return candidate(gen, new Candidate(c.get("candidate").textValue(), optionalText(c, "sdpMid"), index,
                optionalText(c, "usernameFragment")));
    }

    private static String optionalText(JsonNode c, String field) {
        JsonNode v = c.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new PeerProtocolException("signal.candidate." + field + " must be text");
        }
        return v.textValue();
    }

    /** The object to send as {@code signal.data}: null candidate fields left out. */
    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("gen", gen);
        if (description != null) {
            ObjectNode desc = out.putObject("description");
            desc.put("type", description.type());
            desc.put("sdp", description.sdp());
        } else if (candidate == null) {
            out.putNull("candidate");
        } else {
            ObjectNode cand = out.putObject("candidate");
            cand.put("candidate", candidate.candidate());
            if (candidate.sdpMid() != null) {
                cand.put("sdpMid", candidate.sdpMid());
            }
            if (candidate.sdpMLineIndex() != null) {
                cand.put("sdpMLineIndex", candidate.sdpMLineIndex());
            }
            if (candidate.usernameFragment() != null) {
                cand.put("usernameFragment", candidate.usernameFragment());
            }
        }
        return out;
    }

    /** The same handshake for another connection generation. */
    public SignalData withGen(long newGen) {
        return new SignalData(newGen, description, candidate);
    }
}
