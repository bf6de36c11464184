package dev.descent.verify;

/**
 * One row of {@code descent verify}: an optimizer, or a network kernel, on a backend against the reference.
 *
 * @param optimizer torch.optim's name, or the network kernel's ({@code matMul}, …)
 * @param backend the backend checked
 * @param cases how many cases were run
 * @param worstError the worst normalized error over all cases (≤ 1 passes)
 * @param passed whether every case passed
 * @param worstCase a description of the worst case and element
 */
public record VerifyRow(String optimizer, String backend, int cases, double worstError, boolean passed,
        String worstCase) {
}
