package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** {@code dots} computes each unordered pair of tensors once, in launches of at most 16 products. */
class DotPairsTest {

    @Test
    void aPairInEitherOrderIsOneProduct() {
        DotPairs p = DotPairs.of(new long[] {100, 200}, new long[] {200, 100, 300});
        assertEquals(5, p.products()); // 100·200, 100·100, 100·300, 200·200, 200·300
        assertEquals(p.productOf(0), p.productOf(4), "a₀·b₀ = 100·200 = a₁·b₁ = 200·100");
        assertNotEquals(p.productOf(1), p.productOf(3), "100·100 and 200·200 are different products");
        OperandTable t = p.table();
        assertEquals(5, t.records());
        for (int k = 0; k < 6; k++) {
            int product = p.productOf(k);
            long a = new long[] {100, 200}[k / 3];
            long b = new long[] {200, 100, 300}[k % 3];
            long first = t.first(product);
            long second = t.second(product);
            assertEquals(Math.min(a, b) + "·" + Math.max(a, b), Math.min(first, second) + "·" + Math.max(first, second),
                    "entry " + k);
        }
    }

    @Test
    void productsAreSplitIntoLaunchesOfAtMostSixteen() {
        long[] a = {1, 2, 3};
        long[] b = new long[11];
        for (int j = 0; j < b.length; j++) {
            b[j] = 10 + j;
        }
        DotPairs p = DotPairs.of(a, b);
        assertEquals(33, p.products());
        assertEquals(3, p.launches());
        assertEquals(0, p.firstOf(0));
        assertEquals(16, p.countOf(0));
        assertEquals(16, p.firstOf(1));
        assertEquals(32, p.firstOf(2));
        assertEquals(1, p.countOf(2));
    }
}
