package dev.descent.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of the small JSON document of a safetensors header (RFC 8259): objects become
 * {@link LinkedHashMap}s in file order, arrays {@link List}s, strings {@link String}s, integers that
 * fit {@link Long}s, other numbers {@link Double}s, and {@code true}/{@code false}/{@code null}
 * themselves. Anything else — a duplicate key, trailing text, nesting deeper than {@value #MAX_DEPTH} —
 * is an {@link IllegalArgumentException} with a one-line message giving the character position.
 */
final class HeaderJson {
    /** Far deeper than a header needs, shallow enough that a hostile header cannot overflow the stack. */
    static final int MAX_DEPTH = 32;

    private final String text;
    private int at;

    private HeaderJson(String text) {
        this.text = text;
    }

    /** The value {@code text} holds. */
    static Object parse(String text) {
        HeaderJson p = new HeaderJson(text);
        Object v = p.value(0);
        p.skipSpace();
        if (p.at != text.length()) {
            throw p.error("text after the JSON value");
        }
        return v;
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
