package io.peerhub.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;

/** One case of protocol/vectors: its file's kind, its name, and its fields with macros expanded. */
record Vector(String file, String kind, String name, JsonNode body) {

    @Override
    public String toString() {
        return file + ": " + name;
    }
}
