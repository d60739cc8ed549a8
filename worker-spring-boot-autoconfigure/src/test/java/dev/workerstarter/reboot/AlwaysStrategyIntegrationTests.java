package dev.workerstarter.reboot;

import java.time.Duration;
import java.util.List;
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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The always strategy gives every job a fresh kernel, rebooted after the response is
 * sent.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.kernel-reboot.strategy=always" })
@ExtendWith(PoolClientExtension.class)
class AlwaysStrategyIntegrationTests {

	@Autowired
	RecordedEvents events;

	@Autowired
	WorkerPool pool;

	@Autowired
	Boots boots;

	@Test
	void everyJobRunsOnAFreshKernel(PoolClient client) {
		int createdBefore = this.boots.created.get();
		int destroyedBefore = this.boots.destroyed.get();
		List<String> instances = Flux.range(0, 30)
			.concatMap((i) -> client.web().get().uri("/instance").retrieve().bodyToMono(String.class))
			.collectList()
			.block(Duration.ofSeconds(30));
		client.awaitIdle();
		Set<String> distinct = instances.stream().map((reply) -> reply.split(";")[0]).collect(Collectors.toSet());
		assertThat(distinct).as("one instance per job").hasSize(30);
		Set<String> threads = instances.stream().map((reply) -> reply.split(";")[1]).collect(Collectors.toSet());
		assertThat(threads).as("each reboot retires the kernel's thread").hasSize(30);
		assertThat(this.events.reboots()).hasSize(30).allSatisfy((event) -> {
			assertThat(event.reason()).isEqualTo(RebootReason.ALWAYS);
			assertThat(event.jobsHandled()).isEqualTo(1);
		});
		assertThat(this.boots.created.get() - createdBefore).isEqualTo(30);
		assertThat(this.boots.destroyed.get() - destroyedBefore).isEqualTo(30);
	}

	@Test
	void theRebootHappensAfterTheResponseIsSent(PoolClient client) throws Exception {
		this.boots.hold();
		ResponseEntity<String> response = client.send("/instance").get(10, TimeUnit.SECONDS);
		// the response arrived while the new kernel's bean is still being created
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(this.boots.entered.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.events.reboots()).isEmpty();
		assertThat(this.pool.idleCount()).isEqualTo(1);
		this.boots.release();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.events.reboots().size() == 1);
		client.awaitIdle();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ InstanceController.class, RecordedEvents.class })
	static class App {

		@Bean
		Boots boots() {
			return new Boots();
		}

		@Bean
		@WorkerScoped
		Instance instance(Boots boots) {
			return new Instance(boots);
		}

	}

	/** Counts kernel beans; can hold the next boot until released. */
	static class Boots {

		final AtomicInteger ids = new AtomicInteger();

		final AtomicInteger created = new AtomicInteger();

		final AtomicInteger destroyed = new AtomicInteger();

		final AtomicBoolean holding = new AtomicBoolean();

		volatile CountDownLatch entered = new CountDownLatch(1);

		volatile CountDownLatch released = new CountDownLatch(0);

		void hold() {
			this.entered = new CountDownLatch(1);
			this.released = new CountDownLatch(1);
			this.holding.set(true);
		}

		void release() {
			this.released.countDown();
		}

		void booting() {
			if (this.holding.getAndSet(false)) {
				this.entered.countDown();
				try {
					this.released.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

	}

	static class Instance {

		private final Boots boots;

		private final int id;

		Instance(Boots boots) {
			this.boots = boots;
			this.id = boots.ids.incrementAndGet();
		}

		@PostConstruct
		void created() {
			this.boots.booting();
			this.boots.created.incrementAndGet();
		}

		@PreDestroy
		void destroyed() {
			this.boots.destroyed.incrementAndGet();
		}

		int id() {
			return this.id;
		}

	}

	@RestController
	static class InstanceController {

		private final Instance instance;

		InstanceController(Instance instance) {
			this.instance = instance;
		}

		@GetMapping("/instance")
		String instance() {
			return this.instance.id() + ";" + Thread.currentThread().getName();
		}

	}

}
