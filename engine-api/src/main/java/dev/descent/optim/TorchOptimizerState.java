package dev.descent.optim;

import dev.descent.io.HeaderJson;
import dev.descent.io.NamedTensor;
import dev.descent.io.RawTensor;
import dev.descent.io.Safetensors;
import dev.descent.io.SafetensorsFile;
import dev.descent.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads a PyTorch optimizer's {@code state_dict()} exported to safetensors with torch's positional names
 * (the snippet in {@code docs/checkpoints.md}): a tensor {@code state.<index>.<name>} per state entry
 * ({@code exp_avg}, {@code momentum_buffer}, ..., and the scalars {@code step} and NAdam's
 * {@code mu_product} as 0-d tensors), and {@code param_groups} — torch's list of groups, each its
 * hyper-parameters and {@code "params"}, the indices of its parameters — as JSON in {@code __metadata__}.
 * Index {@code i} is the {@code i}-th parameter in torch's order, which the caller gives.
 *
 * <p>Torch's state becomes Descent's as {@code load_state_dict} would continue it (torch.optim, 1.13):
 * the state tensors by name; the step count from the {@code step} entries (torch keeps one per
 * parameter; they must agree; none, as for SGD, is 0); SGD's first momentum step done where a
 * {@code momentum_buffer} exists; NAdam's {@code mu_product}. A parameter without any torch state (never
 * stepped) keeps its initial state. Everything is checked before anything changes, as
 * {@link OptimizerCheckpoint#restore} does.
 */
public final class TorchOptimizerState {
    private static final Set<String> SCALARS = Set.of("step", NAdam.MU_PRODUCT);

    private TorchOptimizerState() {
    }

    /**
     * Loads {@code file} into {@code optimizer}, torch's parameter {@code i} being {@code order.get(i)}.
     *
     * @param order every parameter of the optimizer, in torch's order (of its param groups, then of the
     *     parameters in each)
     * @param policy which hyper-parameters win where {@code param_groups} and the optimizer differ (only
     *     the torch names the optimizer knows are compared)
     * @throws IllegalArgumentException naming the file and what does not fit; nothing changes then
     */
    public static CheckpointLoad load(Path file, Optimizer optimizer, List<Tensor> order, HyperPolicy policy) {
        optimizer.requireOpen();
        SafetensorsFile f = Safetensors.readFile(file);
        List<Map<String, Object>> groups = paramGroups(f);
        List<ParamGroup> ours = optimizer.groups();
        if (groups.size() != ours.size()) {
            throw bad(file, "param_groups holds " + groups.size() + " group(s), the optimizer " + ours.size());
        }
        Map<String, Map<String, String>> byIndex = new LinkedHashMap<>(); // index → state name → tensor name
        for (String name : f.names()) {
            int dot = name.indexOf('.', OptimizerCheckpoint.STATE_PREFIX.length());
            if (!name.startsWith(OptimizerCheckpoint.STATE_PREFIX) || dot < 0) {
                throw bad(file, "tensor '" + name + "' is not state.<index>.<name>");
            }
            byIndex.computeIfAbsent(name.substring(OptimizerCheckpoint.STATE_PREFIX.length(), dot),
                    k -> new LinkedHashMap<>()).put(name.substring(dot + 1), name);
        }
        List<Tensor> targets = new ArrayList<>();
        List<RawTensor> sources = new ArrayList<>();
        List<Map<String, Double>> scalars = new ArrayList<>();
        List<HyperDifference> differences = new ArrayList<>();
        List<OptimizerSpec> specs = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        Double step = null;
        for (int g = 0; g < groups.size(); g++) {
            OptimizerSpec spec = ours.get(g).spec();
            List<?> indices = groups.get(g).get("params") instanceof List<?> l ? l : List.of();
            if (indices.size() != ours.get(g).params().size()) {
                throw bad(file, "param_groups[" + g + "] holds " + indices.size() + " parameter(s), the optimizer's"
                        + " group " + ours.get(g).params().size());
            }
            Map<String, Double> groupScalars = new LinkedHashMap<>();
            for (Object i : indices) {
                if (!(i instanceof Long index) || index < 0 || index >= order.size()) {
                    throw bad(file, "param_groups[" + g + "]: parameter index " + i + " is not one of the "
                            + order.size() + " given");
                }
                Tensor param = order.get((int) (long) index);
                if (ours.get(g).params().stream().noneMatch(p -> p.param() == param)) {
                    throw bad(file, "param_groups[" + g + "] holds parameter " + index + ", which is '" + param.name()
                            + "' in the order given, not a parameter of the optimizer's group " + g);
                }
                Map<String, String> state = byIndex.getOrDefault(index.toString(), Map.of());
                if (!used.add(index.toString())) {
                    throw bad(file, "param_groups lists parameter " + index + " twice");
                }
                for (String s : state.keySet()) {
                    if (!SCALARS.contains(s) && !optimizer.state(param).containsKey(s)) {
                        throw bad(file, "state." + index + "." + s + ": '" + s + "' is not a state of " + spec.name()
                                + " (" + optimizer.state(param).keySet() + ")");
                    }
                }
                if (state.isEmpty()) {
                    continue; // never stepped in torch: the initial state stands
                }
                for (Map.Entry<String, Tensor> slot : optimizer.state(param).entrySet()) {
                    String name = state.get(slot.getKey());
                    if (name == null) {
                        throw bad(file, "has no tensor 'state." + index + "." + slot.getKey() + "' for '" + param.name()
                                + "', which " + spec.name() + " keeps");
                    }
                    sources.add(raw(f, name, param));
                    targets.add(slot.getValue());
                }
                if (state.containsKey("step")) {
                    double s = scalar(f, state.get("step"));
                    if (step != null && s != step || s < 0 || s != Math.rint(s)) {
                        throw bad(file, "the parameters' steps differ or are not counts (" + step + ", " + s + ")");
                    }
                    step = s;
                }
                if (state.containsKey(NAdam.MU_PRODUCT)) {
                    groupScalars.put(NAdam.MU_PRODUCT, scalar(f, state.get(NAdam.MU_PRODUCT)));
                }
                if (spec instanceof Sgd && state.containsKey("momentum_buffer")) {
                    groupScalars.put(Sgd.MOMENTUM_BUFFER_STARTED, 1.0);
                }
            }
            scalars.add(groupScalars);
            Map<String, Object> current = OptimizerSpecs.hyper(spec);
            Map<String, Object> theirs = new LinkedHashMap<>(current);
            for (String k : current.keySet()) {
                Object v = groups.get(g).get(k);
                if (v != null && !OptimizerCheckpoint.sameHyper(v, current.get(k))) {
                    differences.add(new HyperDifference(g, k, v, current.get(k)));
                    theirs.put(k, v);
                }
            }
            specs.add(policy == HyperPolicy.USE_CHECKPOINT ? torchSpec(file, g, spec, theirs) : spec);
        }
        for (String index : byIndex.keySet()) {
            if (!used.contains(index)) {
                throw bad(file, "state." + index + ".* belongs to no parameter of param_groups");
            }
        }
        if (policy == HyperPolicy.REJECT && !differences.isEmpty()) {
            throw bad(file, "hyper-parameters differ from the optimizer's: " + differences);
        }
        for (int i = 0; i < targets.size(); i++) {
            targets.get(i).copyFrom(sources.get(i).data());
        }
        long steps = step == null ? 0 : step.longValue();
        optimizer.restoreCounters(steps, optimizer.skippedSteps(), scalars);
        for (int g = 0; policy == HyperPolicy.USE_CHECKPOINT && g < specs.size(); g++) {
            optimizer.setSpec(g, specs.get(g));
        }
        return new CheckpointLoad(steps, differences, policy);
    }

    /** {@link #load(Path, Optimizer, List, HyperPolicy)} with the optimizer's own order of its parameters. */
    public static CheckpointLoad load(Path file, Optimizer optimizer, HyperPolicy policy) {
        List<Tensor> order = new ArrayList<>();
        optimizer.groups().forEach(g -> g.params().forEach(p -> order.add(p.param())));
        return load(file, optimizer, order, policy);
    }

    private static List<Map<String, Object>> paramGroups(SafetensorsFile f) {
        String text = f.metadata().get("param_groups");
        if (text == null) {
            throw bad(f.file(), "has no 'param_groups' in its metadata: not an optimizer state_dict export");
        }
        Object groups;
        try {
            groups = HeaderJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(f.file(), "param_groups: " + e.getMessage());
        }
        if (!(groups instanceof List<?> list) || !list.stream().allMatch(Map.class::isInstance)) {
            throw bad(f.file(), "param_groups must be a list of groups (objects)");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object g : list) {
            Map<String, Object> m = new LinkedHashMap<>();
            ((Map<?, ?>) g).forEach((k, v) -> m.put((String) k, v));
            out.add(m);
        }
        return out;
    }

    private static OptimizerSpec torchSpec(Path file, int g, OptimizerSpec spec, Map<String, Object> hyper) {
        try {
            OptimizerSpec s = OptimizerSpecs.fromHyper(spec.name(), hyper);
            if (!s.state().equals(spec.state())) {
                throw new IllegalArgumentException("its hyper-parameters keep the state " + s.state() + ", the"
                        + " optimizer's " + spec.state());
            }
            return s;
        } catch (IllegalArgumentException e) {
            throw bad(file, "param_groups[" + g + "]: " + e.getMessage());
        }
    }

    private static RawTensor raw(SafetensorsFile f, String name, Tensor param) {
        int[] shape = f.shape(name);
        if (!f.dtype(name).equals("F32")) {
            throw bad(f.file(), "tensor '" + name + "' is " + f.dtype(name) + ", not F32");
        }
        if (!Arrays.equals(Arrays.stream(shape).asLongStream().toArray(), param.shape())) {
            throw bad(f.file(), "tensor '" + name + "' has shape " + Arrays.toString(shape) + ", parameter '"
                    + param.name() + "' " + Arrays.toString(param.shape()));
        }
        return f.raw(name);
    }

    private static double scalar(SafetensorsFile f, String name) {
        NamedTensor t = f.tensor(name);
        if (t.values().length != 1) {
            throw bad(f.file(), "tensor '" + name + "' must hold one value, it holds " + t.values().length);
        }
        return t.values()[0];
    }

    private static IllegalArgumentException bad(Path file, String problem) {
        return new IllegalArgumentException(file + ": " + problem.replaceAll("\\p{Cntrl}", "?"));
    }
}
