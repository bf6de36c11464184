package dev.descent.optim;

/**
 * A hyper-parameter of one group whose value in a checkpoint differs from the optimizer's.
 *
 * @param group the group's index
 * @param name the hyper-parameter's torch name ({@code lr}, {@code betas}, ...)
 * @param checkpoint the value in the checkpoint, as its JSON reads back (null if the checkpoint lacks it)
 * @param optimizer the optimizer's value (null if the optimizer lacks it)
 */
public record HyperDifference(int group, String name, Object checkpoint, Object optimizer) {

    @Override
    public String toString() {
        return "group " + group + " " + name + ": checkpoint " + checkpoint + ", optimizer " + optimizer;
    }
}
