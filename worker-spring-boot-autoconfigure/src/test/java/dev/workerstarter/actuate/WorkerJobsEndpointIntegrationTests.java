package dev.workerstarter.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.workerstarter.job.JobListener;
import dev.workerstarter.job.WorkerJobs;
import dev.workerstarter.support.WorkersJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code workerjobs} endpoint over real HTTP: every pipeline, one with its dead
 * letters, pause and resume; and the pipelines' gauges.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.jobs.pipelines.slow.concurrency=1",
				"worker.jobs.pipelines.broken.max-attempts=1",
				"management.endpoints.web.exposure.include=workerjobs,health" })
@AutoConfigureWebTestClient
class WorkerJobsEndpointIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	WebTestClient client;

	@Autowired
	WorkerJobs jobs;

	@Autowired
	SlowHandler slow;

	@Autowired
	MeterRegistry registry;

	private WorkersJson json;

	@BeforeEach
	void readJsonThroughTheClient() {
		this.json = new WorkersJson(this.client);
	}

	@Test
	void showsEveryPipeline() {
		Map<String, Object> body = this.json.get("/actuator/workerjobs");
		assertThat(pipelines(body)).containsOnlyKeys("slow", "broken");
		assertThat(pipelines(body).get("slow"))
			.containsOnlyKeys("driver", "pool", "state", "concurrency", "running", "waiting", "delayed", "inFlight",
					"deadLetters")
			.containsEntry("driver", "memory")
			.containsEntry("pool", "default")
			.containsEntry("state", "RUNNING")
			.containsEntry("concurrency", 1);
		assertThat(pipelines(body).get("broken")).containsEntry("concurrency", 2);
	}

	@Test
	void pauseLetsTheRunningJobFinishAndTakesNoOtherUntilResumed() throws InterruptedException {
		this.jobs.push("slow", "first").block(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> this.slow.started.get() == 1);
		Map<String, Object> running = this.json.get("/actuator/workerjobs/slow");
		assertThat(running).containsEntry("running", 1).containsEntry("inFlight", 1);
		assertThat(this.registry.get("worker.jobs.running").tag("pipeline", "slow").gauge().value()).isOne();

		assertThat(this.json.post("/actuator/workerjobs/slow/pause")).containsEntry("state", "PAUSED");
		this.jobs.push("slow", "second").block(TIMEOUT);
		this.slow.release.countDown();
		await().atMost(TIMEOUT).until(() -> this.slow.finished.get() == 1);
		await().atMost(TIMEOUT)
			.until(() -> this.json.get("/actuator/workerjobs/slow"),
					(slow) -> slow.get("waiting").equals(1) && slow.get("inFlight").equals(0));
		assertThat(this.slow.started).hasValue(1);
		assertThat(this.json.get("/actuator/workerjobs/slow")).containsEntry("state", "PAUSED")
			.containsEntry("running", 0);
		await().atMost(TIMEOUT)
			.until(() -> this.registry.get("worker.jobs.depth").tag("pipeline", "slow").gauge().value() == 1);

		// Resumed through the endpoint, the pipeline takes the job that waited.
		assertThat(this.json.post("/actuator/workerjobs/slow/resume")).containsEntry("state", "RUNNING");
		await().atMost(TIMEOUT).until(() -> this.slow.finished.get() == 2);
		assertThat(this.json.get("/actuator/workerjobs/slow")).containsEntry("waiting", 0).containsEntry("inFlight", 0);
	}

	@Test
	void showsTheNewestDeadLettersOfAPipeline() {
		String id = this.jobs.push("broken", Map.of("order", 42)).block(TIMEOUT);
		await().atMost(TIMEOUT)
			.until(() -> this.json.get("/actuator/workerjobs/broken"), (broken) -> broken.get("deadLetters").equals(1));
		Map<String, Object> broken = this.json.get("/actuator/workerjobs/broken");
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> letters = (List<Map<String, Object>>) broken.get("lastDeadLetters");
		assertThat(letters).singleElement().satisfies((letter) -> {
			assertThat(letter).containsOnlyKeys("id", "attempts", "error", "failedAt", "payload")
				.containsEntry("id", id)
				.containsEntry("attempts", 1)
				.containsEntry("error", "java.lang.IllegalArgumentException: no order 42")
				.containsEntry("payload", "{\"order\":42}");
			assertThat((String) letter.get("failedAt")).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		});
	}

	@Test
	void anUnknownPipelineIsNotFoundAndAnUnknownActionABadRequest() {
		this.client.get().uri("/actuator/workerjobs/nope").exchange().expectStatus().isNotFound();
		this.client.post().uri("/actuator/workerjobs/nope/pause").exchange().expectStatus().isNotFound();
		this.client.post().uri("/actuator/workerjobs/slow/stop").exchange().expectStatus().isBadRequest();
		assertThat(this.json.get("/actuator/workerjobs/slow")).containsEntry("state", "RUNNING");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Map<String, Object>> pipelines(Map<String, Object> body) {
		return (Map<String, Map<String, Object>>) body.get("pipelines");
	}

	static class SlowHandler {

		final AtomicInteger started = new AtomicInteger();

		final AtomicInteger finished = new AtomicInteger();

		final CountDownLatch release = new CountDownLatch(1);

		@JobListener("slow")
		void slow(String payload) throws InterruptedException {
			this.started.incrementAndGet();
			assertThat(this.release.await(10, TimeUnit.SECONDS)).isTrue();
			this.finished.incrementAndGet();
		}

		@JobListener("broken")
		void broken(Map<String, Integer> payload) {
			throw new IllegalArgumentException("no order " + payload.get("order"));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		SlowHandler slowHandler() {
			return new SlowHandler();
		}

	}

}
