package dev.workerstarter.integration.grpc;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.workerstarter.pool.WorkDescription;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A call the pool has no worker for is answered {@code UNAVAILABLE}, without a stack
 * trace, and never reaches the service.
 */
@SpringBootTest(classes = GrpcApp.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.pool.max-queue-size=0", "spring.grpc.server.port=0" })
class GrpcRejectionIntegrationTests {

	@Autowired
	GrpcClient client;

	@Autowired
	WorkerPool pool;

	@Autowired
	RecordedEvents events;

	@Autowired
	TestService.Holds holds;

	@AfterEach
	void letHeldCallsGo() {
		this.holds.open();
	}

	@Test
	void callThatFindsEveryWorkerBusyAndTheQueueFullIsAnsweredUnavailable() {
		this.holds.close();
		CompletableFuture<Map<String, String>> held = this.client.send("hold");
		await().atMost(GrpcClient.TIMEOUT).until(() -> this.holds.inside.get() == 1);

		Status status = this.client.failing("where", GrpcClient.TIMEOUT);

		assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(status.getDescription())
			.isEqualTo("No worker available: every worker is busy and the queue is full; retry later");
		assertThat(this.holds.inside.get()).as("the held call is still on its worker").isEqualTo(1);
		assertThat(this.pool.worker(1).orElseThrow().currentWork()).as("what the held call's worker shows")
			.isEqualTo(new WorkDescription(WorkDescription.GRPC, TestService.SERVICE + "/Unary"));
		this.holds.open();
		assertThat(held.join()).containsEntry("pool", "default");
		GrpcClient.awaitIdle(this.pool);
		assertThat(this.client.unary("where")).containsEntry("pool", "default");
		assertThat(this.events.exceptions()).isEmpty();
		assertThat(this.events.reboots()).isEmpty();
	}

}
