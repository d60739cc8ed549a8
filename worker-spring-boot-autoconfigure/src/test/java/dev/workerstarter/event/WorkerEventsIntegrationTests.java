package dev.workerstarter.event;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker's life as its listeners see it, from start to stop.
 */
class WorkerEventsIntegrationTests {

	private ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "worker.pool.size=1")
			.properties(properties)
			.run();
	}

	@Test
	void eventsFollowTheWorkersLifeInOrder() {
		RecordedEvents events;
		try (ConfigurableApplicationContext context = start()) {
			events = context.getBean(RecordedEvents.class);
			assertThat(events.all()).singleElement().isInstanceOf(WorkerStartedEvent.class);
			PoolClient client = PoolClient.of(context);
			assertThat(client.get("/ok").getStatusCode()).isEqualTo(HttpStatus.OK);
			assertThat(client.get("/fail").getStatusCode()).isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
			await().atMost(Duration.ofSeconds(10)).until(() -> events.reboots().size() == 1);
			assertThat(client.get("/ok").getStatusCode()).isEqualTo(HttpStatus.OK);
		}
		List<WorkerEvent> all = events.all();
		assertThat(all).extracting((event) -> event.getClass().getSimpleName())
			.containsExactly("WorkerStartedEvent", "WorkerExceptionEvent", "WorkerKernelRebootedEvent",
					"WorkerStoppedEvent");
		assertThat(all).allSatisfy((event) -> assertThat(event.workerId()).isEqualTo(1));
		WorkerExceptionEvent exception = (WorkerExceptionEvent) all.get(1);
		assertThat(exception.exception()).hasMessage("boom");
		assertThat(exception.jobNumber()).isEqualTo(2);
		WorkerKernelRebootedEvent reboot = (WorkerKernelRebootedEvent) all.get(2);
		assertThat(reboot.reason()).isEqualTo(RebootReason.EXCEPTION);
		assertThat(reboot.jobsHandled()).isEqualTo(2);
	}

	@Test
	void workersStopOnlyAfterTheirInFlightJobsFinish() throws Exception {
		ConfigurableApplicationContext context = start("server.shutdown=graceful", "worker.pool.size=2");
		RecordedEvents events = context.getBean(RecordedEvents.class);
		Latches latches = context.getBean(Latches.class);
		CompletableFuture<ResponseEntity<String>> inFlight = PoolClient.of(context).send("/slow");
		assertThat(latches.entered.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
		// shutdown waits for the job: no worker has stopped yet
		await().during(Duration.ofMillis(200))
			.atMost(Duration.ofSeconds(5))
			.until(() -> events.of(WorkerStoppedEvent.class).isEmpty());
		latches.release.countDown();
		ResponseEntity<String> response = inFlight.get(10, TimeUnit.SECONDS);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).isEqualTo("slow done");
		closing.get(20, TimeUnit.SECONDS);
		assertThat(events.of(WorkerStoppedEvent.class)).extracting(WorkerEvent::workerId).containsExactly(1, 2);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ LifeController.class, RecordedEvents.class })
	static class App {

		@Bean
		Latches latches() {
			return new Latches();
		}

	}

	static class Latches {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

	}

	@RestController
	static class LifeController {

		private final Latches latches;

		LifeController(Latches latches) {
			this.latches = latches;
		}

		@GetMapping("/ok")
		Mono<String> ok() {
			return Mono.just("ok");
		}

		@GetMapping("/fail")
		String fail() {
			throw new IllegalStateException("boom");
		}

		@GetMapping("/slow")
		String slow() throws InterruptedException {
			this.latches.entered.countDown();
			this.latches.release.await(10, TimeUnit.SECONDS);
			return "slow done";
		}

	}

}
