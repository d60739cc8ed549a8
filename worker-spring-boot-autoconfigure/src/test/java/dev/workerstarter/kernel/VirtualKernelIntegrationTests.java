package dev.workerstarter.kernel;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.pool.JobTimeoutException;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;
import dev.workerstarter.support.VirtualThreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With {@code worker.threads=virtual} each kernel runs its blocking handlers on a virtual
 * thread of its own, named like a platform kernel's: a reboot still retires the thread
 * with its {@code ThreadLocal}s, and a job past the exec TTL still has its thread
 * interrupted and its worker back at once on a new one.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.threads=virtual", "worker.pool.size=1", "worker.supervisor.exec-ttl=1s",
				"worker.supervisor.watch-tick=100ms" })
@ExtendWith(PoolClientExtension.class)
@EnabledForJreRange(min = JRE.JAVA_21)
class VirtualKernelIntegrationTests {

	@Autowired
	WorkerPool pool;

	@Autowired
	RecordedEvents events;

	@Autowired
	Held held;

	@BeforeEach
	void holdHandlers() {
		this.held.release = new CountDownLatch(1);
		this.held.interrupted = new CompletableFuture<>();
	}

	@AfterEach
	void releaseHandlers() {
		this.held.release.countDown();
	}

	@Test
	void blockingHandlersRunOnTheKernelsVirtualThread(PoolClient client) {
		ThreadSeen first = ThreadSeen.of(client.get("/thread"));
		ThreadSeen second = ThreadSeen.of(client.get("/thread"));

		assertThat(first.virtual()).as("virtual thread").isTrue();
		assertThat(first.name()).matches("worker-1-kernel-\\d+");
		assertThat(second).as("the same kernel's one thread").isEqualTo(first);
	}

	@Test
	void aThreadLocalLeftOnTheKernelsVirtualThreadIsGoneAfterAReboot(PoolClient client) {
		client.get("/left-behind?reboot=true"); // start from a fresh kernel
		String kernelThread = ThreadSeen.of(client.get("/thread")).name();

		assertThat(client.get("/left-behind").getBody()).isEqualTo("none");
		assertThat(client.get("/left-behind?reboot=true").getBody()).as("kept on the kernel's thread between its jobs")
			.isEqualTo("set on " + kernelThread);
		assertThat(client.get("/left-behind").getBody()).as("gone with the rebooted kernel's thread").isEqualTo("none");
		ThreadSeen rebooted = ThreadSeen.of(client.get("/thread"));
		assertThat(rebooted.virtual()).isTrue();
		assertThat(rebooted.name()).isEqualTo(nextGeneration(kernelThread));
	}

	@Test
	void aBlockingJobPastTheExecTtlIsAnswered503AndItsVirtualThreadInterrupted(PoolClient client) {
		String kernelThread = ThreadSeen.of(client.get("/thread")).name();

		ResponseEntity<String> expired = client.send("/held").join();

		assertThat(expired.getStatusCode().value()).isEqualTo(503);
		Thread interrupted = this.held.interrupted.orTimeout(10, TimeUnit.SECONDS).join();
		assertThat(VirtualThreads.isVirtual(interrupted)).as("interrupted thread is virtual").isTrue();
		assertThat(interrupted.getName()).isEqualTo(kernelThread);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.pool.idleCount() == 1);
		assertThat(this.events.exceptions()).singleElement()
			.satisfies((event) -> assertThat(event.exception()).isInstanceOf(JobTimeoutException.class));
		ThreadSeen replacement = ThreadSeen.of(client.get("/thread"));
		assertThat(replacement.virtual()).isTrue();
		assertThat(replacement.name()).as("a new kernel on a new thread").isEqualTo(nextGeneration(kernelThread));
	}

	private static String nextGeneration(String kernelThread) {
		int dash = kernelThread.lastIndexOf('-');
		return kernelThread.substring(0, dash + 1) + (Long.parseLong(kernelThread.substring(dash + 1)) + 1);
	}

	record ThreadSeen(String name, boolean virtual) {

		static ThreadSeen of(ResponseEntity<String> response) {
			assertThat(response.getStatusCode().value()).isEqualTo(200);
			String[] parts = response.getBody().split(";");
			return new ThreadSeen(parts[0], Boolean.parseBoolean(parts[1]));
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ ThreadController.class, RecordedEvents.class })
	static class App {

		@Bean
		Held held() {
			return new Held();
		}

	}

	/** Holds a blocking handler until it is interrupted or released. */
	static class Held {

		volatile CountDownLatch release = new CountDownLatch(1);

		volatile CompletableFuture<Thread> interrupted = new CompletableFuture<>();

	}

	@RestController
	static class ThreadController {

		// What a library might leave on whatever thread runs it.
		private static final ThreadLocal<String> LEFT_BEHIND = new ThreadLocal<>();

		private final Held held;

		ThreadController(Held held) {
			this.held = held;
		}

		@GetMapping("/thread")
		String thread() {
			Thread thread = Thread.currentThread();
			return thread.getName() + ";" + VirtualThreads.isVirtual(thread);
		}

		@GetMapping("/left-behind")
		String leftBehind(@RequestParam(defaultValue = "false") boolean reboot) {
			String seen = LEFT_BEHIND.get();
			LEFT_BEHIND.set("set on " + Thread.currentThread().getName());
			if (reboot) {
				WorkerContext.current().orElseThrow().requestKernelReboot();
			}
			return (seen != null) ? seen : "none";
		}

		@GetMapping("/held")
		String held() {
			try {
				this.held.release.await();
				return "released";
			}
			catch (InterruptedException ex) {
				this.held.interrupted.complete(Thread.currentThread());
				return "interrupted";
			}
		}

	}

}
