package dev.descent.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The small JSON documents of file headers (RFC 8259), read strictly and written.
 *
 * <p>Read: objects become {@link LinkedHashMap}s in file order, arrays {@link List}s, strings
 * {@link String}s, integers that fit {@link Long}s, other numbers {@link Double}s, and
 * {@code true}/{@code false}/{@code null} themselves. Anything else — a duplicate key, trailing text,
 * nesting deeper than {@value #MAX_DEPTH} — is an {@link IllegalArgumentException} with a one-line
 * message giving the character position.
 *
 * <p>Written: the same kinds of values; a finite {@link Double} as {@link Double#toString} spells it,
 * which reads back to the same double bit for bit (JSON has no NaN or infinity: writing one throws).
 */
public final class HeaderJson {
    /** Far deeper than a header needs, shallow enough that a hostile header cannot overflow the stack. */
    static final int MAX_DEPTH = 32;

    private final String text;
    private int at;

    private HeaderJson(String text) {
        this.text = text;
    }

    /** The value {@code text} holds. */
    public static Object parse(String text) {
        HeaderJson p = new HeaderJson(text);
        Object v = p.value(0);
        p.skipSpace();
        if (p.at != text.length()) {
            throw p.error("text after the JSON value");
        }
        return v;
    }

    /**
     * {@code value} — a {@link Map} with string keys, a {@link List}, a {@link String}, a {@link Long} or
     * {@link Integer}, a finite {@link Double}, a {@link Boolean} or null, nested — as compact JSON.
     *
     * @throws IllegalArgumentException for a non-finite double or a value of another type
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    /** Appends {@code value} as {@link #write(Object)} spells it. */
    public static void write(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case Long n -> out.append(n);
            case Integer n -> out.append(n);
            case Double d -> {
                if (!Double.isFinite(d)) {
                    throw new IllegalArgumentException("JSON has no " + d);
                }
                out.append(d);
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    write(out, list.get(i));
                }
                out.append(']');
            }
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new IllegalArgumentException("a JSON object's keys are strings, not " + e.getKey());
                    }
                    out.append(first ? "" : ",");
                    first = false;
                    string(out, key);
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            }
            default -> throw new IllegalArgumentException("cannot write a " + value.getClass().getSimpleName()
                    + " as JSON");
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nested more than " + MAX_DEPTH + " deep");
        }
        skipSpace();
        if (at >= text.length()) {
            throw error("unexpected end");
        }
        char c = text.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Map<String, Object> object(int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        at++; // {
        skipSpace();
        if (peek() == '}') {
            at++;
            return out;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a key in quotes");
            }
            String key = string();
            skipSpace();
            expect(':');
            Object v = value(depth + 1);
            if (out.containsKey(key)) {
                throw error("key '" + key + "' appears twice");
            }
            out.put(key, v);
            skipSpace();
            if (peek() == ',') {
                at++;
            } else {
                expect('}');
                return out;
            }
        }
    }

    private List<Object> array(int depth) {
        List<Object> out = new ArrayList<>();
        at++; // [
        skipSpace();
        if (peek() == ']') {
            at++;
            return out;
        }
        while (true) {
            out.add(value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                at++;
            } else {
                expect(']');
                return out;
            }
        }
    }

    private String string() {
        at++; // "
        StringBuilder s = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return s.toString();
            }
            if (c < 0x20) {
                throw error("control character in a string");
            }
            if (c != '\\') {
                s.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw error("unterminated string");
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> s.append(e);
                case 'b' -> s.append('\b');
                case 'f' -> s.append('\f');
                case 'n' -> s.append('\n');
                case 'r' -> s.append('\r');
                case 't' -> s.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw error("unterminated \\u escape");
                    }
                    try {
                        s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    } catch (NumberFormatException x) {
                        throw error("bad \\u escape");
                    }
                    at += 4;
                }
                default -> throw error("bad escape '\\" + e + "'");
            }
        }
    }

    private Object number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        int digits = digits();
        if (digits == 0 || (digits > 1 && text.charAt(at - digits) == '0')) {
            throw error("malformed number");
        }
        boolean integral = true;
        if (peek() == '.') {
            at++;
            integral = false;
            if (digits() == 0) {
                throw error("malformed number");
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            at++;
            integral = false;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            if (digits() == 0) {
                throw error("malformed number");
            }
        }
        String n = text.substring(start, at);
        if (integral) {
            try {
                return Long.parseLong(n);
            } catch (NumberFormatException e) {
                // beyond a long: kept as a double, which a size check then rejects
            }
        }
        return Double.parseDouble(n);
    }

    private int digits() {
        int n = 0;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
            n++;
        }
        return n;
    }

    private Object literal(String word, Object v) {
        if (!text.startsWith(word, at)) {
            throw error("unexpected text");
        }
        at += word.length();
        return v;
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }

    private void skipSpace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException("malformed JSON header at character " + at + ": " + problem);
    }
}
