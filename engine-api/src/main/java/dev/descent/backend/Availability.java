package dev.descent.backend;

import java.util.Objects;

/**
 * Whether a backend can run on this machine, and if not, why, in words a user can act on
 * ("the Vector API module is not loaded: add --add-modules jdk.incubator.vector").
 */
public record Availability(boolean available, String reason) {

    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    /** The backend can run here. */
    public static Availability yes() {
        return new Availability(true, "available");
    }

    /** The backend cannot run here, for {@code reason}. */
    public static Availability no(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an unavailable backend must say why");
        }
        return new Availability(false, reason);
    }
}
