package dev.workerstarter.observation;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.observation.internal.WorkerObservations;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.support.Gate;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.TrafficController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With tracing on, each request's span has a {@code worker job} child, current in the
 * handler, and a {@code worker queue} child when the request waited for a worker.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "worker.pool.size=1")
@ExtendWith(PoolClientExtension.class)
class WorkerObservationsIntegrationTests {

	@Autowired
	WorkerPool pool;

	@Autowired
	SimpleTracer tracer;

	@Autowired
	Gate gate;

	@BeforeEach
	void clearSpans() {
		this.tracer.getSpans().clear();
		this.gate.reset();
	}

	@Test
	void theJobIsASpanOfTheRequestAndTheParentOfSpansInTheHandler(PoolClient client) {
		assertThat(client.get("/blocking").getBody()).isEqualTo("worker.job");

		SimpleSpan job = awaitSpan("worker job");
		SimpleSpan request = span(job.getParentId());
		assertThat(request.getName()).startsWith("http get");
		assertThat(job.getTags()).containsEntry("outcome", "success").containsEntry("worker.id", "1");
		assertThat(awaitSpan("inner work").getParentId()).isEqualTo(job.getSpanId());
		assertThat(spans("worker queue")).as("the request did not wait").isEmpty();
	}

	@Test
	void aFailedJobIsAFailedSpan(PoolClient client) {
		client.get("/fail");

		SimpleSpan job = awaitSpan("worker job");
		assertThat(job.getTags()).containsEntry("outcome", "error");
		assertThat(job.getError()).hasMessage("failed on purpose");
	}

	@Test
	void aRequestThatWaitedHasAQueueSpanBeforeItsJob(PoolClient client) throws Exception {
		CompletableFuture<ResponseEntity<String>> held = client.send("/held");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.gate.inside() == 1);
		CompletableFuture<ResponseEntity<String>> queued = client.send("/reactive");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.waitingCount() == 1);
		this.gate.open();
		assertThat(held.get(10, TimeUnit.SECONDS).getBody()).isEqualTo("passed");
		assertThat(queued.get(10, TimeUnit.SECONDS).getBody()).isEqualTo("worker.job");

		SimpleSpan queue = awaitSpan("worker queue");
		await().atMost(Duration.ofSeconds(10)).until(() -> spans("worker job").size() == 2);
		SimpleSpan job = spans("worker job").stream()
			.filter((span) -> span.getParentId().equals(queue.getParentId()))
			.findFirst()
			.orElseThrow();
		assertThat(span(queue.getParentId()).getName()).startsWith("http get");
		assertThat(queue.getEndTimestamp()).isBeforeOrEqualTo(job.getStartTimestamp());
	}

	private SimpleSpan awaitSpan(String name) {
		await().atMost(Duration.ofSeconds(10)).until(() -> spans(name).size() == 1);
		return spans(name).get(0);
	}

	private List<SimpleSpan> spans(String name) {
		return this.tracer.getSpans().stream().filter((span) -> name.equals(span.getName())).toList();
	}

	private SimpleSpan span(String id) {
		return this.tracer.getSpans().stream().filter((span) -> id.equals(span.getSpanId())).findFirst().orElseThrow();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ TracedController.class, TrafficController.class, Gate.class })
	static class App {

		@Bean
		SimpleTracer tracer() {
			return new SimpleTracer();
		}

	}

	@RestController
	static class TracedController {

		private final ObservationRegistry registry;

		TracedController(ObservationRegistry registry) {
			this.registry = registry;
		}

		@GetMapping("/blocking")
		String blocking() {
			Observation current = this.registry.getCurrentObservation();
			Observation.createNotStarted("inner.work", this.registry).contextualName("inner work").observe(() -> {
			});
			return (current != null) ? current.getContext().getName() : "none";
		}

		@GetMapping("/reactive")
		Mono<String> reactive() {
			return Mono.deferContextual((context) -> {
				Observation current = context.getOrDefault(WorkerObservations.CONTEXT_KEY, null);
				return Mono.just((current != null) ? current.getContext().getName() : "none");
			});
		}

	}

}
