package dev.ferry.bridge.bench.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG line charts for the harness and the soak (XChart, test scope only). */
final class Plots {

    /** One line: a name and its points (x ascending). */
    record Line(String name, List<Double> x, List<Double> y, boolean dashed) {
    }

    static void write(Path file, String title, String xTitle, String yTitle, boolean logY, List<Line> lines) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(540).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setDecimalPattern("#,##0.##");
        for (Line l : lines) {
            List<Double> y = l.y();
            if (logY) { // a log axis cannot show 0 or NaN
                y = y.stream().map(v -> v == null || v.isNaN() || v <= 0 ? 0.001 : v).toList();
            }
            if (l.x().isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(l.name(), l.x(), y);
            s.setMarker(SeriesMarkers.CIRCLE);
            if (l.dashed()) {
                s.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
            }
        }
        String name = file.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name, BitmapEncoder.BitmapFormat.PNG);
    }

    private Plots() {
    }
}
