package dev.workerstarter.kernel;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;

import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.VirtualThreads;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool of thousands of workers on virtual-thread kernels starts, and serves a burst of
 * blocking requests all at once: each handler blocks until every one of them has arrived,
 * which only happens if they all run in parallel, each on its own kernel's virtual
 * thread.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.threads=virtual", "worker.pool.size=" + VirtualKernelBurstIntegrationTests.WORKERS })
@ExtendWith(PoolClientExtension.class)
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualKernelBurstIntegrationTests {

	static final int WORKERS = 2000;

	static final int BURST = 500;

	@Autowired
	WorkerPool pool;

	@Autowired
	Rendezvous rendezvous;

	@LocalServerPort
	int port;

	private final ConnectionProvider connections = ConnectionProvider.builder("burst")
		.maxConnections(BURST)
		.pendingAcquireMaxCount(-1)
		.build();

	@AfterEach
	void closeConnections() {
		this.connections.dispose();
	}

	@Test
	void thousandsOfVirtualKernelsServeABurstOfBlockingRequestsInParallel(PoolClient client) {
		assertThat(this.pool.size()).isEqualTo(WORKERS);
		assertThat(this.pool.idleCount()).isEqualTo(WORKERS);
		WebClient web = WebClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.clientConnector(new ReactorClientHttpConnector(HttpClient.create(this.connections)))
			.build();

		List<String> replies = Flux.range(0, BURST)
			.flatMap((i) -> web.get().uri("/rendezvous").retrieve().bodyToMono(String.class), BURST)
			.collectList()
			.block(Duration.ofSeconds(30));

		assertThat(replies).hasSize(BURST).containsOnly("all arrived");
		assertThat(this.rendezvous.threads).as("one virtual thread per request").hasSize(BURST);
		assertThat(this.rendezvous.threads).allSatisfy((thread) -> {
			assertThat(VirtualThreads.isVirtual(thread)).isTrue();
			assertThat(thread.getName()).matches("worker-\\d+-kernel-0");
		});
		client.awaitIdle();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(RendezvousController.class)
	static class App {

		@Bean
		Rendezvous rendezvous() {
			return new Rendezvous();
		}

	}

	/** Where the burst's handlers wait for each other. */
	static class Rendezvous {

		final CountDownLatch arrivals = new CountDownLatch(BURST);

		final Set<Thread> threads = ConcurrentHashMap.newKeySet();

	}

	@RestController
	static class RendezvousController {

		private final Rendezvous rendezvous;

		RendezvousController(Rendezvous rendezvous) {
			this.rendezvous = rendezvous;
		}

		@GetMapping("/rendezvous")
		String rendezvous() throws InterruptedException {
			this.rendezvous.threads.add(Thread.currentThread());
			this.rendezvous.arrivals.countDown();
			return this.rendezvous.arrivals.await(20, TimeUnit.SECONDS) ? "all arrived" : "alone";
		}

	}

}
