package dev.descent.optim;

/**
 * One named per-parameter state tensor of an optimizer and the value it starts with
 * (torch's names and initial values: {@code exp_avg} 0, Adagrad's {@code sum} =
 * {@code initial_accumulator_value}, Rprop's {@code step_size} = lr, ...).
 */
public record StateSpec(String name, float initialValue) {
}
