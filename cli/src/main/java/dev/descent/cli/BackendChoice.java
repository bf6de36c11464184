package dev.descent.cli;

import dev.descent.backend.Backend;
import dev.descent.backend.BackendProvider;
import dev.descent.backend.Backends;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The value of {@code --backend}: {@code all}, one backend name, or several separated by commas. */
final class BackendChoice {

    /** The value that selects every available backend. */
    static final String ALL = "all";

    private BackendChoice() {
    }

    /**
     * The backends {@code value} names, created, in the order given ({@code all}: every available
     * one, highest priority first). An unknown name is reported with the known ones, an unavailable
     * backend with the reason it cannot run here.
     */
    static List<Backend> select(String value) throws BadInputException {
        if (value.isBlank()) {
            throw new BadInputException("--backend needs a name or 'all' (known: " + knownNames() + ")");
        }
        if (value.trim().equalsIgnoreCase(ALL)) {
            List<Backend> all = Backends.available();
            if (all.isEmpty()) {
                throw new BadInputException("no backend can run here; see ./descent backends");
            }
            return all;
        }
        Map<String, Backend> chosen = new LinkedHashMap<>();
        for (String name : value.split(",")) {
            String n = name.trim();
            BackendProvider provider;
            try {
                provider = Backends.provider(n);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            if (!provider.availability().available()) {
                throw new BadInputException("backend '" + provider.name() + "' is unavailable: "
                        + provider.availability().reason());
            }
            chosen.computeIfAbsent(provider.name(), k -> provider.create());
        }
        return List.copyOf(chosen.values());
    }

    /** What {@code --backend} accepts, for the completion: {@code all} and every backend's name. */
    static List<String> choices() {
        List<String> names = new ArrayList<>(List.of(ALL));
        names.addAll(knownNameList());
        return names;
    }

    /** The names of every backend on the class path, available or not, as a list. */
    static List<String> knownNameList() {
        List<String> names = new ArrayList<>();
        for (BackendProvider p : Backends.providers()) {
            names.add(p.name());
        }
        return names;
    }

    /** The names of every backend on the class path, available or not. */
    static String knownNames() {
        return String.join(", ", knownNameList());
    }
}
