package dev.workerstarter.kernel;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Worker-scoped beans belong to one kernel, are never shared by concurrent requests, and
 * blocking handlers run on the worker's own thread.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=4", "worker.pool.max-queue-size=1000" })
@ExtendWith(PoolClientExtension.class)
class WorkerScopeIntegrationTests {

	@Autowired
	Counters counters;

	@Autowired
	Latches latches;

	@Test
	void concurrentRequestsNeverShareAnInstanceAndEachWorkerKeepsItsOwn(PoolClient client) {
		List<String> replies = Flux.range(0, 200)
			.flatMap((i) -> client.web().get().uri("/scoped?input=" + i).retrieve().bodyToMono(String.class), 200)
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(replies).hasSize(200);
		assertThat(this.counters.violations.get()).isZero();
		Map<String, Set<String>> instancesByWorker = replies.stream()
			.map((reply) -> reply.split(";"))
			.collect(Collectors.groupingBy((parts) -> parts[0],
					Collectors.mapping((parts) -> parts[1], Collectors.toSet())));
		assertThat(instancesByWorker).hasSizeLessThanOrEqualTo(4)
			.allSatisfy((worker, instances) -> assertThat(instances).hasSize(1));
		Set<String> allInstances = new HashSet<>();
		instancesByWorker.values().forEach(allInstances::addAll);
		assertThat(allInstances).hasSameSizeAs(instancesByWorker.keySet());
		assertThat(replies).allSatisfy((reply) -> {
			String[] parts = reply.split(";");
			assertThat(parts[2]).as("input echoed intact").matches("\\d+");
			assertThat(parts[3]).startsWith("worker-" + parts[0] + "-kernel-");
		});
		// no reboot happened: every kernel created its bean once, at boot
		assertThat(this.counters.created.get()).isEqualTo(4);
	}

	@Test
	void resettableBeansAreResetAfterEachJobTheyTookPartIn(PoolClient client) {
		int before = this.counters.resets.get();
		for (int i = 0; i < 5; i++) {
			client.web()
				.get()
				.uri("/scoped?input=" + i)
				.retrieve()
				.bodyToMono(String.class)
				.block(Duration.ofSeconds(10));
		}
		client.web().get().uri("/untouched").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.counters.resets.get() == before + 5);
		assertThat(this.counters.dirtyAtStart.get()).isZero();
	}

	@Test
	void blockingHandlersRunOnTheWorkerThreadNeverOnAnEventLoop(PoolClient client) {
		String thread = client.web()
			.get()
			.uri("/thread")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
		assertThat(thread).matches("worker-\\d-kernel-\\d+;\\d");
		String posted = client.web()
			.post()
			.uri("/echo")
			.bodyValue("payload")
			.retrieve()
			.bodyToMono(String.class)
			.block(Duration.ofSeconds(10));
		assertThat(posted).matches("payload;worker-(\\d)-kernel-\\d+;\\1");
	}

	@Test
	void aBlockedWorkerDoesNotDelayTheOthers(PoolClient client) {
		Mono<String> blocked = client.web().get().uri("/block").retrieve().bodyToMono(String.class).cache();
		blocked.subscribe();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.latches.entered.getCount() == 0);
		// the blocked handler holds its worker's thread until the other requests are done
		List<String> others = Flux.range(0, 3)
			.flatMap((i) -> client.web().get().uri("/thread").retrieve().bodyToMono(String.class))
			.collectList()
			.block(Duration.ofSeconds(10));
		assertThat(others).hasSize(3);
		this.latches.release.countDown();
		assertThat(blocked.block(Duration.ofSeconds(10))).isEqualTo("released");
	}

	@Test
	void reactiveHandlersSeeTheirWorkerAfterAHopToAnotherScheduler(PoolClient client) {
		List<String> replies = Flux.range(0, 40)
			.flatMap((i) -> client.web().get().uri("/hop").retrieve().bodyToMono(String.class))
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(replies).hasSize(40).allSatisfy((reply) -> {
			String[] parts = reply.split(";");
			assertThat(parts[1]).as("worker after the hop").isEqualTo(parts[0]);
			assertThat(parts[2]).as("thread after the hop").startsWith("parallel-");
		});
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ScopedController.class)
	static class App {

		@Bean
		Counters counters() {
			return new Counters();
		}

		@Bean
		Latches latches() {
			return new Latches();
		}

		@Bean
		@WorkerScoped
		Stateful stateful(Counters counters) {
			return new Stateful(counters);
		}

	}

	static class Counters {

		final AtomicInteger ids = new AtomicInteger();

		final AtomicInteger created = new AtomicInteger();

		final AtomicInteger destroyed = new AtomicInteger();

		final AtomicInteger violations = new AtomicInteger();

		final AtomicInteger resets = new AtomicInteger();

		final AtomicInteger dirtyAtStart = new AtomicInteger();

	}

	static class Latches {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

	}

	/**
	 * Deliberately not thread-safe: a shared builder and a busy flag that catches
	 * sharing.
	 */
	static class Stateful implements WorkerResettable {

		private final Counters counters;

		private final int instanceId;

		private final StringBuilder buffer = new StringBuilder();

		private final AtomicBoolean busy = new AtomicBoolean();

		Stateful(Counters counters) {
			this.counters = counters;
			this.instanceId = counters.ids.incrementAndGet();
		}

		@PostConstruct
		void created() {
			this.counters.created.incrementAndGet();
		}

		@PreDestroy
		void destroyed() {
			this.counters.destroyed.incrementAndGet();
		}

		String format(String input) {
			if (!this.busy.compareAndSet(false, true)) {
				this.counters.violations.incrementAndGet();
			}
			try {
				if (this.buffer.length() != 0) {
					this.counters.dirtyAtStart.incrementAndGet();
				}
				this.buffer.append(input);
				Thread.onSpinWait();
				return this.buffer.toString();
			}
			finally {
				this.busy.set(false);
			}
		}

		int instanceId() {
			return this.instanceId;
		}

		@Override
		public void reset() {
			this.buffer.setLength(0);
			this.counters.resets.incrementAndGet();
		}

	}

	@RestController
	static class ScopedController {

		private final Stateful stateful;

		private final Latches latches;

		ScopedController(Stateful stateful, Latches latches) {
			this.stateful = stateful;
			this.latches = latches;
		}

		@GetMapping("/scoped")
		String scoped(@RequestParam String input) throws InterruptedException {
			String formatted = this.stateful.format(input);
			Thread.sleep(1);
			WorkerContext context = WorkerContext.current().orElseThrow();
			return context.workerId() + ";" + this.stateful.instanceId() + ";" + formatted + ";"
					+ Thread.currentThread().getName();
		}

		@GetMapping("/untouched")
		String untouched() {
			return "untouched";
		}

		@GetMapping("/thread")
		String thread() {
			return Thread.currentThread().getName() + ";" + WorkerContext.current().orElseThrow().workerId();
		}

		@PostMapping("/echo")
		String echo(@RequestBody String body) {
			return body + ";" + Thread.currentThread().getName() + ";"
					+ WorkerContext.current().orElseThrow().workerId();
		}

		@GetMapping("/block")
		String block() throws InterruptedException {
			this.latches.entered.countDown();
			return this.latches.release.await(10, TimeUnit.SECONDS) ? "released" : "timed out";
		}

		@GetMapping("/hop")
		Mono<String> hop() {
			int before = WorkerContext.current().orElseThrow().workerId();
			return Mono.just(before)
				.publishOn(Schedulers.parallel())
				.map((worker) -> worker + ";" + WorkerContext.current().map(WorkerContext::workerId).orElse(-1) + ";"
						+ Thread.currentThread().getName() + ";" + this.stateful.instanceId());
		}

	}

}
