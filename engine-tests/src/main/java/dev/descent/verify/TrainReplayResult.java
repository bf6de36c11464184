package dev.descent.verify;

/**
 * The outcome of replaying one training trace on one backend: the worst normalized error over the
 * losses ({@code |ours − theirs| / (loss_rtol·|theirs|)}) and over the final parameters
 * ({@code |ours − theirs| / (atol + rtol·|theirs|)}); at most 1 passes.
 *
 * @param worstLossError the worst loss error
 * @param worstLossStep the 0-based step where it occurred (-1 if every loss matched exactly)
 * @param worstParamError the worst final-parameter error
 * @param worstParam the parameter where it occurred ({@code 0.weight}; null if all matched exactly)
 * @param worstParamIndex the element of that tensor, row-major
 */
public record TrainReplayResult(double worstLossError, int worstLossStep, double worstParamError, String worstParam,
        int worstParamIndex) {

    /** Both worst errors at most 1. */
    public boolean passed() {
        return worstLossError <= 1 && worstParamError <= 1;
    }

    /** The larger of the two worst errors. */
    public double worstError() {
        return Math.max(worstLossError, worstParamError);
    }

    /** Where the larger worst error occurred: {@code losses[t]} or {@code params['0.weight'][i]}. */
    public String where() {
        if (worstLossError >= worstParamError) {
            return worstLossStep < 0 ? "-" : "losses[" + worstLossStep + "]";
        }
        return worstParam == null ? "-" : "params['" + worstParam + "'][" + worstParamIndex + "]";
    }
}
