package dev.workerstarter.pool;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.DestroyCounter;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the {@code memory} strategy, heap usage after garbage collection above the
 * threshold reboots every kernel once, one worker at a time; if that does not bring usage
 * down, no more passes run and a warning says so. A 1MB threshold is always exceeded by a
 * Spring application, which makes the pass certain.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=3", "worker.kernel-reboot.strategy=on_exception,memory",
				"worker.kernel-reboot.memory-threshold=1MB", "worker.supervisor.watch-tick=50ms" })
@ExtendWith(OutputCaptureExtension.class)
class MemoryRebootIntegrationTests {

	@Autowired
	RecordedEvents events;

	@Autowired
	DestroyCounter destroys;

	@Test
	void everyKernelIsRebootedOnceOneAtATimeAndUselessPassesAreNotRepeated(CapturedOutput output) {
		System.gc(); // usage after a collection is what counts
		await().atMost(Duration.ofSeconds(10)).until(() -> this.events.reboots().size() == 3);
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::reason)
			.containsOnly(RebootReason.MEMORY);
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::workerId)
			.containsExactlyInAnyOrder(1, 2, 3);
		assertThat(this.destroys.mostAtOnce()).as("kernels rebooting at the same time").isEqualTo(1);
		assertThat(output).contains("above the threshold of 1MB (worker.kernel-reboot.memory-threshold)");

		System.gc(); // still above: the memory is not the kernels'
		await().atMost(Duration.ofSeconds(10)).until(() -> output.toString().contains("not held by worker kernels"));
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.events.reboots().size() == 3);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(DestroyCounter.Beans.class)
	static class App {

		@Bean
		RecordedEvents recordedEvents() {
			return new RecordedEvents();
		}

	}

}
