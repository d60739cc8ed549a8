package dev.workerstarter.integration.grpc;

import java.time.Duration;
import java.util.Map;

import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import dev.workerstarter.event.WorkerExceptionEvent;
import dev.workerstarter.event.WorkerKernelRebootedEvent;
import dev.workerstarter.pool.JobTimeoutException;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A call past {@code worker.supervisor.exec-ttl} is closed with
 * {@code DEADLINE_EXCEEDED}, and its worker goes on at once with a new kernel while the
 * service is still stuck on the old thread.
 */
@SpringBootTest(classes = GrpcApp.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.supervisor.exec-ttl=1s", "worker.supervisor.watch-tick=100ms",
				"spring.grpc.server.port=0" })
class GrpcExecTtlIntegrationTests {

	private static final Duration EXEC_TTL = Duration.ofSeconds(1);

	@Autowired
	GrpcClient client;

	@Autowired
	WorkerPool pool;

	@Autowired
	RecordedEvents events;

	@Autowired
	TestService.Holds holds;

	@AfterEach
	void letStuckCallsGo() {
		this.holds.open();
	}

	@Test
	void callPastTheExecTtlIsClosedAndItsWorkerComesBackOnANewKernel() {
		Map<String, String> before = this.client.unary("where");
		GrpcClient.awaitIdle(this.pool);
		this.events.clear();
		this.holds.close();
		long start = System.nanoTime();

		Status status = this.client.failing("stuck", GrpcClient.TIMEOUT);

		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		assertThat(status.getDescription())
			.isEqualTo("The call ran longer than worker.supervisor.exec-ttl (PT1S) and was cancelled");
		assertThat(elapsed).isGreaterThanOrEqualTo(EXEC_TTL).isLessThan(GrpcClient.TIMEOUT);
		await().atMost(GrpcClient.TIMEOUT).until(() -> this.pool.idleCount() == 1);
		assertThat(this.holds.inside.get()).as("the old thread is still stuck").isEqualTo(1);
		assertThat(this.holds.interrupts.get()).as("the old thread was interrupted").isGreaterThanOrEqualTo(1);

		Map<String, String> after = this.client.unary("where");

		assertThat(after.get("thread")).isEqualTo("worker-1-kernel-" + (kernel(before) + 1));
		assertThat(after.get("probe")).as("the new kernel's own bean").isNotEqualTo(before.get("probe"));
		assertThat(this.events.exceptions()).extracting(WorkerExceptionEvent::exception)
			.singleElement()
			.isInstanceOf(JobTimeoutException.class);
		assertThat(this.events.reboots()).extracting(WorkerKernelRebootedEvent::reason)
			.containsExactly(RebootReason.EXCEPTION);
		this.holds.open();
		await().atMost(GrpcClient.TIMEOUT).until(() -> this.holds.inside.get() == 0);
		GrpcClient.awaitIdle(this.pool);
		assertThat(this.events.exceptions()).as("what the abandoned call did later does not count again").hasSize(1);
	}

	private static long kernel(Map<String, String> where) {
		String thread = where.get("thread");
		return Long.parseLong(thread.substring(thread.lastIndexOf('-') + 1));
	}

}
