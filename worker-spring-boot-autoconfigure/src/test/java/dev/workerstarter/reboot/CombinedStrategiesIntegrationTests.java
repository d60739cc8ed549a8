package dev.workerstarter.reboot;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.pool.internal.WorkerPool;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A list of strategies: built-in ones and a user bean, each seeing every job.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.kernel-reboot.strategy=on_exception,max-jobs,armedStrategy",
				"worker.kernel-reboot.max-jobs=3", "worker.kernel-reboot.max-jobs-dispersion=0" })
class CombinedStrategiesIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	RecordedEvents events;

	@Autowired
	WorkerPool pool;

	@Autowired
	ArmedStrategy armed;

	PoolClient client;

	@BeforeEach
	void settle() {
		this.client = new PoolClient(this.port, this.pool);
		this.client.awaitIdle();
	}

	String get(String path) {
		return this.client.get(path).getBody();
	}

	@Test
	void eachStrategyTriggersWithItsReasonAndSeesEveryJob() {
		// start from a fresh kernel whatever ran before
		this.armed.armed.set(true);
		get("/job");
		this.events.clear();
		int seenBefore = this.armed.seen.get();

		assertThat(get("/job")).isEqualTo("1");
		assertThat(get("/job")).isEqualTo("2");
		assertThat(get("/job")).isEqualTo("3");
		assertThat(get("/job")).as("new kernel after max_jobs").isEqualTo("1");
		get("/fail");
		assertThat(get("/job")).as("new kernel after the exception").isEqualTo("1");
		this.armed.armed.set(true);
		get("/job");
		assertThat(get("/job")).as("new kernel after the custom strategy").isEqualTo("1");

		assertThat(this.events.reboots())
			.extracting(WorkerKernelRebootedEvent::reason, WorkerKernelRebootedEvent::jobsHandled)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(RebootReason.MAX_JOBS, 3L),
					org.assertj.core.groups.Tuple.tuple(RebootReason.EXCEPTION, 2L),
					org.assertj.core.groups.Tuple.tuple(RebootReason.CUSTOM, 2L));
		assertThat(this.armed.seen.get() - seenBefore).as("the custom strategy saw every job").isEqualTo(8);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(JobController.class)
	static class App {

		@Bean
		RecordedEvents recordedEvents() {
			return new RecordedEvents();
		}

		@Bean
		ArmedStrategy armedStrategy() {
			return new ArmedStrategy();
		}

	}

	/** Reboots after the next job once armed; counts the jobs it sees. */
	static class ArmedStrategy implements KernelRebootStrategy {

		final AtomicBoolean armed = new AtomicBoolean();

		final AtomicInteger seen = new AtomicInteger();

		@Override
		public boolean shouldReboot(FinishedJob job) {
			this.seen.incrementAndGet();
			return this.armed.getAndSet(false);
		}

	}

	@RestController
	static class JobController {

		@GetMapping("/job")
		String job() {
			return Long.toString(WorkerContext.current().orElseThrow().jobNumber());
		}

		@GetMapping("/fail")
		String fail() {
			throw new IllegalStateException("fail");
		}

	}

}
