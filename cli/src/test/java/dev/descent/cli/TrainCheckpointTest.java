package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.tensor.DType;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The reader of a {@code descent train} checkpoint's settings document ({@link TrainCheckpoint#parse}),
 * fuzzed: a valid document parses back; every truncation and thousands of random edits of it either
 * parse or are one line of bad input naming the file — never another exception.
 */
class TrainCheckpointTest {

    private static final Path FILE = Path.of("run.ckpt");
    private static final String VALID = "{\"format_version\":1,\"data\":\"rows\",\"layers\":\"16,8,3\",\"activation\":"
            + "\"relu\",\"loss\":\"cross_entropy\",\"optimizer\":\"adam\",\"batch\":\"10\",\"seed\":-4,"
            + "\"train_examples\":90,\"epochs\":2,\"steps\":9,\"lr_schedule\":\"cosine:t_max=15,eta_min=0.0,warmup=3\","
            + "\"clip_grad_norm\":null,\"epoch_loss_sum\":0.0,\"epoch_examples\":0}";

    @Test
    void aValidDocumentParsesBack() throws BadInputException {
        TrainCheckpoint c = TrainCheckpoint.parse(FILE, null, VALID);
        assertEquals("rows", c.data());
        assertEquals("16,8,3", c.layers());
        assertEquals(3, c.spec().outputs());
        assertEquals("adam", c.optimizer());
        assertEquals(10, c.batch());
        assertEquals(-4, c.seed());
        assertEquals(90, c.trainExamples());
        assertEquals(2, c.epochs());
        assertEquals(9, c.steps());
        assertEquals("cosine:t_max=15,eta_min=0.0,warmup=3", c.schedule().text());
        assertTrue(Double.isNaN(c.clipGradNorm()), "null: no clipping");
        assertEquals(0.5, TrainCheckpoint.parse(FILE, null, VALID.replace("null,", "0.5,")).clipGradNorm());
        assertEquals(TrainSettings.ALL, TrainCheckpoint.parse(FILE, null, VALID.replace("\"10\"", "\"all\"")).batch());
    }

    @Test
    void thePrecisionIsFloat32WithoutScalingUnlessTheDocumentSaysOtherwise() throws BadInputException {
        assertEquals(TrainPrecision.FLOAT32, TrainCheckpoint.parse(FILE, null, VALID).precision());
        String mixed = VALID.replace("}", ",\"dtype\":\"bf16\",\"loss_scale\":\"dynamic\"}");
        TrainPrecision p = TrainCheckpoint.parse(FILE, null, mixed).precision();
        assertEquals(DType.BFLOAT16, p.dtype());
        assertEquals("dynamic", p.lossScale());
        assertEquals("128.0", TrainCheckpoint.parse(FILE, null, mixed.replace("\"dynamic\"", "\"128\"")).precision()
                .lossScale());
        for (String bad : new String[] {"\"dtype\":\"f8\"", "\"dtype\":16", "\"loss_scale\":\"-1\"",
            "\"loss_scale\":null"}) {
            assertEquals(1, outcome(VALID.replace("}", "," + bad + "}")), bad);
        }
    }

    @Test
    void truncationsAndRandomEditsAreBadInputOrValid() {
        int refused = 0;
        for (int n = 0; n < VALID.length(); n++) {
            refused += outcome(VALID.substring(0, n));
        }
        assertEquals(VALID.length(), refused, "every truncation is refused");
        SplittableRandom random = new SplittableRandom(17);
        String alphabet = "{}[]\":,-.0123456789eEtrufalsn \\x";
        for (int i = 0; i < 5000; i++) {
            StringBuilder b = new StringBuilder(VALID);
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(b.length());
                switch (random.nextInt(3)) {
                    case 0 -> b.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> b.deleteCharAt(at);
                    default -> b.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            outcome(b.toString());
        }
        for (String wrongType : new String[] {"\"seed\":\"4\"", "\"seed\":4.5", "\"seed\":1e40", "\"seed\":null"}) {
            assertEquals(1, outcome(VALID.replace("\"seed\":-4", wrongType)), wrongType);
        }
        assertEquals(1, outcome(VALID.replace("\"batch\":\"10\"", "\"batch\":\"0\"")));
        assertEquals(1, outcome(VALID.replace("\"steps\":9", "\"steps\":-1")));
        assertEquals(1, outcome(VALID.replace("\"format_version\":1", "\"format_version\":2")));
        assertEquals(1, outcome(VALID.replace("16,8,3", "16,,3")));
        assertEquals(1, outcome(VALID.replace("adam", "adamm")));
        assertEquals(1, outcome("[" + VALID + "]"));
        assertEquals(1, outcome(VALID.replace("t_max=15,", "")), "a schedule without its length");
        assertEquals(1, outcome(VALID.replace("cosine:", "cosin:")));
        assertEquals(1, outcome(VALID.replace("null,", "-1,")));
        assertEquals(1, outcome(VALID.replace("null,", "\"1\",")));
        assertEquals(1, outcome(VALID.replace(",\"clip_grad_norm\":null", "")));
    }

    /** 0 if {@code text} parses, 1 if it is bad input in one line naming the file; fails on anything else. */
    private static int outcome(String text) {
        try {
            TrainCheckpoint.parse(FILE, null, text);
            return 0;
        } catch (BadInputException e) {
            assertTrue(e.getMessage().startsWith("--resume " + FILE + ": metadata 'descent.train' "), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            return 1;
        }
    }
}
