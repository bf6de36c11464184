package dev.descent.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.io.NamedTensor;
import dev.descent.io.RawTensor;
import dev.descent.io.Safetensors;
import dev.descent.io.SafetensorsFile;
import dev.descent.optim.CheckpointLoad;
import dev.descent.optim.HyperPolicy;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerSpecs;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.Parameter;
import dev.descent.optim.TorchOptimizerState;
import dev.descent.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PyTorch interop ({@link TorchOptimizerState}): the resumed training traces' {@code state0}, put into a
 * torch optimizer and exported by the snippet of {@code docs/checkpoints.md}
 * ({@code resources/torch-state/generate.py} runs it; the files are checked in), loads by torch's
 * positional names into an optimizer over the network's named parameters, and the replay then follows
 * torch's recorded losses and final weights within the trace's tolerances on every backend — step
 * counts and bias corrections continued as torch does. The same file with Adam's {@code step} set to 1
 * fails the replay, so the step count is what makes it pass.
 */
class TorchStateResumeTest {
    @TempDir
    Path dir;

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TorchStateResumeTest.class.getResource(name).toURI());
    }

    static Stream<Arguments> cases() {
        return Stream.of("resume-adam", "resume-sgd-momentum")
                .flatMap(t -> BackendsUnderTest.names().map(b -> Arguments.of(t, b)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void torchsExportedStateContinuesAsTorchDid(String trace, String backendName) throws Exception {
        Backend backend = BackendsUnderTest.require(backendName);
        TrainTrace t = TrainTraceReader.read(resource("/traces/train/" + trace + ".json"));
        TrainReplayResult r = TrainTraceReplay.replay(t, backend, resource("/torch-state/" + trace + ".safetensors"));
        assertTrue(r.passed(), trace + " on " + backendName + ": " + r);
    }

    @Test
    void anotherStepCountFailsTheReplay() throws Exception {
        TrainTrace t = TrainTraceReader.read(resource("/traces/train/resume-adam.json"));
        SafetensorsFile torch = Safetensors.readFile(resource("/torch-state/resume-adam.safetensors"));
        List<RawTensor> tensors = new ArrayList<>();
        for (String name : torch.names()) {
            tensors.add(name.endsWith(".step") ? RawTensor.of(new NamedTensor(name, new int[0], new float[] {1}))
                    : torch.raw(name));
        }
        Path stepOne = dir.resolve("step-one.safetensors");
        try (FileChannel out = FileChannel.open(stepOne, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            Safetensors.write(out, torch.metadata(), tensors);
        }
        assertTrue(TrainTraceReplay.replay(t, BackendsUnderTest.reference(),
                resource("/torch-state/resume-adam.safetensors")).passed());
        TrainReplayResult r = TrainTraceReplay.replay(t, BackendsUnderTest.reference(), stepOne);
        assertFalse(r.passed(), r.toString());
    }

    @Test
    void theExportNamesTorchsHyperParametersAndTheyAreCompared() throws Exception {
        Backend backend = BackendsUnderTest.reference();
        List<Tensor> params = new ArrayList<>();
        List<Parameter> slots = new ArrayList<>();
        long[][] shapes = {{6, 4}, {6}, {3, 6}, {3}};
        for (long[] s : shapes) {
            Tensor p = backend.allocate("p" + params.size(), dev.descent.tensor.DType.FLOAT32, s);
            params.add(p);
            slots.add(new Parameter(p, backend.allocate("g" + params.size(), dev.descent.tensor.DType.FLOAT32, s)));
        }
        try (Optimizer opt = Optimizer.builder(backend).group(ParamGroup.of(OptimizerSpecs.fromHyper("adam",
                Map.of("lr", 0.02)), slots)).build()) {
            CheckpointLoad load = TorchOptimizerState.load(resource("/torch-state/resume-adam.safetensors"), opt, params,
                    HyperPolicy.USE_CHECKPOINT);
            assertEquals(20, load.stepCount());
            assertEquals(20, opt.stepCount());
            assertEquals("lr", load.differences().getFirst().name());
            assertEquals(1, load.differences().size(), load.differences().toString());
            assertEquals(0.01, opt.groups().get(0).spec().lr());
        } finally {
            slots.forEach(s -> {
                s.param().close();
                s.grad().close();
            });
        }
    }
}
