package dev.descent.reference;

import dev.descent.backend.Availability;
import dev.descent.backend.Backend;
import dev.descent.backend.BackendProvider;

/** Registers the reference backend; it runs everywhere. */
public final class ReferenceBackendProvider implements BackendProvider {

    private static final ReferenceBackend INSTANCE = new ReferenceBackend();

    @Override
    public String name() {
        return ReferenceBackend.NAME;
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public Backend create() {
        return INSTANCE;
    }
}
