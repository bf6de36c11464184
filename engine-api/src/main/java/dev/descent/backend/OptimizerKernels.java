package dev.descent.backend;

import dev.descent.kernel.AdadeltaCoefficients;
import dev.descent.kernel.AdagradCoefficients;
import dev.descent.kernel.AdamCoefficients;
import dev.descent.kernel.AdamaxCoefficients;
import dev.descent.kernel.GainsCoefficients;
import dev.descent.kernel.NadamCoefficients;
import dev.descent.kernel.RmspropCoefficients;
import dev.descent.kernel.RpropCoefficients;
import dev.descent.kernel.SgdCoefficients;
import dev.descent.kernel.VsgdCoefficients;
import java.util.List;

/**
 * Every optimizer's update, applied to a whole parameter group in one call (backends that can
 * fuse the tensors of a group into one pass or one launch do so). The caller
 * ({@link dev.descent.optim.Optimizer}) has checked shapes, dtypes (float32), ownership and
 * finiteness; the scalars are in the coefficient records, see {@link dev.descent.kernel}.
 */
public interface OptimizerKernels {

    /** torch.optim.SGD. */
    void sgd(SgdCoefficients c, List<ParameterSlots> params);

    /** torch.optim.Adagrad. */
    void adagrad(AdagradCoefficients c, List<ParameterSlots> params);

    /** torch.optim.Adadelta. */
    void adadelta(AdadeltaCoefficients c, List<ParameterSlots> params);

    /** torch.optim.RMSprop. */
    void rmsprop(RmspropCoefficients c, List<ParameterSlots> params);

    /** torch.optim.Rprop (iRprop−) and the other three Rprop rules. */
    void rprop(RpropCoefficients c, List<ParameterSlots> params);

    /** torch.optim.Adam and AdamW. */
    void adam(AdamCoefficients c, List<ParameterSlots> params);

    /** torch.optim.Adamax. */
    void adamax(AdamaxCoefficients c, List<ParameterSlots> params);

    /** torch.optim.NAdam (≥ 2.0). */
    void nadam(NadamCoefficients c, List<ParameterSlots> params);

    /** Adaptive local gains. */
    void gains(GainsCoefficients c, List<ParameterSlots> params);

    /** vSGD (Schaul, Zhang &amp; LeCun 2013), vSGD-l and vSGD-fd; the curvature is an input slot. */
    void vsgd(VsgdCoefficients c, List<ParameterSlots> params);
}
