package dev.workerstarter.kernel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With Reactor's automatic context propagation on, the worker follows reactive code onto
 * threads Reactor did not schedule.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "spring.reactor.context-propagation=auto" })
@DirtiesContext
@ExtendWith(PoolClientExtension.class)
class AutomaticContextPropagationIntegrationTests {

	private static final ExecutorService foreign = Executors
		.newSingleThreadExecutor((task) -> new Thread(task, "foreign"));

	@AfterAll
	static void resetGlobalHooks() {
		Hooks.disableAutomaticContextPropagation();
		foreign.shutdown();
	}

	@Test
	void theWorkerFollowsAFutureCompletedOnAForeignThread(PoolClient client) {
		List<String> replies = Flux.range(0, 20)
			.flatMap((i) -> client.web().get().uri("/foreign").retrieve().bodyToMono(String.class))
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(replies).hasSize(20).allSatisfy((reply) -> {
			String[] parts = reply.split(";");
			assertThat(parts[1]).as("worker after resuming").isEqualTo(parts[0]);
			assertThat(parts[2]).as("thread resumed on").isEqualTo("foreign");
		});
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ForeignController.class)
	static class App {

	}

	@RestController
	static class ForeignController {

		@GetMapping("/foreign")
		Mono<String> foreign() {
			int before = WorkerContext.current().orElseThrow().workerId();
			// Completed on the foreign thread once the Mono waits on it, so that it
			// always resumes
			// there: a future already complete when subscribed resumes on the subscribing
			// thread.
			CompletableFuture<Integer> future = new CompletableFuture<>();
			foreign.execute(() -> {
				long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
				while (future.getNumberOfDependents() == 0 && System.nanoTime() < deadline) {
					Thread.onSpinWait();
				}
				future.complete(before);
			});
			return Mono.fromFuture(future)
				.map((worker) -> worker + ";" + WorkerContext.current().map(WorkerContext::workerId).orElse(-1) + ";"
						+ Thread.currentThread().getName());
		}

	}

}
