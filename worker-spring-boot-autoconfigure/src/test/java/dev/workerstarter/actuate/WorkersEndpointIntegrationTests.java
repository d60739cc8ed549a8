package dev.workerstarter.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.workerstarter.support.Gate;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.TrafficController;
import dev.workerstarter.support.WorkersJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code workers} endpoint read over real HTTP: the pool, every worker, one worker.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "management.endpoints.web.exposure.include=workers,health" })
@AutoConfigureWebTestClient
@ExtendWith(PoolClientExtension.class)
class WorkersEndpointIntegrationTests {

	private static final String ISO_DURATION = "PT[0-9.HMS]+";

	@Autowired
	WebTestClient client;

	@Autowired
	Gate gate;

	private WorkersJson json;

	@BeforeEach
	void readJsonThroughTheClient() {
		this.json = new WorkersJson(this.client);
	}

	@Test
	void showsThePoolAndEveryWorkerWithTheJobsTheyRan(PoolClient client) {
		long before = totalJobs(this.json.get("/actuator/workers/default"));
		for (int i = 0; i < 5; i++) {
			assertThat(client.get("/ok").getStatusCode()).isEqualTo(HttpStatus.OK);
		}

		Map<String, Object> body = this.json.get("/actuator/workers/default");
		assertThat(body).containsOnlyKeys("state", "size", "idle", "waiting", "workers")
			.containsEntry("state", "RUNNING")
			.containsEntry("size", 2)
			.containsEntry("idle", 2)
			.containsEntry("waiting", 0);
		List<Map<String, Object>> workers = WorkersJson.workers(body);
		assertThat(workers).extracting((worker) -> worker.get("id")).containsExactly(1, 2);
		assertThat(workers).allSatisfy((worker) -> {
			assertThat(worker).containsOnlyKeys("id", "state", "currentWork", "currentJobStarted", "currentJobElapsed",
					"kernelJobs", "totalJobs", "kernelBoots", "kernelAge", "kernelCpuTime", "kernelAllocatedBytes",
					"lastRebootReason", "lastRebootTime", "age");
			assertThat(worker).containsEntry("state", "IDLE")
				.containsEntry("kernelBoots", 1)
				.containsEntry("lastRebootReason", null)
				.containsEntry("lastRebootTime", null)
				.containsEntry("currentWork", null)
				.containsEntry("currentJobStarted", null)
				.containsEntry("currentJobElapsed", null)
				.containsEntry("kernelJobs", worker.get("totalJobs"));
			assertThat((String) worker.get("age")).matches(ISO_DURATION);
		});
		assertThat(totalJobs(body)).isEqualTo(before + 5);
	}

	@Test
	void showsOneWorkerByIdWithItsCurrentJob(PoolClient client) throws Exception {
		this.gate.reset();
		CompletableFuture<ResponseEntity<String>> held = client.send("/held");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.gate.inside() == 1);
		int busyId = WorkersJson.workers(this.json.get("/actuator/workers/default"))
			.stream()
			.filter((worker) -> "BUSY".equals(worker.get("state")))
			.map((worker) -> (Integer) worker.get("id"))
			.findFirst()
			.orElseThrow();

		Map<String, Object> busy = this.json.get("/actuator/workers/default/" + busyId);
		assertThat(busy).containsEntry("id", busyId).containsEntry("state", "BUSY");
		assertThat((String) busy.get("currentJobElapsed")).matches(ISO_DURATION);
		assertThat(this.json.get("/actuator/workers/default")).containsEntry("idle", 1);
		this.gate.open();
		assertThat(held.get(10, TimeUnit.SECONDS).getBody()).isEqualTo("passed");
		client.awaitIdle();

		Map<String, Object> idle = this.json.get("/actuator/workers/default/" + busyId);
		assertThat(idle).containsEntry("id", busyId)
			.containsEntry("state", "IDLE")
			.containsEntry("currentJobElapsed", null);
	}

	@Test
	void answersNotFoundForAnUnknownWorker() {
		this.client.get().uri("/actuator/workers/default/99").exchange().expectStatus().isNotFound();
		this.client.get().uri("/actuator/workers/default/0").exchange().expectStatus().isNotFound();
	}

	@Test
	void answersBadRequestForAWorkerIdThatIsNotANumber() {
		this.client.get().uri("/actuator/workers/default/first").exchange().expectStatus().isBadRequest();
	}

	private static long totalJobs(Map<String, Object> body) {
		return WorkersJson.workers(body)
			.stream()
			.mapToLong((worker) -> ((Number) worker.get("totalJobs")).longValue())
			.sum();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ TrafficController.class, Gate.class })
	static class App {

	}

}
