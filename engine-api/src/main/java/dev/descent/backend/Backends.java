package dev.descent.backend;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/**
 * Finds backends with {@link ServiceLoader}. The system property {@value #FORCE_PROPERTY} forces the
 * default choice of {@link #best()} (handy for tests, benchmarks and bug reports).
 */
public final class Backends {

    /** System property naming the backend {@link #best()} must return. */
    public static final String FORCE_PROPERTY = "descent.backend";

    private Backends() {
    }

    /** Every backend provider on the class path, highest priority first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            list.add(p);
        }
        list.sort(Comparator.comparingInt(BackendProvider::priority).reversed()
                .thenComparing(BackendProvider::name));
        return list;
    }

    /** The provider called {@code name}; throws {@link IllegalArgumentException} listing the known names. */
    public static BackendProvider provider(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        List<String> known = new ArrayList<>();
        for (BackendProvider p : providers()) {
            if (p.name().equals(wanted)) {
                return p;
            }
            known.add(p.name());
        }
        throw new IllegalArgumentException("unknown backend '" + name + "' (known: " + String.join(", ", known) + ")");
    }

    /**
     * The backend called {@code name}, created. Throws {@link IllegalArgumentException} for an unknown
     * name and {@link IllegalStateException} with the reason for one that cannot run here.
     */
    public static Backend get(String name) {
        BackendProvider p = provider(name);
        Availability a = p.availability();
        if (!a.available()) {
            throw new IllegalStateException("backend '" + p.name() + "' is unavailable: " + a.reason());
        }
        return p.create();
    }

    /** Every backend that can run here, created, highest priority first. */
    public static List<Backend> available() {
        List<Backend> list = new ArrayList<>();
        for (BackendProvider p : providers()) {
            if (p.availability().available()) {
                list.add(p.create());
            }
        }
        return list;
    }

    /** The forced backend if {@value #FORCE_PROPERTY} is set, else the available one of highest priority. */
    public static Backend best() {
        String forced = System.getProperty(FORCE_PROPERTY);
        if (forced != null && !forced.isBlank()) {
            return get(forced.trim());
        }
        return available().getFirst();
    }
}
