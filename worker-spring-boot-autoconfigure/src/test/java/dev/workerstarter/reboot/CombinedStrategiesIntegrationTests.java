package dev.workerstarter.reboot;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A list of strategies: built-in ones and a user bean, each seeing every job.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.kernel-reboot.strategy=on_exception,max-jobs,armedStrategy",
				"worker.kernel-reboot.max-jobs=3", "worker.kernel-reboot.max-jobs-dispersion=0" })
@ExtendWith(PoolClientExtension.class)
class CombinedStrategiesIntegrationTests {

	@Autowired
	RecordedEvents events;

	@Autowired
	ArmedStrategy armed;

	@Test
	void eachStrategyTriggersWithItsReasonAndSeesEveryJob(PoolClient client) {
		// start from a fresh kernel whatever ran before
		this.armed.armed.set(true);
		client.get("/job");
		this.events.clear();
		int seenBefore = this.armed.seen.get();

		assertThat(client.get("/job").getBody()).isEqualTo("1");
		assertThat(client.get("/job").getBody()).isEqualTo("2");
		assertThat(client.get("/job").getBody()).isEqualTo("3");
		assertThat(client.get("/job").getBody()).as("new kernel after max_jobs").isEqualTo("1");
		client.get("/fail");
		assertThat(client.get("/job").getBody()).as("new kernel after the exception").isEqualTo("1");
		this.armed.armed.set(true);
		client.get("/job");
		assertThat(client.get("/job").getBody()).as("new kernel after the custom strategy").isEqualTo("1");

		assertThat(this.events.reboots())
			.extracting(WorkerKernelRebootedEvent::reason, WorkerKernelRebootedEvent::jobsHandled)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(RebootReason.MAX_JOBS, 3L),
					org.assertj.core.groups.Tuple.tuple(RebootReason.EXCEPTION, 2L),
					org.assertj.core.groups.Tuple.tuple(RebootReason.CUSTOM, 2L));
		assertThat(this.armed.seen.get() - seenBefore).as("the custom strategy saw every job").isEqualTo(8);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ JobController.class, RecordedEvents.class })
	static class App {

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
