// operand_table.cuh: the small device arrays through which the multi-tensor vector operations
// (linear combination, dots) receive their tensors, written on the Java side by
// dev.descent.cuda.OperandTable: one 16-byte record per operand, so that one launch takes any number
// of tensors.
#pragma once

#include "descent.cuh"

namespace descent {

// One term c·v of a linear combination: the device address of v and the coefficient.
struct Term {
    unsigned long long address;
    double coefficient;
};

// The device addresses of the two tensors of one dot product.
struct DotPair {
    unsigned long long a;
    unsigned long long b;
};

// sums[k] = Σ_q c_q·v_q[k] in double, q ascending from c_0·v_0 itself (not 0 + c_0·v_0, which would
// turn a -0 into +0), as ReferenceVectorOps.linearCombination sums. load(term, values) fills values
// with the LANES elements of the term's tensor that the caller is combining.
template <class T, int LANES, class Load>
__host__ __device__ __forceinline__ void sum_terms(const Term* terms, int count, double (&sums)[LANES], const Load& load) {
    T values[LANES];
    const Term first = terms[0];
    load(first, values);
#pragma unroll
    for (int k = 0; k < LANES; k++) {
        sums[k] = first.coefficient * static_cast<double>(values[k]);
    }
    for (int q = 1; q < count; q++) {
        const Term term = terms[q];
        load(term, values);
#pragma unroll
        for (int k = 0; k < LANES; k++) {
            sums[k] = sums[k] + term.coefficient * static_cast<double>(values[k]);
        }
    }
}

}  // namespace descent
