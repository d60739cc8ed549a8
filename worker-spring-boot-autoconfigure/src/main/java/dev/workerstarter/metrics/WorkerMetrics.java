package dev.workerstarter.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import org.jspecify.annotations.Nullable;

/**
 * Metrics declared by the application under {@code worker.metrics.collect}, updated by
 * name from any thread, like the Symfony RoadRunner bundle's {@code metrics.collect}:
 * <pre class="code">
 * workerMetrics.add("user_login", 1, "password");
 * workerMetrics.set("queue_depth", queue.size(), "mail");
 * workerMetrics.observe("payload_size", bytes, "/upload");
 * </pre> Each metric takes the operations of its {@link Type type}: a counter {@code add}
 * (a non-negative amount), a gauge {@code set} and {@code add} (a positive or negative
 * amount), a histogram and a summary {@code observe}. Label values are given in the order
 * of the declared labels. A misuse (an undeclared name, a wrong number of label values,
 * an operation the type does not take, a negative amount for a counter or an observation)
 * throws an {@link IllegalArgumentException} that says how to fix the call.
 * <p>
 * Each metric is a Micrometer meter named after the declared name, with the declared help
 * as its description and the labels as tags: a counter is a {@link Counter} (Prometheus
 * shows it with a {@code _total} suffix), a gauge a {@link Gauge} holding the last value,
 * a histogram a {@link DistributionSummary} with the buckets as service level objectives,
 * a summary a {@link DistributionSummary} publishing the objectives as percentiles
 * (Micrometer counts an observation in a histogram's buckets after rounding it up to a
 * whole number, while count and sum stay exact). A metric without labels is registered
 * when this object is created, so it shows (at zero) before its first use; a labelled
 * metric gets a meter for each combination of label values on first use. After that first
 * use a call costs two map lookups and the meter's own update.
 */
public final class WorkerMetrics {

	/**
	 * Upper bounds of the buckets of a histogram declared without buckets: Prometheus'
	 * default latency buckets in milliseconds, as Micrometer counts an observation in a
	 * bucket only after rounding it up to a whole number.
	 */
	public static final List<Double> DEFAULT_BUCKETS = List.of(5.0, 10.0, 25.0, 50.0, 100.0, 250.0, 500.0, 1000.0,
			2500.0, 5000.0, 10000.0);

	private final Map<String, Metric<?>> metrics;

	private final List<String> names;

	/**
	 * Creates the metrics and registers those without labels.
	 * @param registry the registry to register the meters with
	 * @param definitions the declared metrics, with distinct names
	 */
	public WorkerMetrics(MeterRegistry registry, List<Definition> definitions) {
		Map<String, Metric<?>> metrics = new HashMap<>();
		List<String> names = new ArrayList<>();
		for (Definition definition : definitions) {
			if (metrics.containsKey(definition.name())) {
				throw new IllegalArgumentException("Metric '" + definition.name() + "' is declared twice");
			}
			metrics.put(definition.name(), metric(registry, definition));
			names.add(definition.name());
		}
		this.metrics = metrics;
		this.names = List.copyOf(names);
	}

	private static Metric<?> metric(MeterRegistry registry, Definition definition) {
		return switch (definition.type()) {
			case COUNTER -> new CounterMetric(registry, definition);
			case GAUGE -> new GaugeMetric(registry, definition);
			case HISTOGRAM, SUMMARY -> new DistributionMetric(registry, definition);
		};
	}

	/**
	 * Adds to a counter or a gauge.
	 * @param name the declared name of the metric
	 * @param value the amount to add: not negative for a counter, either sign for a gauge
	 * @param labelValues a value for each declared label, in their order
	 * @throws IllegalArgumentException if no such metric is declared, it is a histogram
	 * or a summary, the label values do not match its labels, or a counter would go down
	 */
	public void add(String name, double value, String... labelValues) {
		metric(name).add(value, labelValues);
	}

	/**
	 * Sets a gauge.
	 * @param name the declared name of the metric
	 * @param value the new value of the gauge
	 * @param labelValues a value for each declared label, in their order
	 * @throws IllegalArgumentException if no such metric is declared, it is not a gauge,
	 * or the label values do not match its labels
	 */
	public void set(String name, double value, String... labelValues) {
		metric(name).set(value, labelValues);
	}

	/**
	 * Observes a value in a histogram or a summary.
	 * @param name the declared name of the metric
	 * @param value the observed value, not negative
	 * @param labelValues a value for each declared label, in their order
	 * @throws IllegalArgumentException if no such metric is declared, it is a counter or
	 * a gauge, the label values do not match its labels, or the value is negative
	 */
	public void observe(String name, double value, String... labelValues) {
		metric(name).observe(value, labelValues);
	}

	private Metric<?> metric(String name) {
		Metric<?> metric = this.metrics.get(name);
		if (metric == null) {
			throw new IllegalArgumentException("No metric named '" + name + "' is declared; declared metrics: "
					+ (this.names.isEmpty() ? "none" : this.names) + ". Use a declared name, or declare it under "
					+ "worker.metrics.collect." + name + " with its type (counter, gauge, histogram or summary), "
					+ "help and labels.");
		}
		return metric;
	}

	/**
	 * The type of a declared metric, which decides the operations it takes.
	 */
	public enum Type {

		/** A value that only goes up: {@code add} a non-negative amount. */
		COUNTER("add"),

		/** A value that goes up and down: {@code set} it, or {@code add} to it. */
		GAUGE("set and add"),

		/** Observations counted in buckets: {@code observe}. */
		HISTOGRAM("observe"),

		/**
		 * Observations summarized by their count, sum, maximum and quantiles:
		 * {@code observe}.
		 */
		SUMMARY("observe");

		private final String operations;

		Type(String operations) {
			this.operations = operations;
		}

		@Override
		public String toString() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * A declared metric. The auto-configuration builds one for each entry of
	 * {@code worker.metrics.collect} after checking it.
	 *
	 * @param name the name of the metric, a valid Prometheus metric name such as
	 * {@code user_login}
	 * @param type the type of the metric
	 * @param help what the metric measures, or {@code null}
	 * @param labels the names of the labels, whose values are given in this order
	 * @param buckets the upper bounds of a histogram's buckets, strictly increasing;
	 * empty for {@link #DEFAULT_BUCKETS}; empty for other types
	 * @param objectives the quantiles a summary publishes, each in (0, 1); empty for
	 * count, sum and maximum only; empty for other types
	 */
	public record Definition(String name, Type type, @Nullable String help, List<String> labels, List<Double> buckets,
			List<Double> objectives) {

		/**
		 * Creates a definition, copying the lists.
		 * @param name the name of the metric
		 * @param type the type of the metric
		 * @param help what the metric measures, or {@code null}
		 * @param labels the names of the labels
		 * @param buckets the upper bounds of a histogram's buckets
		 * @param objectives the quantiles a summary publishes
		 */
		public Definition {
			Objects.requireNonNull(name, "name");
			Objects.requireNonNull(type, "type");
			labels = List.copyOf(labels);
			buckets = List.copyOf(buckets);
			objectives = List.copyOf(objectives);
		}

	}

	/**
	 * A declared metric with its series: one meter for each combination of label values,
	 * created on first use and then found with one map lookup.
	 *
	 * @param <S> the type of a series
	 */
	private abstract static class Metric<S> {

		final Definition definition;

		final MeterRegistry registry;

		private final String[] labels;

		private final @Nullable S unlabelled;

		// Keyed by the label value itself for one label, by LabelValues for more.
		private final ConcurrentHashMap<Object, S> series = new ConcurrentHashMap<>();

		Metric(MeterRegistry registry, Definition definition) {
			this.definition = definition;
			this.registry = registry;
			this.labels = definition.labels().toArray(String[]::new);
			this.unlabelled = (this.labels.length != 0) ? null : create(Tags.empty());
		}

		abstract S create(Tags tags);

		void add(double value, String[] labelValues) {
			throw wrongOperation("add", "add is for counters and gauges");
		}

		void set(double value, String[] labelValues) {
			throw wrongOperation("set", "set is for gauges");
		}

		void observe(double value, String[] labelValues) {
			throw wrongOperation("observe", "observe is for histograms and summaries");
		}

		final S series(String[] labelValues) {
			if (labelValues.length != this.labels.length) {
				throw wrongLabelValues(labelValues);
			}
			if (this.unlabelled != null) {
				return this.unlabelled;
			}
			if (this.labels.length == 1) {
				String value = labelValues[0];
				if (value == null) {
					throw nullLabelValue(0);
				}
				S series = this.series.get(value);
				return (series != null) ? series
						: this.series.computeIfAbsent(value, (key) -> create(tags(labelValues)));
			}
			S series = this.series.get(new LabelValues(labelValues));
			if (series != null) {
				return series;
			}
			String[] values = labelValues.clone(); // the caller may reuse its array
			Tags tags = tags(values);
			return this.series.computeIfAbsent(new LabelValues(values), (key) -> create(tags));
		}

		private Tags tags(String[] values) {
			List<Tag> tags = new ArrayList<>(values.length);
			for (int i = 0; i < values.length; i++) {
				if (values[i] == null) {
					throw nullLabelValue(i);
				}
				tags.add(Tag.of(this.labels[i], values[i]));
			}
			return Tags.of(tags);
		}

		final String name() {
			return this.definition.name();
		}

		final String describe() {
			return this.definition.type() + " '" + name() + "'";
		}

		private IllegalArgumentException wrongOperation(String operation, String hint) {
			Type type = this.definition.type();
			return new IllegalArgumentException("Cannot " + operation + " metric '" + name() + "': it is a " + type
					+ ", which takes " + type.operations + " only (" + hint + "). Use " + type.operations
					+ ", or declare it with another type under worker.metrics.collect." + name() + ".type.");
		}

		private IllegalArgumentException wrongLabelValues(String[] labelValues) {
			String given = labelValues.length + " label value" + ((labelValues.length != 1) ? "s " : " ")
					+ Arrays.toString(labelValues);
			if (this.labels.length == 0) {
				return new IllegalArgumentException("Metric '" + name() + "' has no labels: pass no label values, not "
						+ given + ", or declare labels under worker.metrics.collect." + name() + ".labels.");
			}
			return new IllegalArgumentException("Metric '" + name() + "' has the labels " + this.definition.labels()
					+ ": pass " + this.labels.length + " label value" + ((this.labels.length != 1) ? "s" : "")
					+ " in that order, not " + given + ".");
		}

		private IllegalArgumentException nullLabelValue(int index) {
			return new IllegalArgumentException("Metric '" + name() + "' got a null value for its label '"
					+ this.labels[index] + "': pass a value for every label (an empty string is allowed).");
		}

	}

	private static final class CounterMetric extends Metric<Counter> {

		CounterMetric(MeterRegistry registry, Definition definition) {
			super(registry, definition);
		}

		@Override
		Counter create(Tags tags) {
			return Counter.builder(name()).description(this.definition.help()).tags(tags).register(this.registry);
		}

		@Override
		void add(double value, String[] labelValues) {
			if (!(value >= 0)) {
				throw new IllegalArgumentException("Cannot add " + value + " to " + describe()
						+ ": a counter only goes up. Add a non-negative amount, or declare it as a gauge to move it "
						+ "both ways.");
			}
			series(labelValues).increment(value);
		}

	}

	private static final class GaugeMetric extends Metric<GaugeValue> {

		GaugeMetric(MeterRegistry registry, Definition definition) {
			super(registry, definition);
		}

		@Override
		GaugeValue create(Tags tags) {
			GaugeValue value = new GaugeValue();
			Gauge.builder(name(), value, GaugeValue::get)
				.description(this.definition.help())
				.tags(tags)
				.strongReference(true)
				.register(this.registry);
			return value;
		}

		@Override
		void add(double value, String[] labelValues) {
			series(labelValues).add(value);
		}

		@Override
		void set(double value, String[] labelValues) {
			series(labelValues).set(value);
		}

	}

	private static final class DistributionMetric extends Metric<DistributionSummary> {

		DistributionMetric(MeterRegistry registry, Definition definition) {
			super(registry, definition);
		}

		@Override
		DistributionSummary create(Tags tags) {
			DistributionSummary.Builder builder = DistributionSummary.builder(name())
				.description(this.definition.help())
				.tags(tags);
			if (this.definition.type() == Type.HISTOGRAM) {
				List<Double> buckets = this.definition.buckets();
				builder.serviceLevelObjectives(toArray(buckets.isEmpty() ? DEFAULT_BUCKETS : buckets));
			}
			else if (!this.definition.objectives().isEmpty()) {
				builder.publishPercentiles(toArray(this.definition.objectives()));
			}
			return builder.register(this.registry);
		}

		@Override
		void observe(double value, String[] labelValues) {
			if (!(value >= 0)) {
				throw new IllegalArgumentException("Cannot observe " + value + " in " + describe()
						+ ": Micrometer records only non-negative observations. Observe a non-negative value, or "
						+ "declare a gauge to track a value that can be negative.");
			}
			series(labelValues).record(value);
		}

		private static double[] toArray(List<Double> values) {
			return values.stream().mapToDouble(Double::doubleValue).toArray();
		}

	}

	/**
	 * The value of a gauge for one combination of label values, as the bits of a double.
	 */
	private static final class GaugeValue {

		private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(0));

		double get() {
			return Double.longBitsToDouble(this.bits.get());
		}

		void set(double value) {
			this.bits.set(Double.doubleToRawLongBits(value));
		}

		void add(double delta) {
			long current;
			long next;
			do {
				current = this.bits.get();
				next = Double.doubleToRawLongBits(Double.longBitsToDouble(current) + delta);
			}
			while (!this.bits.compareAndSet(current, next));
		}

	}

	/**
	 * Label values as a map key, compared by content.
	 */
	private static final class LabelValues {

		private final String[] values;

		private final int hash;

		LabelValues(String[] values) {
			this.values = values;
			this.hash = Arrays.hashCode(values);
		}

		@Override
		public boolean equals(Object other) {
			return (other instanceof LabelValues that) && Arrays.equals(this.values, that.values);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

}
