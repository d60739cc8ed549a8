package dev.workerstarter.actuate;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.pool.WorkerState;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code workers} endpoint when actuator requests are not excluded from workers: a
 * reset asked for on a worker would wait for that worker's own request, so it fails at
 * once.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.http.exclude-management-paths=false",
				"management.endpoints.web.exposure.include=workers" })
@AutoConfigureWebTestClient
@ExtendWith(PoolClientExtension.class)
class WorkersEndpointOnWorkersIntegrationTests {

	@Autowired
	WebTestClient client;

	@Autowired
	RecordedEvents events;

	@Test
	void resetFailsInsteadOfWaitingForItself(PoolClient poolClient) {
		this.client.mutate()
			.responseTimeout(Duration.ofSeconds(10))
			.build()
			.post()
			.uri("/actuator/workers/reset")
			.exchange()
			.expectStatus()
			.is5xxServerError();

		poolClient.awaitIdle();
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::reason)
			.doesNotContain(RebootReason.RESET);
		WorkersEndpoint.PoolDescriptor workers = this.client.get()
			.uri("/actuator/workers/default")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(WorkersEndpoint.PoolDescriptor.class)
			.returnResult()
			.getResponseBody();
		assertThat(workers.workers()).extracting(WorkersEndpoint.WorkerDescriptor::state)
			.as("the worker running this request is the only busy one")
			.containsExactlyInAnyOrder(WorkerState.BUSY, WorkerState.IDLE);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(RecordedEvents.class)
	static class App {

	}

}
