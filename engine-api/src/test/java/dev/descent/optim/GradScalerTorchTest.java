package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.reference.ReferenceBackend;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Loss scaling against runs of torch 1.13's {@code GradScaler} ({@code torch-grad-scaler.txt}, written by
 * {@code engine-api/src/test/python/torch_grad_scaler.py}): the same gradients, NaN and ±Infinity injected
 * at the same steps, multiplied by the scale as {@code scaler.scale(loss).backward()} multiplies them, go
 * through an {@link Optimizer} with a {@link GradScaler}. The scale before and after every step, the
 * growth tracker and which steps are skipped must be torch's exactly; the clipped runs' norms and the
 * final parameters agree within {@code |ours − torch| ≤ 1e-6 + 1e-5·|torch|} — torch's CPU kernels
 * round some products differently (its {@code addcdiv}, its float32 norm) by an ulp or so per step,
 * while a step applied that torch skipped, or gradients not unscaled, would move a parameter by
 * orders of magnitude more.
 */
class GradScalerTorchTest {

    private static final String RESOURCE = "/dev/descent/optim/torch-grad-scaler.txt";

    /** One run torch recorded. */
    record TorchRun(String name, Map<String, String> args, List<float[]> initial, List<List<float[]>> grads,
            List<double[]> steps, List<float[]> expected) {

        @Override
        public String toString() {
            return name;
        }

        double arg(String key, double fallback) {
            return args.containsKey(key) ? Double.parseDouble(args.get(key)) : fallback;
        }
    }

    static Stream<TorchRun> runs() {
        String text;
        try (InputStream in = GradScalerTorchTest.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new AssertionError("missing test resource " + RESOURCE + ": run torch_grad_scaler.py");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        List<TorchRun> runs = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] w = line.trim().split(" ");
            switch (w[0]) {
                case "case" -> {
                    Map<String, String> args = new LinkedHashMap<>();
                    for (int i = 2; i < w.length; i++) {
                        args.put(w[i].substring(0, w[i].indexOf('=')), w[i].substring(w[i].indexOf('=') + 1));
                    }
                    runs.add(new TorchRun(w[1], args, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                            new ArrayList<>()));
                }
                case "param" -> runs.getLast().initial().add(floats(w, 2));
                case "final" -> runs.getLast().expected().add(floats(w, 2));
                case "grad" -> {
                    List<List<float[]>> grads = runs.getLast().grads();
                    if (Integer.parseInt(w[1]) > grads.size()) {
                        grads.add(new ArrayList<>());
                    }
                    grads.getLast().add(floats(w, 3));
                }
                case "step" -> {
                    double[] values = new double[w.length - 2];
                    for (int i = 2; i < w.length; i++) {
                        values[i - 2] = Double.parseDouble(w[i]);
                    }
                    runs.getLast().steps().add(values);
                }
                default -> throw new AssertionError("unexpected line in " + RESOURCE + ": " + line);
            }
        }
        return runs.stream();
    }

    private static float[] floats(String[] words, int from) {
        float[] v = new float[words.length - from];
        for (int i = from; i < words.length; i++) {
            v[i - from] = (float) Double.parseDouble(words[i]);
        }
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void scalesSkipsAndStepsAsTorch(TorchRun run) {
        Backend backend = new ReferenceBackend();
        List<Tensor> open = new ArrayList<>();
        try {
            List<Parameter> params = new ArrayList<>();
            for (int k = 0; k < run.initial().size(); k++) {
                Tensor p = backend.fromArray("p" + k, run.initial().get(k));
                Tensor g = backend.allocate("g" + k, p.dtype(), p.size());
                open.add(p);
                open.add(g);
                params.add(new Parameter(p, g));
            }
            Map<String, Object> hyper = new LinkedHashMap<>();
            hyper.put("lr", run.arg("lr", Double.NaN));
            if (run.args().get("optimizer").equals("sgd")) {
                hyper.put("momentum", run.arg("momentum", 0));
            }
            GradScaler scaler = GradScaler.dynamic((float) run.arg("init_scale", GradScaler.DEFAULT_INIT_SCALE),
                    run.arg("growth_factor", 2.0), run.arg("backoff_factor", 0.5),
                    (int) run.arg("growth_interval", 2000));
            Optimizer.Builder builder = Optimizer.builder(backend)
                    .group(ParamGroup.of(OptimizerSpecs.fromHyper(run.args().get("optimizer"), hyper), params))
                    .gradScaler(scaler);
            boolean clips = !run.args().get("clip").equals("none");
            if (clips) {
                builder.clipGradNorm(run.arg("clip", Double.NaN));
            }
            try (Optimizer opt = builder.build()) {
                long skipped = 0;
                for (int t = 1; t <= run.steps().size(); t++) {
                    double[] expected = run.steps().get(t - 1); // scale, found_inf, new_scale, tracker, norm
                    String at = run.name() + " step " + t;
                    assertEquals((float) expected[0], scaler.scale(), at + ": the scale the loss is multiplied by");
                    for (int k = 0; k < params.size(); k++) {
                        float[] g = run.grads().get(t - 1).get(k).clone();
                        for (int i = 0; i < g.length; i++) {
                            g[i] = scaler.scale() * g[i]; // the backward pass of scaler.scale(loss), in float32
                        }
                        params.get(k).grad().copyFrom(g);
                    }
                    boolean applied = opt.step();
                    boolean foundInf = expected[1] != 0;
                    assertEquals(!foundInf, applied, at + ": applied");
                    skipped += foundInf ? 1 : 0;
                    assertEquals(skipped, opt.skippedSteps(), at + ": skipped steps");
                    assertEquals((float) expected[2], scaler.scale(), at + ": the scale after update()");
                    assertEquals((int) expected[3], scaler.growthTracker(), at + ": the growth tracker");
                    if (clips && !foundInf) {
                        assertEquals(expected[4], opt.lastGradNorm(), 1e-6 * expected[4], at + ": the unscaled norm");
                    } else if (clips) {
                        assertFalse(Double.isFinite(opt.lastGradNorm()), at + ": the norm of a found-inf step");
                    }
                }
                for (int k = 0; k < params.size(); k++) {
                    float[] ours = params.get(k).param().toFloatArray();
                    float[] theirs = run.expected().get(k);
                    for (int i = 0; i < ours.length; i++) {
                        assertTrue(Math.abs(ours[i] - theirs[i]) <= 1e-6 + 1e-5 * Math.abs(theirs[i]),
                                run.name() + ": parameter " + k + "[" + i + "] is " + ours[i] + ", torch's " + theirs[i]);
                    }
                }
            }
        } finally {
            open.forEach(Tensor::close);
        }
    }
}
