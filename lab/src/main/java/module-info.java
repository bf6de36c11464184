/**
 * The lab ({@code ./descent lab}): the course's claims about optimizers as seeded, deterministic
 * experiments ({@link dev.descent.lab.Experiment}), each writing its figures (PNG and SVG, with
 * XChart) and a table, with a verdict per claim, into a report ({@link dev.descent.lab.LabReport}).
 * Built on the public API of {@code dev.descent.api} and {@code dev.descent.minimize} only.
 */
module dev.descent.lab {
    requires transitive dev.descent.minimize;
    requires transitive org.knowm.xchart;
    requires VectorGraphics2D;
    requires java.desktop;

    exports dev.descent.lab;
}
