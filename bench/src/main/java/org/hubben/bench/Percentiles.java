package org.hubben.bench;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of a set of milliseconds. */
record Percentiles(int count, double min, double p50, double p99, double max) {

	static Percentiles of(List<Double> millis) {
		if (millis.isEmpty()) {
			return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
		}
		double[] sorted = millis.stream().mapToDouble(Double::doubleValue).toArray();
		Arrays.sort(sorted);
		return new Percentiles(sorted.length, sorted[0], rank(sorted, 0.50), rank(sorted, 0.99),
				sorted[sorted.length - 1]);
	}

	private static double rank(double[] sorted, double fraction) {
		int index = (int) Math.ceil(fraction * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

}
