package dev.descent.cli;

import dev.descent.lab.Plots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code descent train --plot FILE.png|FILE.svg}: two panels side by side, the training loss (the mean
 * mini-batch loss of each epoch; a minimizer's f per iteration) and the test accuracy after each
 * epoch, with XChart.
 */
final class TrainPlot {

    private TrainPlot() {
    }

    /** Writes the figure of {@code report} to {@code file}, PNG or SVG by its extension. */
    static void write(TrainReport report, Path file) throws BadInputException {
        List<XYChart> panels = List.of(panel(report.title(), report.unit(), "training loss", report.epochLoss(), 1),
                panel("test accuracy", report.unit(), "test accuracy (%)", report.epochAccuracy(), 100));
        try {
            Plots.write(panels, panels.size(), file);
        } catch (IOException e) {
            throw new BadInputException("--plot: cannot write " + file + ": " + e.getMessage());
        }
    }

    private static XYChart panel(String title, String unit, String axis, double[] values, double scale) {
        XYChart chart = Plots.chart(title, unit, axis);
        int n = 0;
        for (double v : values) {
            n += Double.isFinite(v) ? 1 : 0;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                x[k] = i + 1;
                y[k++] = scale * values[i];
            }
        }
        if (n == 0) { // no test set, or no epoch: an empty panel says so
            chart.setTitle(title + " (none)");
            x = new double[] {0};
            y = new double[] {0};
        }
        XYSeries s = chart.addSeries(axis, x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        return chart;
    }
}
