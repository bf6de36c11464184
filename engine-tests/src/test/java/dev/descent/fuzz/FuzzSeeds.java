package dev.descent.fuzz;

import dev.descent.io.NamedTensor;
import dev.descent.io.RawTensor;
import dev.descent.io.Safetensors;
import dev.descent.optim.OptimizerCheckpoint;
import dev.descent.tensor.DType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes the binary seeds of the fuzz corpus — small valid safetensors weights of each dtype, an
 * optimizer checkpoint of {@link SafetensorsFuzzTest.CheckpointedRun}, a torch NAdam export, IDX pairs
 * plain and gzip — under the directory given (the {@code src/test/resources/dev/descent/fuzz} of this
 * module); the text seeds (traces, CSV) are committed as written. Run by hand when a format changes:
 * {@code java -cp <test class path> dev.descent.fuzz.FuzzSeeds engine-tests/src/test/resources/dev/descent/fuzz}.
 */
public final class FuzzSeeds {
    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]);
        Path weights = Files.createDirectories(root.resolve("SafetensorsFuzzTestInputs/weights"));
        List<NamedTensor> two = List.of(new NamedTensor("0.weight", new int[] {2, 3}, new float[] {1, -2, 3.5f, 0, 1e-3f, -7}),
                new NamedTensor("0.bias", new int[] {2}, new float[] {0.25f, -0.5f}));
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64, DType.FLOAT16, DType.BFLOAT16)) {
            Safetensors.write(weights.resolve(Safetensors.dtypeName(dtype).toLowerCase() + ".safetensors"), two, dtype);
        }
        Safetensors.write(weights.resolve("scalar-and-empty.safetensors"), List.of(
                new NamedTensor("scalar", new int[0], new float[] {3}),
                new NamedTensor("empty", new int[] {0, 4}, new float[0])));
        try (SafetensorsFuzzTest.CheckpointedRun run = new SafetensorsFuzzTest.CheckpointedRun()) {
            run.optimizer.step();
            run.plateau.step(1.0);
            run.optimizer.step();
            run.plateau.step(1.5);
            Path dir = Files.createDirectories(root.resolve("SafetensorsFuzzTestInputs/checkpoint"));
            OptimizerCheckpoint.writer(run.optimizer).weight("w", run.w).checkpointable(run.plateau)
                    .metadata("epoch", "2").write(dir.resolve("adam-amsgrad.ckpt"));
            run.optimizer.save(dir.resolve("adam-amsgrad-plain.ckpt"));
        }
        Path torch = Files.createDirectories(root.resolve("SafetensorsFuzzTestInputs/torchExport"));
        List<NamedTensor> nadam = List.of(new NamedTensor("state.0.step", new int[0], new float[] {3}),
                new NamedTensor("state.0.mu_product", new int[0], new float[] {0.7f}),
                new NamedTensor("state.0.exp_avg", new int[] {2, 2}, new float[] {1, 2, 3, 4}),
                new NamedTensor("state.0.exp_avg_sq", new int[] {2, 2}, new float[] {5, 6, 7, 8}));
        try (FileChannel out = FileChannel.open(torch.resolve("nadam.safetensors"), StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            Safetensors.write(out, Map.of("format", "pt", "param_groups", "[{\"lr\": 0.002, \"betas\": [0.9, 0.999],"
                    + " \"eps\": 1e-08, \"weight_decay\": 0, \"momentum_decay\": 0.004, \"foreach\": null,"
                    + " \"params\": [0]}]"), nadam.stream().map(RawTensor::of).toList());
        }
        Path idx = Files.createDirectories(root.resolve("DataFilesFuzzTestInputs/idx"));
        byte[] images = idxFile(new int[] {3, 2, 2}, new byte[] {0, 127, (byte) 255, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        byte[] labels = idxFile(new int[] {3}, new byte[] {0, 2, 1});
        Files.write(idx.resolve("plain.bin"), pair(images, labels));
        Files.write(idx.resolve("gzip.bin"), pair(gzip(images), gzip(labels)));
    }

    private static byte[] idxFile(int[] dims, byte[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0, 0, 8, (byte) dims.length});
        for (int d : dims) {
            out.writeBytes(bigEndian(d));
        }
        out.writeBytes(values);
        return out.toByteArray();
    }

    /** The one input of {@link DataFilesFuzzTest#idx}: the images file's length, the images, the labels. */
    private static byte[] pair(byte[] images, byte[] labels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bigEndian(images.length));
        out.writeBytes(images);
        out.writeBytes(labels);
        return out.toByteArray();
    }

    private static byte[] bigEndian(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }
}
