package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.kernel.Activation;
import dev.descent.kernel.GradientClip;
import dev.descent.kernel.KernelLayout;
import dev.descent.kernel.RosenbrockCurvature;
import dev.descent.kernel.RpropVariant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Java side and the CUDA sources describe the same things twice: the coefficient structs, the
 * slot order, the Rprop variant codes, the kernels' names and parameters, the launch constants. A
 * mismatch would not fail to compile; it would compute garbage on a GPU nobody here can run. These
 * tests read the sources and hold the two descriptions to each other.
 */
class KernelSourcesTest {

    static final Path SOURCES = Path.of(System.getProperty("user.dir"), "src/main/cuda");

    private static final Map<Kernel, Class<? extends Record>> COEFFICIENTS = CoefficientRecords.byKernel();

    static String read(String file) {
        try {
            return Files.readString(SOURCES.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + file, e);
        }
    }

    /** {@code AdamArgs} for the adam module. */
    private static String prefix(Kernel k) {
        String m = k.module();
        return Character.toUpperCase(m.charAt(0)) + m.substring(1);
    }

    @Test
    void everyArgsStructListsItsRecordsComponentsInOrder() {
        for (var e : COEFFICIENTS.entrySet()) {
            String source = read(e.getKey().module() + ".cu");
            String name = prefix(e.getKey()) + "Args";
            Matcher m = Pattern.compile("struct " + name + " \\{([^}]*)\\};").matcher(source);
            assertTrue(m.find(), "no struct " + name + " in " + e.getKey().module() + ".cu");
            List<String> fields = Arrays.stream(m.group(1).split(";")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(s -> s.replaceAll("\\s+", " ")).toList();
            assertEquals(CoefficientWords.fields(e.getValue()), fields, name + " vs " + e.getValue().getSimpleName());
        }
    }

    @Test
    void theGradientClipStructListsTheRecordsComponentsInOrder() {
        Matcher m = Pattern.compile("struct GradientClip \\{([^}]*)\\};").matcher(read("descent.cuh"));
        assertTrue(m.find(), "no struct GradientClip in descent.cuh");
        List<String> fields = Arrays.stream(m.group(1).split(";")).map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.replaceAll("\\s+", " ")).toList();
        assertEquals(CoefficientWords.fields(GradientClip.class), fields);
    }

    @Test
    void everySlotEnumMatchesTheJavaSlotOrder() {
        for (var e : COEFFICIENTS.entrySet()) {
            Kernel k = e.getKey();
            KernelLayout<?> layout = CoefficientRecords.layoutOf(e.getValue());
            String source = read(k.module() + ".cu");
            String upper = k.module().toUpperCase(Locale.ROOT) + "_";
            Matcher m = Pattern.compile("enum " + prefix(k) + "Slot \\{([^}]*)\\};").matcher(source);
            assertTrue(m.find(), "no enum " + prefix(k) + "Slot in " + k.module() + ".cu");
            List<String> names = Arrays.stream(m.group(1).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            assertEquals(upper + "SLOTS", names.getLast(), "the enum ends with its count");
            List<String> slots = names.subList(0, names.size() - 1).stream()
                    .map(s -> s.substring(upper.length()).toLowerCase(Locale.ROOT)).toList();
            List<String> expected = new ArrayList<>(List.of("param", "grad"));
            expected.addAll(layout.stateNames());
            assertEquals(expected, slots, k.module() + ".cu");
            assertTrue(slots.size() <= KernelLayout.maxSlots());
        }
    }

    /** The {@code writes} mask of each kernel names exactly the slots its layout says a step writes. */
    @Test
    void everyWritesMaskIsTheLayoutsWrittenSlots() {
        for (var e : COEFFICIENTS.entrySet()) {
            Kernel k = e.getKey();
            KernelLayout<?> layout = CoefficientRecords.layoutOf(e.getValue());
            String upper = k.module().toUpperCase(Locale.ROOT) + "_";
            Matcher m = Pattern.compile("constexpr unsigned writes =([^;]*);").matcher(read(k.module() + ".cu"));
            assertTrue(m.find(), "no writes mask in " + k.module() + ".cu");
            Matcher bit = Pattern.compile("1u << " + upper + "(\\w+)").matcher(m.group(1));
            List<String> written = new ArrayList<>();
            while (bit.find()) {
                written.add(bit.group(1).toLowerCase(Locale.ROOT));
            }
            List<String> expected = new ArrayList<>(List.of("param"));
            layout.states().stream().filter(s -> s.written()).forEach(s -> expected.add(s.name()));
            assertEquals(expected, written, k.module() + ".cu writes");
        }
    }

    @Test
    void rpropVariantCodesAreTheJavaOrdinals() {
        Matcher m = Pattern.compile("enum RpropVariantCode \\{([^}]*)\\};").matcher(read("rprop.cu"));
        assertTrue(m.find());
        List<String> codes = Arrays.stream(m.group(1).split(",")).map(String::trim).toList();
        assertEquals(Arrays.stream(RpropVariant.values()).map(Enum::name).toList(), codes);
    }

    @Test
    void rosenbrockCurvatureCodesAreTheJavaOrdinals() {
        Matcher m = Pattern.compile("enum RosenbrockCurvatureCode \\{([^}]*)\\};").matcher(read("rosenbrock.cu"));
        assertTrue(m.find());
        List<String> codes = Arrays.stream(m.group(1).split(",")).map(String::trim).toList();
        assertEquals(Arrays.stream(RosenbrockCurvature.values()).map(Enum::name).toList(), codes);
    }

    @Test
    void activationCodesAreTheJavaOrdinals() {
        Matcher m = Pattern.compile("enum ActivationCode \\{([^}]*)\\};").matcher(read("network.cu"));
        assertTrue(m.find());
        List<String> codes = Arrays.stream(m.group(1).split(",")).map(String::trim).toList();
        assertEquals(Arrays.stream(Activation.values()).map(Enum::name).toList(), codes);
    }

    @Test
    void everyKernelIsDeclaredWithTheParametersJavaPasses() {
        String optimizerSignature = macroParameters(read("multi_tensor.cuh"), "DESCENT_OPTIMIZER_KERNEL");
        for (Kernel k : Kernel.values()) {
            String source = read(k.module() + ".cu");
            String params;
            if (k.params().equals(Kernel.OPTIMIZER)) {
                assertTrue(source.contains("DESCENT_OPTIMIZER_KERNEL(" + k.symbol() + ", "), k.symbol());
                params = optimizerSignature;
            } else {
                Matcher m = Pattern.compile("_KERNEL\\(" + k.symbol() + "\\)\\(([^)]*)\\)").matcher(source);
                assertTrue(m.find(), "no kernel " + k.symbol() + " in " + k.module() + ".cu");
                params = m.group(1);
            }
            assertEquals(k.params(), kinds(params), k.symbol() + "(" + params + ")");
        }
    }

    @Test
    void everySourceIsAModuleOfSomeKernel() throws IOException {
        Set<String> modules = Kernel.values().stream().map(Kernel::module).collect(Collectors.toCollection(TreeSet::new));
        Set<String> sources;
        try (Stream<Path> files = Files.list(SOURCES)) {
            sources = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu"))
                    .map(n -> n.substring(0, n.length() - 3)).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(sources, modules);
    }

    @Test
    void launchConstantsAgree() {
        assertEquals(LaunchGeometry.BLOCK, constant(read("descent.cuh"), "kBlock"));
        assertEquals(TensorTable.CHUNK_ELEMENTS, constant(read("multi_tensor.cuh"), "kChunkElements"));
        assertEquals(KernelLayout.maxSlots(), constant(read("multi_tensor.cuh"), "kMaxSlots"),
                "kMaxSlots is the widest optimizer layout's slot count");
        assertEquals(MatrixVectorPlan.WARP, constant(read("descent.cuh"), "kWarp"));
        assertEquals(DotPairs.MAX_PER_LAUNCH, constant(read("reductions.cu"), "kMaxDots"));
        assertEquals(NetworkPlan.TILE, constant(read("network.cu"), "kTile"));
        assertEquals(NetworkPlan.DEPTH, constant(read("network.cu"), "kDepth"));
        assertEquals(NetworkPlan.MICRO, constant(read("network.cu"), "kMicro"));
        assertEquals(OperandTable.RECORD_BYTES, 16, "a Term and a DotPair are two 8-byte words");
        assertTrue(read("operand_table.cuh").contains("struct Term {\n    unsigned long long address;\n    double coefficient;\n};"),
                "Term is (address, coefficient), as OperandTable.terms writes it");
        assertTrue(read("operand_table.cuh").contains("struct DotPair {\n    unsigned long long a;\n    unsigned long long b;\n};"),
                "DotPair is (a, b), as OperandTable.dotPairs writes it");
        assertEquals(0, TensorTable.CHUNK_ELEMENTS % 4, "chunks of aligned tensors start aligned");
        assertEquals(LaunchGeometry.BLOCK, Integer.highestOneBit(LaunchGeometry.BLOCK), "the reductions' tree halves the block");
    }

    @Test
    void theFlagsForbidContractionApproximationAndFlushToZero() {
        String flags = read("nvcc.flags");
        for (String required : List.of("-fmad=false", "-prec-div=true", "-prec-sqrt=true", "-ftz=false",
                "arch=compute_90,code=sm_90", "arch=compute_90,code=compute_90")) {
            assertTrue(flags.contains(required), "nvcc.flags lacks " + required);
        }
        assertTrue(!flags.contains("fast-math") && !flags.contains("use_fast_math"), flags);
    }

    /** The parameter list of a macro's kernel signature: the text between "name(" and ")" after the macro. */
    private static String macroParameters(String source, String macro) {
        int at = source.indexOf("#define " + macro);
        assertTrue(at >= 0, "no macro " + macro);
        String rest = source.substring(at).replace("\\\n", " ");
        Matcher m = Pattern.compile("name\\(\\s*([^)]*)\\)").matcher(rest);
        assertTrue(m.find(), "cannot read the signature of " + macro);
        return m.group(1);
    }

    private static List<ParamKind> kinds(String params) {
        List<ParamKind> kinds = new ArrayList<>();
        for (String p : params.split(",")) {
            String type = p.trim().replaceAll("\\s+", " ");
            type = type.substring(0, type.lastIndexOf(' ')).replace("const ", "").trim();
            kinds.add(type.endsWith("*") ? ParamKind.ADDRESS
                    : switch (type) {
                        case "int", "unsigned" -> ParamKind.I32;
                        case "long long" -> ParamKind.I64;
                        case "float" -> ParamKind.F32;
                        case "double" -> ParamKind.F64;
                        default -> ParamKind.STRUCT;
                    });
        }
        return kinds;
    }

    private static long constant(String source, String name) {
        Matcher m = Pattern.compile("constexpr \\w+(?: \\w+)? " + name + " = (\\d+);").matcher(source);
        assertTrue(m.find(), "no constant " + name);
        return Long.parseLong(m.group(1));
    }
}
