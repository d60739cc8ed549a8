package dev.workerstarter.actuate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;
import dev.workerstarter.support.SustainedLoad;
import dev.workerstarter.support.WorkersJson;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /actuator/workers/reset} over real HTTP: a rolling reset that answers once
 * every kernel has been rebooted, also while clients keep sending requests.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=3", "management.endpoints.web.exposure.include=workers,health" })
@AutoConfigureWebTestClient
@ExtendWith(PoolClientExtension.class)
class WorkersEndpointResetIntegrationTests {

	private static final int CLIENTS = 6;

	@Autowired
	WebTestClient client;

	@Autowired
	RecordedEvents events;

	private WorkersJson json;

	@BeforeEach
	void readJsonThroughTheClient() {
		this.json = new WorkersJson(this.client);
	}

	@Test
	void resetAnswersOnceEveryKernelWasRebootedOnce() {
		Map<Integer, Long> bootsBefore = kernelBoots(this.json.get("/actuator/workers/default"));
		Instant start = Instant.now();

		Map<String, Object> reset = this.json.post("/actuator/workers/default/reset");

		// the answer comes after the last reboot: nothing is left to wait for
		List<WorkerKernelRebootedEvent> reboots = this.events.reboots();
		assertThat(reboots).extracting(WorkerKernelRebootedEvent::workerId).containsExactlyInAnyOrder(1, 2, 3);
		assertThat(reboots).extracting(WorkerKernelRebootedEvent::reason).containsOnly(RebootReason.RESET);
		assertThat(reset).containsOnlyKeys("workers", "rebooted", "skipped", "took")
			.containsEntry("workers", 3)
			.containsEntry("rebooted", List.of(1, 2, 3))
			.containsEntry("skipped", List.of());
		assertThat((String) reset.get("took")).matches("PT[0-9.HMS]+");
		for (Map<String, Object> worker : WorkersJson.workers(this.json.get("/actuator/workers/default"))) {
			int id = (Integer) worker.get("id");
			assertThat(((Number) worker.get("kernelBoots")).longValue()).isEqualTo(bootsBefore.get(id) + 1);
			assertThat(worker).containsEntry("lastRebootReason", "RESET").containsEntry("kernelJobs", 0);
			assertThat(Instant.parse((String) worker.get("lastRebootTime"))).isBetween(start, Instant.now());
		}
	}

	@Test
	void everyRequestSucceedsWhileAResetRuns(PoolClient client) throws Exception {
		SustainedLoad load = SustainedLoad.start(client, "/work", CLIENTS);
		int servedBefore = load.served();

		this.json.post("/actuator/workers/default/reset");
		int servedDuring = load.served() - servedBefore;
		List<Integer> statuses = load.stop();

		assertThat(servedDuring).as("requests served while the reset ran").isPositive();
		assertThat(statuses).isNotEmpty().allMatch((status) -> status == 200);
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::workerId)
			.containsExactlyInAnyOrder(1, 2, 3);
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::reason)
			.containsOnly(RebootReason.RESET);
	}

	@Test
	void answersBadRequestForAnyOtherAction() {
		this.client.post().uri("/actuator/workers/bogus").exchange().expectStatus().isBadRequest();
		assertThat(this.events.reboots()).isEmpty();
	}

	private static Map<Integer, Long> kernelBoots(Map<String, Object> body) {
		return WorkersJson.workers(body)
			.stream()
			.collect(Collectors.toMap((worker) -> (Integer) worker.get("id"),
					(worker) -> ((Number) worker.get("kernelBoots")).longValue()));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ WorkController.class, RecordedEvents.class })
	static class App {

		@Bean
		@WorkerScoped
		Resource resource() {
			return new Resource();
		}

	}

	static class Resource {

		String use() {
			return "ok";
		}

	}

	@RestController
	static class WorkController {

		private final Resource resource;

		WorkController(Resource resource) {
			this.resource = resource;
		}

		@GetMapping("/work")
		String work() throws InterruptedException {
			Thread.sleep(2);
			return this.resource.use();
		}

	}

}
