package dev.descent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/**
 * How the commands write JSON: with Jackson, one object per line, fields in the order put. A number
 * JSON cannot hold (NaN, ±∞) is {@code null}; finite doubles print in Java's shortest round-trip form
 * ({@code 4.2E-11} is valid JSON).
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** A new empty object. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Puts {@code v} as {@code key}, or null where it is not finite. */
    static ObjectNode number(ObjectNode node, String key, double v) {
        return Double.isFinite(v) ? node.put(key, v) : node.putNull(key);
    }

    /** {@code values} as an array, the non-finite ones null. */
    static ArrayNode array(double[] values) {
        ArrayNode a = MAPPER.createArrayNode();
        for (double v : values) {
            if (Double.isFinite(v)) {
                a.add(v);
            } else {
                a.addNull();
            }
        }
        return a;
    }

    /** {@code node} on one line. */
    static String line(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON", e); // a tree of plain nodes always writes
        }
    }
}
