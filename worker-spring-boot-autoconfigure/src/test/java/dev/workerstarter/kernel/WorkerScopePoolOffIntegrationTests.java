package dev.workerstarter.kernel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import dev.workerstarter.pool.WorkerPool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with worker-scoped beans runs with the pool off: each thread that serves
 * requests has its own instance, and no worker is bound.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "worker.enabled=false")
class WorkerScopePoolOffIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Test
	void requestsUseOneInstancePerThreadAndNoWorker() {
		assertThat(this.context.getBeanProvider(WorkerPool.class).getIfAvailable()).isNull();
		List<String> replies = Flux.range(0, 50)
			.flatMap((i) -> WebClient.create("http://localhost:" + this.port)
				.get()
				.uri("/thing")
				.retrieve()
				.bodyToMono(String.class), 10)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(replies).hasSize(50).allSatisfy((reply) -> assertThat(reply).endsWith(";no worker"));
		Map<String, Set<String>> instancesByThread = replies.stream()
			.map((reply) -> reply.split(";"))
			.collect(Collectors.groupingBy((parts) -> parts[1],
					Collectors.mapping((parts) -> parts[0], Collectors.toSet())));
		assertThat(instancesByThread).allSatisfy((thread, instances) -> assertThat(instances).hasSize(1));
		assertThat(instancesByThread.values().stream().flatMap(Set::stream).distinct())
			.as("no instance serves two threads")
			.hasSize(instancesByThread.size());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ThingController.class)
	static class App {

		@Bean
		AtomicInteger ids() {
			return new AtomicInteger();
		}

		@Bean
		@WorkerScoped
		Thing thing(AtomicInteger ids) {
			return new Thing(ids.incrementAndGet());
		}

	}

	static class Thing {

		private final int id;

		Thing(int id) {
			this.id = id;
		}

		int id() {
			return this.id;
		}

	}

	@RestController
	static class ThingController {

		private final Thing thing;

		ThingController(Thing thing) {
			this.thing = thing;
		}

		@GetMapping("/thing")
		String thing() {
			return this.thing.id() + ";" + Thread.currentThread().getName() + ";"
					+ WorkerContext.current().map((context) -> "worker " + context.workerId()).orElse("no worker");
		}

	}

}
