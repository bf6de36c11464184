package dev.descent.cuda;

import java.util.List;

/**
 * The state tensors of each optimizer kernel in slot order: slot 0 is the parameter, slot 1 its
 * gradient, then these (the {@code *Slot} enums of the CUDA sources, which a test holds to this list).
 * Which of them a step uses is decided per step, exactly where the reference kernel decides it
 * (see {@link CudaBackend}).
 */
final class OptimizerSlots {

    /** Slots of every kernel: parameter, gradient and up to seven state tensors ({@code kMaxSlots}; vSGD). */
    static final int MAX = 9;

    private OptimizerSlots() {
    }

    /** The state names of {@code kernel}'s slots 2, 3, ... */
    static List<String> states(Kernel kernel) {
        return switch (kernel) {
            case SGD_STEP -> List.of("momentum_buffer");
            case ADAGRAD_STEP -> List.of("sum");
            case ADADELTA_STEP -> List.of("square_avg", "acc_delta");
            case RMSPROP_STEP -> List.of("square_avg", "momentum_buffer", "grad_avg");
            case RPROP_STEP -> List.of("prev", "step_size", "prev_update");
            case ADAM_STEP -> List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq");
            case ADAMAX_STEP -> List.of("exp_avg", "exp_inf");
            case NADAM_STEP -> List.of("exp_avg", "exp_avg_sq");
            case GAINS_STEP -> List.of("gain", "prev_grad", "velocity");
            case VSGD_STEP -> List.of("g_avg", "v_avg", "h_avg", "tau", "curvature", "grad_sq", "h2_avg");
            default -> throw new IllegalArgumentException(kernel + " is not an optimizer kernel");
        };
    }
}
