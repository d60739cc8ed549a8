package dev.workerstarter.metrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.support.Gate;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.TrafficController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pool's meters in a real Prometheus scrape, after real traffic: successes, an
 * exception that reboots a kernel, a request that waited in the queue, one rejected
 * because the queue was full and one whose client went away.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.pool.max-queue-size=1",
				"management.endpoints.web.exposure.include=prometheus" })
@AutoConfigureMetrics
@ExtendWith(PoolClientExtension.class)
class PoolMetricsPrometheusIntegrationTests {

	@Autowired
	Gate gate;

	@Autowired
	WorkerPool pool;

	@Autowired
	MeterRegistry registry;

	@Test
	void scrapeShowsTheMetersOfRealTraffic(PoolClient client) throws Exception {
		WebClient web = client.web();
		for (int i = 0; i < 3; i++) {
			assertThat(client.get("/ok").getStatusCode()).isEqualTo(HttpStatus.OK);
		}
		assertThat(client.get("/fail").getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);

		CompletableFuture<ResponseEntity<String>> first = client.send("/held");
		CompletableFuture<ResponseEntity<String>> second = client.send("/held");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.gate.inside() == 2);
		CompletableFuture<ResponseEntity<String>> queued = client.send("/held");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.waitingCount() == 1);
		assertThat(client.send("/ok").get(10, TimeUnit.SECONDS).getStatusCode()).as("the queue is full")
			.isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
		this.gate.open();
		for (CompletableFuture<ResponseEntity<String>> response : List.of(first, second, queued)) {
			assertThat(response.get(10, TimeUnit.SECONDS).getStatusCode()).isEqualTo(HttpStatus.OK);
		}
		client.awaitIdle();

		this.gate.reset();
		assertThat(web.get()
			.uri("/held")
			.retrieve()
			.toBodilessEntity()
			.timeout(Duration.ofMillis(200))
			.onErrorResume((ex) -> Mono.empty())
			.block(Duration.ofSeconds(10))).as("the client gave up").isNull();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.registry.get("worker.job.duration")
				.tag("outcome", "cancelled")
				.functionTimer()
				.count() == 1);
		client.awaitIdle();

		String scrape = web.get()
			.uri("/actuator/prometheus")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
		assertThat(value(scrape, "worker_job_duration_seconds_count{outcome=\"success\",pool=\"default\"}"))
			.isEqualTo(6);
		assertThat(value(scrape, "worker_job_duration_seconds_count{outcome=\"error\",pool=\"default\"}")).isEqualTo(1);
		assertThat(value(scrape, "worker_job_duration_seconds_count{outcome=\"cancelled\",pool=\"default\"}"))
			.isEqualTo(1);
		assertThat(value(scrape, "worker_job_duration_seconds_count{outcome=\"timeout\",pool=\"default\"}")).isZero();
		assertThat(value(scrape, "worker_job_duration_seconds_sum{outcome=\"success\",pool=\"default\"}")).isPositive();
		assertThat(value(scrape, "worker_queue_wait_seconds_count{pool=\"default\"}")).isEqualTo(1);
		assertThat(value(scrape, "worker_rejected_total{pool=\"default\",reason=\"queue_full\"}")).isEqualTo(1);
		assertThat(value(scrape, "worker_rejected_total{pool=\"default\",reason=\"timeout\"}")).isZero();
		assertThat(value(scrape, "worker_rejected_total{pool=\"default\",reason=\"draining\"}")).isZero();
		assertThat(value(scrape, "worker_kernel_reboots_total{pool=\"default\",reason=\"exception\"}")).isEqualTo(1);
		assertThat(value(scrape, "worker_kernel_reboots_total{pool=\"default\",reason=\"max_jobs\"}")).isZero();
		assertThat(value(scrape, "worker_kernel_boot_seconds_count{pool=\"default\"}"))
			.as("two first kernels and one reboot")
			.isEqualTo(3);
		assertThat(value(scrape, "worker_replacements_total{cause=\"exec_ttl\",pool=\"default\"}")).isZero();
		assertThat(value(scrape, "worker_pool_size{pool=\"default\"}")).isEqualTo(2);
		assertThat(value(scrape, "worker_pool_workers{pool=\"default\",state=\"idle\"}")).isEqualTo(2);
		assertThat(value(scrape, "worker_pool_workers{pool=\"default\",state=\"busy\"}")).isZero();
		assertThat(value(scrape, "worker_pool_queued{pool=\"default\"}")).isZero();
		assertThat(scrape)
			.contains("# HELP worker_job_duration_seconds Time a worker spent on a job (a request or other work)");
	}

	private static double value(String scrape, String series) {
		Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
		assertThat(matcher.find()).as("%s in the scrape:%n%s", series, scrape).isTrue();
		return Double.parseDouble(matcher.group(1));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ TrafficController.class, Gate.class })
	static class App {

	}

}
