package dev.descent.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The operand tables are 16-byte little-endian records, as {@code operand_table.cuh} reads them. */
class OperandTableTest {

    private static final ValueLayout.OfLong LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble LE_DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @Test
    void aTermIsTheAddressThenTheCoefficient() {
        OperandTable t = OperandTable.terms(new long[] {0x1000, 0x2000}, new double[] {-0.0, 2.5});
        assertEquals(2, t.records());
        assertEquals(32, t.bytes().byteSize());
        assertEquals(0x1000, t.bytes().get(LE, 0));
        assertEquals(Double.doubleToRawLongBits(-0.0), t.bytes().get(LE, 8), "the coefficient's bits, -0 kept");
        assertEquals(0x2000, t.bytes().get(LE, 16));
        assertEquals(2.5, t.bytes().get(LE_DOUBLE, 24));
    }

    @Test
    void aDotPairIsItsTwoAddresses() {
        OperandTable t = OperandTable.dotPairs(new long[] {0x100, 0x300}, new long[] {0x200, 0x100});
        assertEquals(0x100, t.bytes().get(LE, 0));
        assertEquals(0x200, t.bytes().get(LE, 8));
        assertEquals(0x300, t.bytes().get(LE, 16));
        assertEquals(0x100, t.bytes().get(LE, 24));
    }

    @Test
    void mismatchedOrEmptyListsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> OperandTable.terms(new long[] {1}, new double[] {1, 2}));
        assertThrows(IllegalArgumentException.class, () -> OperandTable.terms(new long[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> OperandTable.dotPairs(new long[] {1}, new long[0]));
    }
}
