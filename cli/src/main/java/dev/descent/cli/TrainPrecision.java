package dev.descent.cli;

import dev.descent.optim.GradScaler;
import dev.descent.tensor.DType;
import java.util.List;
import java.util.Locale;

/**
 * The precision of a first-order {@code descent train} run: the dtype the network's weights and
 * gradients are held in ({@code --dtype}) and the loss scaling ({@code --loss-scale}).
 *
 * @param dtype float32, bfloat16 or float16
 * @param lossScale {@code none}, {@code dynamic} (torch's {@code GradScaler()}) or a fixed scale, as
 *     {@link #lossScaleText} spells it
 */
record TrainPrecision(DType dtype, String lossScale) {

    /** The {@code --dtype} values, in the order help lists them. */
    static final List<String> DTYPES = List.of("f32", "bf16", "f16");
    /** No loss scaling. */
    static final String NONE = "none";
    /** torch's dynamic loss scaling. */
    static final String DYNAMIC = "dynamic";
    /** float32 weights without loss scaling: every run before mixed precision. */
    static final TrainPrecision FLOAT32 = new TrainPrecision(DType.FLOAT32, NONE);

    /**
     * The precision of {@code --dtype dtypeText} (null: f32) and {@code --loss-scale scaleText} (null:
     * dynamic for f16, none otherwise).
     */
    static TrainPrecision parse(String dtypeText, String scaleText) throws BadInputException {
        DType dtype = dtype(dtypeText == null ? "f32" : dtypeText);
        if (scaleText == null) {
            return new TrainPrecision(dtype, dtype == DType.FLOAT16 ? DYNAMIC : NONE);
        }
        return new TrainPrecision(dtype, lossScale(scaleText));
    }

    /** The dtype {@code text} names ({@code f32}, {@code bf16}, {@code f16}, or their dtype labels). */
    static DType dtype(String text) throws BadInputException {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "f32", "float32" -> DType.FLOAT32;
            case "bf16", "bfloat16" -> DType.BFLOAT16;
            case "f16", "float16" -> DType.FLOAT16;
            default -> throw new BadInputException("--dtype must be one of " + String.join(", ", DTYPES) + ", got '"
                    + text + "'");
        };
    }

    /** A {@code --loss-scale} value in its canonical spelling: none, dynamic, or a float32 scale's decimal. */
    static String lossScale(String text) throws BadInputException {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals(NONE) || t.equals(DYNAMIC)) {
            return t;
        }
        float scale;
        try {
            scale = Float.parseFloat(t);
        } catch (NumberFormatException e) {
            scale = Float.NaN;
        }
        if (!(scale > 0 && scale < Float.POSITIVE_INFINITY)) {
            throw new BadInputException("--loss-scale must be dynamic, none or a number > 0 that float32 holds,"
                    + " got '" + text + "'");
        }
        return Float.toString(scale);
    }

    /** The dtype as {@code --dtype} spells it: f32, bf16 or f16. */
    String dtypeText() {
        return switch (dtype) {
            case BFLOAT16 -> "bf16";
            case FLOAT16 -> "f16";
            default -> "f32";
        };
    }

    /** A fresh scaler for a run: null without loss scaling. */
    GradScaler newScaler() {
        return switch (lossScale) {
            case NONE -> null;
            case DYNAMIC -> GradScaler.dynamic();
            default -> GradScaler.fixed(Float.parseFloat(lossScale));
        };
    }
}
