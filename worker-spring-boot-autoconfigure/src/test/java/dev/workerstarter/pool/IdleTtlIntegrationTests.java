package dev.workerstarter.pool;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A kernel that has handled a job and then stays idle for
 * {@code worker.supervisor.idle-ttl} is rebooted (reason {@code IDLE_TTL}); a fresh
 * kernel is left alone.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.supervisor.idle-ttl=300ms", "worker.supervisor.watch-tick=50ms" })
@ExtendWith(PoolClientExtension.class)
class IdleTtlIntegrationTests {

	@Autowired
	RecordedEvents events;

	@Test
	void onlyKernelsThatWorkedAndThenIdledAreRebooted(PoolClient client) {
		// fresh kernels idle for several idle-ttl without a reboot
		await().during(Duration.ofMillis(1000))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.events.reboots().isEmpty());

		String body = client.get("/which").getBody();
		int worker = Integer.parseInt(body);
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.events.reboots().isEmpty());
		WorkerKernelRebootedEvent reboot = this.events.reboots().get(0);
		assertThat(reboot.workerId()).isEqualTo(worker);
		assertThat(reboot.reason()).isEqualTo(RebootReason.IDLE_TTL);
		assertThat(reboot.jobsHandled()).isEqualTo(1);

		// its new kernel has handled nothing, so it is not rebooted again
		await().during(Duration.ofMillis(1000))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.events.reboots().size() == 1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ WhichController.class, RecordedEvents.class })
	static class App {

	}

	@RestController
	static class WhichController {

		@GetMapping("/which")
		String which() {
			return Integer.toString(WorkerContext.current().orElseThrow().workerId());
		}

	}

}
