package dev.descent.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** The figure helper: which points are drawn, the log-axis labels, and the files written. */
class PlotsTest {

    @TempDir
    Path dir;

    @Test
    void lineLeavesOutPointsThatCannotBeDrawn() {
        XYChart c = Plots.chart("t", "x", "y");
        XYSeries s = Plots.line(c, "s", new double[] {0, 1, 2, 4},
                new double[] {1, Double.NaN, Double.POSITIVE_INFINITY, 3});
        assertArrayEquals(new double[] {0, 4}, s.getXData());
        assertArrayEquals(new double[] {1, 3}, s.getYData());
        XYSeries logged = Plots.logLine(c, "l", new double[] {0, 1, 2}, new double[] {100, 0, 1e-3});
        assertArrayEquals(new double[] {2, -3}, logged.getYData(), 1e-12);
        XYSeries empty = Plots.line(c, "e", new double[] {0}, new double[] {Double.NaN});
        assertEquals(1, empty.getXData().length, "a point at the origin keeps the legend entry");
        assertThrows(IllegalArgumentException.class, () -> Plots.line(c, "bad", new double[2], new double[3]));
    }

    @Test
    void evenlySpacedStepsGetOneInvisiblePointOutOfTheLegend() {
        XYChart c = Plots.chart("t", "step", "y");
        Plots.line(c, "a", Plots.steps(50), new double[50]);
        Plots.line(c, "b", Plots.steps(50), new double[50]);
        long hidden = c.getSeriesMap().values().stream().filter(s -> !s.isShowInLegend()).count();
        assertEquals(1, hidden);
        assertEquals(3, c.getSeriesMap().size());
        XYChart uneven = Plots.chart("t", "x", "y");
        Plots.line(uneven, "a", new double[] {0, 1, 3}, new double[3]);
        assertEquals(1, uneven.getSeriesMap().size());
    }

    @Test
    void linesTakeThePalettesColoursInOrder() {
        XYChart c = Plots.chart("t", "x", "y");
        Plots.line(c, "a", new double[] {0, 1, 3}, new double[3]);
        XYSeries b = Plots.line(c, "b", new double[] {0, 1, 3}, new double[3]);
        assertEquals(Plots.color(1), b.getLineColor());
        assertFalse(Plots.color(0).equals(Plots.color(1)));
    }

    @Test
    void logAxisLabelsArePowersOfTen() {
        assertEquals("1", Plots.powerOfTen(0));
        assertEquals("10", Plots.powerOfTen(1));
        assertEquals("1e-6", Plots.powerOfTen(-6));
        assertEquals("1e15", Plots.powerOfTen(15));
        assertEquals("3.2", Plots.powerOfTen(0.5));
    }

    @Test
    void writesPngAndSvgOfTheGrid() throws IOException {
        XYChart a = Plots.chart("a", "x", "y");
        Plots.line(a, "s", new double[] {0, 1, 3}, new double[] {0, 1, 0});
        XYChart b = Plots.chart("b", "x", "y");
        Plots.line(b, "s", new double[] {0, 1, 3}, new double[] {1, 0, 1});
        XYChart c = Plots.chart("c", "x", "y");
        Plots.line(c, "s", new double[] {0, 1, 3}, new double[] {1, 0, 1});
        Path png = Plots.writePngAndSvg(List.of(a, b, c), 2, dir, "fig");
        assertEquals(dir.resolve("fig.png"), png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(2 * Plots.PANEL_WIDTH, image.getWidth());
        assertEquals(2 * Plots.PANEL_HEIGHT, image.getHeight());
        assertEquals(0xFFFFFFFF, image.getRGB(image.getWidth() - 5, image.getHeight() - 5), "the empty cell is white");
        String svg = Files.readString(dir.resolve("fig.svg"));
        String viewBox = "viewBox=\"0 0 " + 2 * Plots.PANEL_WIDTH + " " + 2 * Plots.PANEL_HEIGHT + "\"";
        assertTrue(svg.contains("<svg") && svg.contains(viewBox), svg.substring(0, 300));
        assertTrue(Plots.supports("a.PNG") && Plots.supports("b.svg") && !Plots.supports("c.pdf"));
    }
}
