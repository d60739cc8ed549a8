package dev.workerstarter.pool;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.DestroyCounter;
import dev.workerstarter.support.Gate;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;
import dev.workerstarter.support.SustainedLoad;
import dev.workerstarter.support.TrafficController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling reset under sustained concurrent load reboots every kernel once, one worker
 * at a time, and no request fails; a worker busy with a long job holds up only its own
 * reboot.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "worker.pool.size=3")
@ExtendWith(PoolClientExtension.class)
class RollingResetIntegrationTests {

	private static final int CLIENTS = 8;

	@Autowired
	WorkerPool pool;

	@Autowired
	RecordedEvents events;

	@Autowired
	DestroyCounter destroys;

	@Autowired
	Gate gate;

	@RepeatedTest(3)
	void everyKernelIsRebootedOnceWhileEveryRequestSucceeds(PoolClient client) throws Exception {
		this.destroys.reset();
		SustainedLoad load = SustainedLoad.start(client, "/work", CLIENTS);
		int servedBefore = load.served();
		this.pool.rollingReset().block(Duration.ofSeconds(20));
		int servedDuring = load.served() - servedBefore;
		List<Integer> statuses = load.stop();
		client.awaitIdle();

		assertThat(servedDuring).as("requests served while the reset ran").isPositive();
		assertThat(statuses).isNotEmpty().allMatch((status) -> status == 200);
		List<WorkerKernelRebootedEvent> reboots = this.events.reboots();
		assertThat(reboots).extracting(WorkerKernelRebootedEvent::reason).containsOnly(RebootReason.RESET);
		assertThat(reboots).extracting(WorkerKernelRebootedEvent::workerId).containsExactlyInAnyOrder(1, 2, 3);
		assertThat(this.destroys.count()).isEqualTo(3);
		assertThat(this.destroys.mostAtOnce()).as("kernels rebooting at the same time").isEqualTo(1);
	}

	@Test
	void aLongJobHoldsUpOnlyItsOwnWorkersReset(PoolClient client) throws Exception {
		this.gate.reset();
		CompletableFuture<ResponseEntity<String>> held = client.send("/held");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.gate.inside() == 1);
		CompletableFuture<RollingResetResult> reset = this.pool.rollingReset().toFuture();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.events.reboots().size() == 2);
		assertThat(reset).isNotDone();
		this.gate.open();
		assertThat(held.get(5, TimeUnit.SECONDS).getBody()).isEqualTo("passed");
		reset.get(10, TimeUnit.SECONDS);
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::workerId)
			.containsExactlyInAnyOrder(1, 2, 3);
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::reason)
			.containsOnly(RebootReason.RESET);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ WorkController.class, TrafficController.class, Gate.class, DestroyCounter.Beans.class,
			RecordedEvents.class })
	static class App {

	}

	@RestController
	static class WorkController {

		private final DestroyCounter.Tracked resource;

		WorkController(DestroyCounter.Tracked resource) {
			this.resource = resource;
		}

		@GetMapping("/work")
		String work() throws InterruptedException {
			Thread.sleep(2);
			return this.resource.use();
		}

	}

}
