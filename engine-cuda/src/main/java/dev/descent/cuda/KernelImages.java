package dev.descent.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * The compiled kernels shipped as class-path resources under {@value #DIRECTORY}: one fatbin per
 * CUDA source ({@code adam.fatbin}, ...; SASS for sm_90 and PTX the driver compiles for other GPUs)
 * and {@value #MANIFEST}, which lists the modules and records how they were built: the digest of the
 * sources ({@link KernelSourceDigest}), the digest of the fatbins built from them, the nvcc release
 * and flags.
 */
final class KernelImages {

    /** Where the fatbins and the manifest live on the class path. */
    static final String DIRECTORY = "/dev/descent/cuda/kernels/";

    /** The manifest's file name. */
    static final String MANIFEST = "kernels.properties";

    private final Properties manifest;

    private KernelImages(Properties manifest) {
        this.manifest = manifest;
    }

    /** The shipped manifest; throws {@link IllegalStateException} if the resources are missing. */
    static KernelImages load() {
        Properties p = new Properties();
        try (InputStream in = KernelImages.class.getResourceAsStream(DIRECTORY + MANIFEST)) {
            if (in == null) {
                throw new IllegalStateException("the compiled CUDA kernels are missing: no " + DIRECTORY + MANIFEST
                        + " on the class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DIRECTORY + MANIFEST, e);
        }
        return new KernelImages(p);
    }

    /** The modules, in the order listed. */
    List<String> modules() {
        return Arrays.stream(required("modules").split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The digest of the sources the fatbins were built from. */
    String sourcesDigest() {
        return required("sources.sha256");
    }

    /**
     * The digest of the fatbins as the build wrote them, computed as {@link KernelSourceDigest} does
     * over the {@code *.fatbin} files: ties the shipped fatbins to the sources digest beside it.
     */
    String fatbinsDigest() {
        return required("fatbins.sha256");
    }

    /** The nvcc release that built them ("13.0.88"). */
    String nvccRelease() {
        return required("nvcc.release");
    }

    /** The nvcc flags they were built with. */
    String nvccFlags() {
        return required("nvcc.flags");
    }

    /** The fatbin of {@code module}. */
    byte[] image(String module) {
        String resource = DIRECTORY + module + ".fatbin";
        try (InputStream in = KernelImages.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("the compiled CUDA kernels are incomplete: no " + resource
                        + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private String required(String key) {
        String v = manifest.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException(DIRECTORY + MANIFEST + " has no '" + key + "'");
        }
        return v.trim();
    }
}
