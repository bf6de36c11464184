/**
 * Multilayer perceptrons as objectives: {@link dev.descent.network.NetworkSpec} (the layers, activation
 * and {@link dev.descent.network.Loss} of a torch {@code nn.Sequential} of {@code Linear} layers, and
 * the layout of its flat parameter vector in torch's {@code state_dict()} order),
 * {@link dev.descent.network.TorchInit} (torch's default initialisation from a seed) and
 * {@link dev.descent.network.MultilayerPerceptron}, the network's loss on a data set with full-batch and
 * mini-batch gradients by backpropagation and Gauss–Newton-vector products, all computed with the
 * backend's {@link dev.descent.backend.NetworkKernels}: the minimizers and first-order optimizers of
 * {@code dev.descent.minimize} train it.
 */
package dev.descent.network;
