package dev.descent.cuda;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An optimizer step's coefficient record ({@code dev.descent.kernel.*Coefficients}) as the struct its
 * kernel takes by value: one 4-byte word per record component, in declaration order: a float's bits,
 * a boolean as 0 or 1, an enum as its ordinal. The CUDA structs ({@code AdamArgs}, ...) list the same
 * fields in the same order, in snake case; a test holds the two to each other.
 */
final class CoefficientWords {

    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            if (components == null) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            Method[] accessors = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                Class<?> t = components[i].getType();
                if (t != float.class && t != boolean.class && !t.isEnum()) {
                    throw new IllegalArgumentException(type.getSimpleName() + "." + components[i].getName() + " is a "
                            + t.getSimpleName() + "; a kernel struct holds only floats, booleans and enums");
                }
                accessors[i] = components[i].getAccessor();
            }
            return accessors;
        }
    };

    private CoefficientWords() {
    }

    /** The struct of {@code coefficients}, one word per component. */
    static int[] of(Record coefficients) {
        Method[] accessors = ACCESSORS.get(coefficients.getClass());
        int[] words = new int[accessors.length];
        try {
            for (int i = 0; i < accessors.length; i++) {
                Object value = accessors[i].invoke(coefficients);
                words[i] = switch (value) {
                    case Float f -> Float.floatToRawIntBits(f);
                    case Boolean b -> b ? 1 : 0;
                    case Enum<?> e -> e.ordinal();
                    default -> throw new IllegalStateException("unexpected component " + value);
                };
            }
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + coefficients.getClass().getSimpleName() + ": " + e, e);
        }
        return words;
    }

    /**
     * The struct's fields as CUDA declares them: {@code float} or {@code int}, and the component's
     * name in snake case ({@code biasCorrection2Sqrt} → {@code bias_correction2_sqrt}).
     */
    static List<String> fields(Class<? extends Record> type) {
        List<String> fields = new ArrayList<>();
        for (RecordComponent c : type.getRecordComponents()) {
            String cType = c.getType() == float.class ? "float" : "int";
            fields.add(cType + " " + snakeCase(c.getName()));
        }
        return fields;
    }

    /** {@code oneMinusBeta1} → {@code one_minus_beta1}. */
    static String snakeCase(String camel) {
        StringBuilder b = new StringBuilder();
        for (char ch : camel.toCharArray()) {
            if (Character.isUpperCase(ch)) {
                b.append('_').append(Character.toLowerCase(ch));
            } else {
                b.append(ch);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
