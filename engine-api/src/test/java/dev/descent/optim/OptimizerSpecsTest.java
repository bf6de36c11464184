package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** torch-named hyper-parameters, as trace files and the command line give them. */
class OptimizerSpecsTest {

    @Test
    void everyNameHasDefaults() {
        for (String name : OptimizerSpecs.names()) {
            assertEquals(name, OptimizerSpecs.defaults(name).name());
        }
    }

    @Test
    void torchNamesMapOntoTheRecord() {
        Adam a = (Adam) OptimizerSpecs.fromHyper("adam", Map.of("lr", 0.1, "betas", List.of(0.8, 0.99),
                "eps", 1e-6, "weight_decay", 0.01, "amsgrad", true, "maximize", true));
        assertEquals(new Adam(0.1, 0.8, 0.99, 1e-6, 0.01, true, true), a);
    }

    @Test
    void implementationSwitchesAreAcceptedAndIgnored() {
        OptimizerSpec s = OptimizerSpecs.fromHyper("sgd", Map.of("foreach", false, "differentiable", false,
                "fused", false, "capturable", false));
        assertEquals(Sgd.defaults(), s);
    }

    @Test
    void adamWithDecoupledWeightDecayIsAdamW() {
        OptimizerSpec s = OptimizerSpecs.fromHyper("adam", Map.of("weight_decay", 0.05, "decoupled_weight_decay", true));
        AdamW w = assertInstanceOf(AdamW.class, s);
        assertEquals(0.05, w.weightDecay());
        assertInstanceOf(Adam.class, OptimizerSpecs.fromHyper("adam", Map.of("decoupled_weight_decay", false)));
    }

    @Test
    void nadamWithDecoupledWeightDecayIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpecs.fromHyper("nadam", Map.of("decoupled_weight_decay", true)));
        assertTrue(e.getMessage().contains("decoupled_weight_decay"), e.getMessage());
    }

    @Test
    void unknownOptimizerAndKeysAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpecs.fromHyper("lion", Map.of()));
        assertTrue(e.getMessage().contains("unknown optimizer 'lion'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpecs.fromHyper("adam", Map.of("gamma", 0.5)));
        assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("betas"), e.getMessage());
    }

    @Test
    void wrongValueTypesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpecs.fromHyper("adam", Map.of("betas", 0.9)));
        assertTrue(e.getMessage().contains("betas") && e.getMessage().contains("pair"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpecs.fromHyper("sgd", Map.of("nesterov", "yes")));
        assertTrue(e.getMessage().contains("nesterov"), e.getMessage());
    }
}
