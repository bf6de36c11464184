package dev.descent.minimize;

import java.util.List;
import java.util.Locale;

/** Makes the minimizers by the names the command line uses, with their default settings. */
public final class Minimizers {

    /** The method names, in the order they are documented. */
    public static final List<String> NAMES = List.of("cg", "ncg-pr", "ncg-fr", "ncg-hs", "bfgs", "lbfgs", "newton", "hf");

    private Minimizers() {
    }

    /**
     * The minimizer called {@code name} with its defaults.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Minimizer create(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "cg" -> LinearConjugateGradient.defaults();
            case "ncg-pr" -> NonlinearConjugateGradient.defaults(ConjugacyFormula.POLAK_RIBIERE_PLUS);
            case "ncg-fr" -> NonlinearConjugateGradient.defaults(ConjugacyFormula.FLETCHER_REEVES);
            case "ncg-hs" -> NonlinearConjugateGradient.defaults(ConjugacyFormula.HESTENES_STIEFEL);
            case "bfgs" -> Bfgs.defaults();
            case "lbfgs" -> Lbfgs.defaults();
            case "newton" -> Newton.defaults();
            case "hf" -> HessianFree.defaults();
            default -> throw new IllegalArgumentException("unknown method '" + name + "' (known: "
                    + String.join(", ", NAMES) + ")");
        };
    }

    /** {@link #create(String)} with {@code stopping}. */
    public static Minimizer create(String name, Stopping stopping) {
        return create(name).withStopping(stopping);
    }
}
