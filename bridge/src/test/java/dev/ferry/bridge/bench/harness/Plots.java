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
            s.setLineColor(color(l.name()));
            s.setMarkerColor(color(l.name()));
            if (l.dashed()) {
                s.setLineStyle(new java.awt.BasicStroke(2f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER, 10f,
                        new float[] {6f, 4f}, 0f));
            }
        }
        String name = file.toString();
        BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name, BitmapEncoder.BitmapFormat.PNG);
    }

    /** One colour per percentile (or per gateway on throughput charts), so solid and dashed pairs match. */
    static java.awt.Color color(String name) {
        if (name.endsWith("p999")) {
            return new java.awt.Color(0xC6, 0x28, 0x28);
        } else if (name.endsWith("p99") || name.contains("p99 ")) {
            return new java.awt.Color(0xEF, 0x8F, 0x00);
        } else if (name.endsWith("p50")) {
            return new java.awt.Color(0x15, 0x65, 0xC0);
        } else if (name.startsWith("offered")) {
            return java.awt.Color.GRAY;
        } else if (name.contains("irc->xmpp") || name.contains("RSS") || name.contains("fds")) {
            return new java.awt.Color(0x2E, 0x7D, 0x32);
        } else if (name.contains("trend") || name.contains("sessions") || name.contains("after full GC")) {
            return new java.awt.Color(0x6A, 0x1B, 0x9A);
        }
        return new java.awt.Color(0x15, 0x65, 0xC0);
    }

    private Plots() {
    }
}
