package dev.descent.cli;

import dev.descent.backend.Availability;
import dev.descent.backend.Backend;
import dev.descent.backend.BackendProvider;

/** A backend that is never available, so that the tests can see how the commands report one. */
public final class UnpluggedBackendProvider implements BackendProvider {

    /** Why it cannot run, as {@code descent backends} must show it. */
    static final String REASON = "no unplugged device is attached (test provider)";

    @Override
    public String name() {
        return "unplugged";
    }

    @Override
    public int priority() {
        return -1;
    }

    @Override
    public Availability availability() {
        return Availability.no(REASON);
    }

    @Override
    public Backend create() {
        throw new IllegalStateException("backend 'unplugged' is unavailable: " + REASON);
    }
}
