package dev.descent.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.backend.Backend;
import dev.descent.objective.Beale;
import dev.descent.objective.Rosenbrock;
import dev.descent.objective.Saddle;
import dev.descent.reference.ReferenceBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

class RadfordTrajectoriesTest {

    private final Backend backend = new ReferenceBackend();

    @Test
    void onBealeMomentumAndNagStrayWhereTheAdaptiveMethodsGoStraight() {
        List<RadfordTrajectories.Trajectory> paths = RadfordTrajectories.race(backend, new Beale(), new double[] {1, 1}, 120);
        Claim claim = RadfordTrajectories.bealeClaim(paths);
        assertTrue(claim.holds(), claim.measured());
    }

    @Test
    void atTheSaddleTheAdaptiveMethodsEscapeBeforeSgdMomentumAndNag() {
        List<RadfordTrajectories.Trajectory> paths = RadfordTrajectories.race(backend, new Saddle(),
                RadfordTrajectories.SADDLE_START, 120);
        Claim claim = RadfordTrajectories.saddleClaim(paths, 120);
        assertTrue(claim.holds(), claim.measured());
        // SGD's y grows by 1 + 2·lr = 1.02 a step from 1e-3: |y| ≥ 1 only after ln(1000)/ln(1.02) ≈ 349 steps.
        assertEquals(-1, paths.getFirst().escapeStep(RadfordTrajectories.ESCAPED));
    }

    @Test
    void everyOptimizerRunsTheWholeRaceAndTheRaceIsDeterministic() {
        List<RadfordTrajectories.Trajectory> first = RadfordTrajectories.race(backend, new Beale(), new double[] {1, 1}, 40);
        List<RadfordTrajectories.Trajectory> second = RadfordTrajectories.race(backend, new Beale(), new double[] {1, 1}, 40);
        assertEquals(RadfordTrajectories.racers().size(), first.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(41, first.get(i).points().size(), first.get(i).label()); // the start and 40 steps
            assertArrayEquals(first.get(i).end(), second.get(i).end(), first.get(i).label());
        }
    }

    @Test
    void detourIsTheLargestDistanceFromTheStraightSegment() {
        var path = new RadfordTrajectories.Trajectory("t",
                List.of(new double[] {0, 0}, new double[] {1, -0.5}, new double[] {3, 0.25}, new double[] {5, 0}));
        assertEquals(0.5, path.detour(new double[] {5, 0}), 0);
        // A point past the segment's end is as far as from that end.
        assertEquals(1, new RadfordTrajectories.Trajectory("u", List.of(new double[] {0, 0}, new double[] {5, 0}))
                .detour(new double[] {4, 0}), 0);
        assertEquals(1, path.escapeStep(0.5));
        assertEquals(-1, path.escapeStep(0.6));
        assertEquals(-1, path.escapeStep(1));
    }

    @Test
    void aProblemWithMoreThanTwoVariablesIsRefusedNamingIt() {
        var e = assertThrows(IllegalArgumentException.class, () -> RadfordTrajectories.trajectory(backend,
                new Rosenbrock(4), new double[] {0, 0, 0, 0}, RadfordTrajectories.racers().getFirst(), 5));
        assertTrue(e.getMessage().contains("'rosenbrock' has 4"), e.getMessage());
    }
}
