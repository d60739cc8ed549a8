package dev.workerstarter.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.workerstarter.metrics.WorkerMetrics.Definition;
import dev.workerstarter.metrics.WorkerMetrics.Type;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link WorkerMetrics} against a real Prometheus registry, asserted on the scrape text.
 */
class WorkerMetricsTests {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final WorkerMetrics metrics = new WorkerMetrics(this.registry,
			List.of(definition("user_login", Type.COUNTER, "Number of logged in users", List.of("source")),
					definition("jobs", Type.COUNTER, "Jobs run", List.of()),
					definition("queue_depth", Type.GAUGE, "Messages waiting", List.of("queue")),
					definition("pool:usage", Type.GAUGE, "Connections in use", List.of("pool", "host")),
					definition("temperature", Type.GAUGE, "Degrees", List.of()),
					new Definition("payload_size", Type.HISTOGRAM, "Request payload size", List.of("route"),
							List.of(100.0, 1000.0, 10000.0), List.of()),
					definition("latency", Type.HISTOGRAM, "Latency in milliseconds", List.of()),
					new Definition("ratio", Type.HISTOGRAM, "A fraction", List.of(), List.of(0.5, 1.0), List.of()),
					new Definition("render_time", Type.SUMMARY, "Render time", List.of("view"), List.of(),
							List.of(0.5, 0.9, 0.99)),
					definition("batch_size", Type.SUMMARY, "Batch size", List.of())));

	@AfterEach
	void close() {
		this.registry.close();
	}

	@Test
	void countsByLabelValues() {
		this.metrics.add("user_login", 1, "password");
		this.metrics.add("user_login", 2.5, "password");
		this.metrics.add("user_login", 1, "sso");
		this.metrics.add("user_login", 0, "token");

		assertThat(scrape()).contains("# HELP user_login_total Number of logged in users",
				"# TYPE user_login_total counter", "user_login_total{source=\"password\"} 3.5",
				"user_login_total{source=\"sso\"} 1.0", "user_login_total{source=\"token\"} 0.0");
		assertThat(this.registry.find("user_login").counters()).hasSize(3);
	}

	@Test
	void showsMetricsWithoutLabelsBeforeTheirFirstUseAndLabelledOnesAfter() {
		assertThat(scrape()).contains("jobs_total 0.0", "temperature 0.0", "latency_count 0", "batch_size_count 0")
			.noneMatch((line) -> line.startsWith("user_login") || line.startsWith("queue_depth")
					|| line.startsWith("payload_size") || line.startsWith("render_time"));
		this.metrics.add("jobs", 3);
		assertThat(scrape()).contains("jobs_total 3.0");
	}

	@Test
	void setsAndMovesGauges() {
		this.metrics.set("queue_depth", 7, "mail");
		this.metrics.add("queue_depth", -2, "mail");
		this.metrics.add("queue_depth", 0.5, "sms");
		this.metrics.set("temperature", -4.25);

		assertThat(scrape()).contains("# HELP queue_depth Messages waiting", "# TYPE queue_depth gauge",
				"queue_depth{queue=\"mail\"} 5.0", "queue_depth{queue=\"sms\"} 0.5", "temperature -4.25");
		this.metrics.set("queue_depth", 1, "mail");
		assertThat(scrape()).contains("queue_depth{queue=\"mail\"} 1.0");
	}

	@Test
	void keepsOneSeriesPerTupleOfLabelValuesEvenWhenTheCallerReusesItsArray() {
		String[] labelValues = { "main", "db1" };
		this.metrics.set("pool:usage", 3, labelValues);
		labelValues[1] = "db2";
		this.metrics.set("pool:usage", 4, labelValues);
		this.metrics.add("pool:usage", 1, "main", "db1");

		assertThat(scrape()).contains("pool:usage{host=\"db1\",pool=\"main\"} 4.0",
				"pool:usage{host=\"db2\",pool=\"main\"} 4.0");
		assertThat(this.registry.find("pool:usage").gauges()).hasSize(2);
	}

	@Test
	void countsObservationsInTheDeclaredBuckets() {
		this.metrics.observe("payload_size", 50, "/upload");
		this.metrics.observe("payload_size", 100, "/upload");
		this.metrics.observe("payload_size", 5000, "/upload");
		this.metrics.observe("payload_size", 20000, "/upload");

		assertThat(scrape()).contains("# HELP payload_size Request payload size", "# TYPE payload_size histogram",
				"payload_size_bucket{route=\"/upload\",le=\"100.0\"} 2",
				"payload_size_bucket{route=\"/upload\",le=\"1000.0\"} 2",
				"payload_size_bucket{route=\"/upload\",le=\"10000.0\"} 3",
				"payload_size_bucket{route=\"/upload\",le=\"+Inf\"} 4", "payload_size_count{route=\"/upload\"} 4",
				"payload_size_sum{route=\"/upload\"} 25150.0", "payload_size_max{route=\"/upload\"} 20000.0");
	}

	@Test
	void usesPrometheusDefaultBucketsInMillisecondsForAHistogramDeclaredWithout() {
		this.metrics.observe("latency", 0);
		this.metrics.observe("latency", 2);
		this.metrics.observe("latency", 7);
		this.metrics.observe("latency", 30_000);

		List<String> buckets = scrape().stream().filter((line) -> line.startsWith("latency_bucket")).toList();
		assertThat(buckets).containsExactly("latency_bucket{le=\"5.0\"} 2", "latency_bucket{le=\"10.0\"} 3",
				"latency_bucket{le=\"25.0\"} 3", "latency_bucket{le=\"50.0\"} 3", "latency_bucket{le=\"100.0\"} 3",
				"latency_bucket{le=\"250.0\"} 3", "latency_bucket{le=\"500.0\"} 3", "latency_bucket{le=\"1000.0\"} 3",
				"latency_bucket{le=\"2500.0\"} 3", "latency_bucket{le=\"5000.0\"} 3",
				"latency_bucket{le=\"10000.0\"} 3", "latency_bucket{le=\"+Inf\"} 4");
	}

	// Documented in docs/metrics.md: Micrometer's fixed-bucket histogram rounds an
	// observation up
	// to a whole number before counting it in a bucket (count and sum stay exact).
	@Test
	void countsAFractionalObservationInTheBucketOfItsValueRoundedUp() {
		this.metrics.observe("ratio", 0.3);

		assertThat(scrape()).contains("ratio_bucket{le=\"0.5\"} 0", "ratio_bucket{le=\"1.0\"} 1", "ratio_count 1",
				"ratio_sum 0.3");
	}

	@Test
	void publishesTheDeclaredQuantilesOfASummary() {
		for (int i = 1; i <= 100; i++) {
			this.metrics.observe("render_time", i, "home");
		}

		List<String> scrape = scrape();
		assertThat(scrape).contains("# HELP render_time Render time", "# TYPE render_time summary",
				"render_time_count{view=\"home\"} 100", "render_time_sum{view=\"home\"} 5050.0",
				"render_time_max{view=\"home\"} 100.0");
		// Micrometer's percentiles are approximations (precision 1 significant digit by
		// default).
		assertThat(quantile(scrape, "render_time{view=\"home\",quantile=\"0.5\"}")).isCloseTo(50, within(5.0));
		assertThat(quantile(scrape, "render_time{view=\"home\",quantile=\"0.9\"}")).isCloseTo(90, within(9.0));
		assertThat(quantile(scrape, "render_time{view=\"home\",quantile=\"0.99\"}")).isCloseTo(99, within(10.0));
	}

	@Test
	void publishesCountSumAndMaximumOfASummaryWithoutObjectives() {
		this.metrics.observe("batch_size", 4);
		this.metrics.observe("batch_size", 6);

		assertThat(scrape())
			.contains("# TYPE batch_size summary", "batch_size_count 2", "batch_size_sum 10.0", "batch_size_max 6.0")
			.noneMatch((line) -> line.startsWith("batch_size{"));
	}

	@Test
	void countsExactlyUnderConcurrentUpdates() throws Exception {
		int threads = 8;
		int updates = 20_000;
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<?>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				String source = "source" + (t % 3);
				futures.add(executor.submit(() -> {
					start.await();
					for (int i = 0; i < updates; i++) {
						this.metrics.add("user_login", 1, source);
						this.metrics.add("pool:usage", ((i % 2) == 0) ? 3 : -1, "main", source);
						this.metrics.observe("payload_size", 10, "/" + source);
					}
					return null;
				}));
			}
			start.countDown();
			for (Future<?> future : futures) {
				future.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
		// threads 0, 3, 6 -> source0; 1, 4, 7 -> source1; 2, 5 -> source2
		assertThat(scrape()).contains("user_login_total{source=\"source0\"} 60000.0",
				"user_login_total{source=\"source2\"} 40000.0", "pool:usage{host=\"source0\",pool=\"main\"} 60000.0",
				"pool:usage{host=\"source2\",pool=\"main\"} 40000.0", "payload_size_count{route=\"/source1\"} 60000");
		assertThat(this.registry.find("user_login").counters()).hasSize(3);
		assertThat(this.registry.find("pool:usage").gauges()).hasSize(3);
	}

	@Test
	void rejectsAnUndeclaredNameListingTheDeclaredOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.add("user_logins", 1, "password"))
			.withMessageContaining("No metric named 'user_logins' is declared")
			.withMessageContaining(
					"[user_login, jobs, queue_depth, pool:usage, temperature, payload_size, latency, ratio, "
							+ "render_time, batch_size]")
			.withMessageContaining("worker.metrics.collect.user_logins");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new WorkerMetrics(this.registry, List.of()).observe("anything", 1))
			.withMessageContaining("declared metrics: none");
	}

	@Test
	void rejectsAWrongNumberOfLabelValuesNamingTheLabels() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.add("user_login", 1))
			.withMessage("Metric 'user_login' has the labels [source]: pass 1 label value in that order, "
					+ "not 0 label values [].");
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.set("pool:usage", 1, "main"))
			.withMessage("Metric 'pool:usage' has the labels [pool, host]: pass 2 label values in that order, "
					+ "not 1 label value [main].");
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.add("jobs", 1, "extra"))
			.withMessageContaining("Metric 'jobs' has no labels: pass no label values, not 1 label value [extra]")
			.withMessageContaining("worker.metrics.collect.jobs.labels");
		assertThat(this.registry.find("user_login").counters()).isEmpty();
	}

	@Test
	void rejectsANullLabelValue() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.add("user_login", 1, (String) null))
			.withMessageContaining("null value for its label 'source'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.set("pool:usage", 1, "main", null))
			.withMessageContaining("null value for its label 'host'");
	}

	@Test
	void rejectsAnOperationTheTypeDoesNotTakeSayingWhichItTakes() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.set("user_login", 1, "password"))
			.withMessageContaining("Cannot set metric 'user_login': it is a counter, which takes add only")
			.withMessageContaining("set is for gauges")
			.withMessageContaining("worker.metrics.collect.user_login.type");
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.observe("user_login", 1, "password"))
			.withMessageContaining("it is a counter, which takes add only (observe is for histograms and summaries)");
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.observe("queue_depth", 1, "mail"))
			.withMessageContaining("Cannot observe metric 'queue_depth': it is a gauge, which takes set and add only");
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.add("payload_size", 1, "/upload"))
			.withMessageContaining("Cannot add metric 'payload_size': it is a histogram, which takes observe only")
			.withMessageContaining("add is for counters and gauges");
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.set("render_time", 1, "home"))
			.withMessageContaining("Cannot set metric 'render_time': it is a summary, which takes observe only");
		// the operation is checked before the label values
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.set("user_login", 1))
			.withMessageContaining("which takes add only");
	}

	@Test
	void rejectsANegativeAmountForACounterAndANegativeObservation() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.add("user_login", -1, "password"))
			.withMessageContaining("Cannot add -1.0 to counter 'user_login': a counter only goes up")
			.withMessageContaining("declare it as a gauge");
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.add("jobs", Double.NaN))
			.withMessageContaining("Cannot add NaN to counter 'jobs'");
		assertThatIllegalArgumentException().isThrownBy(() -> this.metrics.observe("payload_size", -5, "/upload"))
			.withMessageContaining("Cannot observe -5.0 in histogram 'payload_size'")
			.withMessageContaining("non-negative");
		assertThat(scrape()).contains("jobs_total 0.0");
	}

	@Test
	void rejectsTheSameNameTwice() {
		List<Definition> definitions = List.of(definition("twice", Type.COUNTER, null, List.of()),
				definition("twice", Type.GAUGE, null, List.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new WorkerMetrics(this.registry, definitions))
			.withMessage("Metric 'twice' is declared twice");
	}

	private List<String> scrape() {
		return this.registry.scrape().lines().toList();
	}

	private static double quantile(List<String> scrape, String series) {
		return scrape.stream()
			.filter((line) -> line.startsWith(series + " "))
			.map((line) -> Double.parseDouble(line.substring(series.length() + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No " + series + " in " + scrape));
	}

	private static Definition definition(String name, Type type, String help, List<String> labels) {
		return new Definition(name, type, help, labels, List.of(), List.of());
	}

}
