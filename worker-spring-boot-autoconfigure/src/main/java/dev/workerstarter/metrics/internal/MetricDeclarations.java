package dev.workerstarter.metrics.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.workerstarter.config.InvalidWorkerPropertyException;
import dev.workerstarter.metrics.WorkerMetrics;

/**
 * Checks the metrics an application declares in its configuration and turns each into a
 * {@link WorkerMetrics.Definition}.
 */
public final class MetricDeclarations {

	private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

	private static final String METRIC_TYPES = "counter, gauge, histogram or summary";

	private MetricDeclarations() {
	}

	/**
	 * Checks a declared metric.
	 * @param prefix the prefix of the declarations' keys, for example
	 * {@code worker.metrics.collect}
	 * @param name the name of the metric, a valid Prometheus metric name
	 * @param type counter, gauge, histogram or summary, in any case
	 * @param help what the metric measures, or {@code null}
	 * @param labels the names of its labels
	 * @param buckets the upper bounds of a histogram's buckets, or {@code null}
	 * @param objectives the quantiles a summary publishes, or {@code null}
	 * @return the definition
	 * @throws InvalidWorkerPropertyException if a value cannot be used
	 */
	public static WorkerMetrics.Definition definition(String prefix, String name, @Nullable String type,
			@Nullable String help, List<String> labels, @Nullable List<Double> buckets,
			@Nullable List<Double> objectives) {
		String property = prefix + "." + name;
		if (!METRIC_NAME.matcher(name).matches()) {
			throw new InvalidWorkerPropertyException(property, name, "it is not a valid Prometheus metric name",
					"Name the metric with letters, digits, underscores and colons, not starting with a digit, "
							+ "for example user_login. In YAML, write a name with a colon in brackets and quotes: "
							+ "\"[http:requests]\".");
		}
		WorkerMetrics.Type checkedType = type(property + ".type", type);
		return new WorkerMetrics.Definition(name, checkedType, help, labels(property + ".labels", checkedType, labels),
				buckets(property + ".buckets", checkedType, buckets),
				objectives(property + ".objectives", checkedType, objectives));
	}

	private static WorkerMetrics.Type type(String property, @Nullable String type) {
		if (type == null || type.isBlank()) {
			throw new InvalidWorkerPropertyException(property, "", "every declared metric needs a type",
					"Set " + property + " to " + METRIC_TYPES + ".");
		}
		for (WorkerMetrics.Type candidate : WorkerMetrics.Type.values()) {
			if (candidate.name().equalsIgnoreCase(type.trim())) {
				return candidate;
			}
		}
		throw new InvalidWorkerPropertyException(property, type, "it is not a metric type",
				"Set " + property + " to " + METRIC_TYPES + " (upper case is accepted).");
	}

	private static List<String> labels(String property, WorkerMetrics.Type type, List<String> labels) {
		String reserved = switch (type) {
			case HISTOGRAM -> "le";
			case SUMMARY -> "quantile";
			default -> null;
		};
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < labels.size(); i++) {
			String label = labels.get(i);
			String entry = property + "[" + i + "]";
			if (label == null || !LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
				throw new InvalidWorkerPropertyException(entry, label, "it is not a valid Prometheus label name",
						"Name the label with letters, digits and underscores, not starting with a digit or with "
								+ "two underscores (reserved by Prometheus), for example source.");
			}
			if (label.equals(reserved)) {
				throw new InvalidWorkerPropertyException(entry, label,
						"a " + type + " uses the label '" + reserved + "' itself", "Rename the label.");
			}
			if (!seen.add(label)) {
				throw new InvalidWorkerPropertyException(entry, label, "the label is listed twice",
						"Remove the duplicate from " + property + ".");
			}
		}
		return labels;
	}

	private static List<Double> buckets(String property, WorkerMetrics.Type type, @Nullable List<Double> buckets) {
		if (buckets == null || buckets.isEmpty()) {
			return List.of();
		}
		if (type != WorkerMetrics.Type.HISTOGRAM) {
			throw new InvalidWorkerPropertyException(property, buckets, "only a histogram has buckets",
					"Remove " + property + ", or set the metric's type to histogram.");
		}
		for (int i = 0; i < buckets.size(); i++) {
			Double bucket = buckets.get(i);
			String entry = property + "[" + i + "]";
			if (bucket == null || !(bucket > 0) || bucket.isInfinite()) {
				throw new InvalidWorkerPropertyException(entry, bucket,
						"a bucket's upper bound must be a positive number",
						"Use positive upper bounds in increasing order, for example [100, 1000, 10000]; the +Inf "
								+ "bucket is always added.");
			}
			if (i > 0 && !(bucket > buckets.get(i - 1))) {
				throw new InvalidWorkerPropertyException(entry, bucket,
						"the upper bounds must be strictly increasing, and this one is not above " + buckets.get(i - 1),
						"List the upper bounds of " + property + " in increasing order, each once.");
			}
		}
		return buckets;
	}

	private static List<Double> objectives(String property, WorkerMetrics.Type type,
			@Nullable List<Double> objectives) {
		if (objectives == null || objectives.isEmpty()) {
			return List.of();
		}
		if (type != WorkerMetrics.Type.SUMMARY) {
			throw new InvalidWorkerPropertyException(property, objectives, "only a summary has objectives",
					"Remove " + property + ", or set the metric's type to summary.");
		}
		Set<Double> seen = new HashSet<>();
		for (int i = 0; i < objectives.size(); i++) {
			Double objective = objectives.get(i);
			String entry = property + "[" + i + "]";
			if (objective == null || !(objective > 0 && objective < 1)) {
				throw new InvalidWorkerPropertyException(entry, objective, "an objective is a quantile between 0 and 1",
						"Use quantiles between 0 and 1 exclusive, for example [0.5, 0.9, 0.99].");
			}
			if (!seen.add(objective)) {
				throw new InvalidWorkerPropertyException(entry, objective, "the quantile is listed twice",
						"Remove the duplicate from " + property + ".");
			}
		}
		return objectives;
	}

}
