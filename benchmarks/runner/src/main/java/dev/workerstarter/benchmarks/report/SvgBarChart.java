package dev.workerstarter.benchmarks.report;

import java.util.List;
import java.util.Locale;

/**
 * A horizontal grouped bar chart written as SVG: one group per category (system), one bar
 * per series, each bar labelled with its value. Plain SVG text, so the charts need no
 * fonts or graphics stack on the machine that runs the benchmarks.
 */
final class SvgBarChart {

	private static final String[] COLORS = { "#2f6db5", "#e08a1e", "#3a9e5c", "#b5443a" };

	private static final int WIDTH = 760;

	private static final int LABEL_WIDTH = 210;

	private static final int VALUE_WIDTH = 90;

	private static final int BAR_HEIGHT = 18;

	private static final int GROUP_GAP = 14;

	private static final int TOP = 56;

	private final String title;

	private final String unit;

	private final List<String> categories;

	private final List<Series> series;

	SvgBarChart(String title, String unit, List<String> categories, List<Series> series) {
		this.title = title;
		this.unit = unit;
		this.categories = categories;
		this.series = series;
	}

	String render() {
		double max = this.series.stream()
			.flatMap((s) -> s.values().stream())
			.mapToDouble(Double::doubleValue)
			.max()
			.orElse(1);
		int groupHeight = this.series.size() * BAR_HEIGHT + GROUP_GAP;
		int height = TOP + this.categories.size() * groupHeight + 16;
		int plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
		StringBuilder svg = new StringBuilder();
		svg.append(format(
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
						+ "font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n",
				WIDTH, height, WIDTH, height));
		svg.append(format("<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>\n", WIDTH, height));
		svg.append(format("<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">%s</text>\n",
				escape(this.title)));
		int legendX = LABEL_WIDTH;
		for (int s = 0; s < this.series.size(); s++) {
			svg.append(format("<rect x=\"%d\" y=\"30\" width=\"12\" height=\"12\" fill=\"%s\"/>", legendX, color(s)));
			String name = this.series.get(s).name() + " (" + this.unit + ")";
			svg.append(format("<text x=\"%d\" y=\"40\">%s</text>\n", legendX + 16, escape(name)));
			legendX += 30 + name.length() * 7;
		}
		for (int c = 0; c < this.categories.size(); c++) {
			int groupTop = TOP + c * groupHeight;
			int labelY = groupTop + (this.series.size() * BAR_HEIGHT) / 2 + 4;
			svg.append(format("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", LABEL_WIDTH - 8, labelY,
					escape(this.categories.get(c))));
			for (int s = 0; s < this.series.size(); s++) {
				double value = this.series.get(s).values().get(c);
				int barWidth = (int) Math.round(plotWidth * value / max);
				int y = groupTop + s * BAR_HEIGHT;
				svg.append(format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>", LABEL_WIDTH, y,
						Math.max(barWidth, 1), BAR_HEIGHT - 3, color(s)));
				svg.append(format("<text x=\"%d\" y=\"%d\">%s</text>\n", LABEL_WIDTH + barWidth + 4, y + BAR_HEIGHT - 7,
						escape(Numbers.compact(value))));
			}
		}
		svg.append(format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>\n", LABEL_WIDTH, TOP - 4,
				LABEL_WIDTH, height - 12));
		return svg.append("</svg>\n").toString();
	}

	private static String color(int series) {
		return COLORS[series % COLORS.length];
	}

	private static String format(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	/**
	 * One bar per category.
	 *
	 * @param name the legend
	 * @param values a value per category
	 */
	record Series(String name, List<Double> values) {
	}

}
