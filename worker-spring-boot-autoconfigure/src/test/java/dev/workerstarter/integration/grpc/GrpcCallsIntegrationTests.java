package dev.workerstarter.integration.grpc;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.reactive.function.client.WebClient;

import dev.workerstarter.event.WorkerExceptionEvent;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerRejectedException;
import dev.workerstarter.reboot.RebootReason;
import dev.workerstarter.support.RecordedEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * gRPC calls to Spring Boot's gRPC server run on the workers of the default pool, next to
 * the WebFlux server's requests, over real ports.
 */
@SpringBootTest(classes = GrpcApp.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"worker.pool.size=2", "spring.grpc.server.port=0", "worker.grpc.exclude-services=" + GrpcApp.EXCLUDED })
class GrpcCallsIntegrationTests {

	private static final String WORKER_THREAD = "worker-[12]-kernel-\\d+";

	@Autowired
	GrpcClient client;

	@Autowired
	WorkerPool pool;

	@Autowired
	RecordedEvents events;

	@Autowired
	TestService.Holds holds;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int httpPort;

	@BeforeEach
	void settle() {
		GrpcClient.awaitIdle(this.pool);
		this.events.clear();
	}

	@AfterEach
	void letHeldCallsGo() {
		this.holds.open();
	}

	@Test
	void unaryCallRunsOnAWorkersThreadWithItsJobAndGrpcContextBound() {
		Map<String, String> where = this.client.unary("where");

		assertThat(where.get("thread")).matches(WORKER_THREAD).startsWith("worker-" + where.get("worker") + "-");
		assertThat(where).containsEntry("pool", "default")
			.containsEntry("mdc", where.get("worker"))
			.containsEntry("deadline", "true");
		GrpcClient.awaitIdle(this.pool);
		assertThat(this.events.exceptions()).isEmpty();
	}

	@Test
	void serverStreamingCallSendsEveryMessageFromOneJobOnOneWorker() {
		List<Map<String, String>> answers = this.client.stream(5);

		assertThat(answers).hasSize(5).allSatisfy((where) -> {
			assertThat(where.get("thread")).matches(WORKER_THREAD);
			assertThat(where).containsEntry("pool", "default");
		});
		assertThat(answers).extracting((where) -> where.get("thread") + "/" + where.get("job"))
			.containsOnly(answers.get(0).get("thread") + "/" + answers.get(0).get("job"));
	}

	@Test
	void bidirectionalCallStartsAndTakesEveryMessageInOrderOnOneWorker() {
		List<Map<String, String>> answers = this.client.echo("1", "2", "3", "4", "5");

		assertThat(answers).extracting((where) -> where.get("echo")).containsExactly("1", "2", "3", "4", "5");
		assertThat(answers).allSatisfy((where) -> {
			assertThat(where.get("thread")).matches(WORKER_THREAD);
			assertThat(where.get("started")).as("the service method ran on the worker too")
				.isEqualTo(where.get("thread"));
		});
		assertThat(answers).extracting((where) -> where.get("thread") + "/" + where.get("job"))
			.containsOnly(answers.get(0).get("thread") + "/" + answers.get(0).get("job"));
	}

	@Test
	void workerScopedBeansOfTheServiceAreTheWorkersOwnAndLastFromCallToCall() {
		this.holds.close();
		CompletableFuture<Map<String, String>> first = this.client.send("hold");
		CompletableFuture<Map<String, String>> second = this.client.send("hold");
		await().atMost(GrpcClient.TIMEOUT).until(() -> this.holds.inside.get() == 2);
		this.holds.open();
		Map<String, String> one = first.join();
		Map<String, String> other = second.join();

		assertThat(one.get("worker")).isNotEqualTo(other.get("worker"));
		assertThat(one.get("probe")).isNotEqualTo(other.get("probe"));
		Map<String, String> probeOfWorker = new HashMap<>(
				Map.of(one.get("worker"), one.get("probe"), other.get("worker"), other.get("probe")));
		for (int i = 0; i < 10; i++) {
			Map<String, String> where = this.client.unary("where");
			assertThat(where.get("probe")).as("the bean of worker %s", where.get("worker"))
				.isEqualTo(probeOfWorker.get(where.get("worker")));
		}
	}

	@Test
	void exceptionThrownByTheServiceRebootsTheKernelAndAnswersTheClientWithAnError() {
		Status status = this.client.failing("fail", GrpcClient.TIMEOUT);

		assertThat(status.getCode()).isEqualTo(Status.Code.UNKNOWN);
		await().atMost(GrpcClient.TIMEOUT).until(() -> this.events.reboots().size() == 1);
		assertThat(this.events.exceptions()).singleElement().satisfies((event) -> {
			assertThat(event.exception()).isInstanceOf(IllegalStateException.class).hasMessage("the service failed");
			assertThat(event.poolName()).isEqualTo("default");
		});
		WorkerExceptionEvent failed = this.events.exceptions().get(0);
		assertThat(this.events.reboots()).singleElement().satisfies((reboot) -> {
			assertThat(reboot.reason()).isEqualTo(RebootReason.EXCEPTION);
			assertThat(reboot.workerId()).isEqualTo(failed.workerId());
		});
		GrpcClient.awaitIdle(this.pool);
		assertThat(this.client.unary("where")).containsEntry("pool", "default");
	}

	@Test
	void rejectionOfWorkTheServiceRanOnAnotherPoolIsAnsweredUnavailableWithoutAReboot() {
		Status status = this.client.failing("rejected-elsewhere", GrpcClient.TIMEOUT);

		assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(status.getDescription())
			.isEqualTo("No worker available: every worker is busy and the queue is full; retry later");
		GrpcClient.awaitIdle(this.pool);
		await().atMost(GrpcClient.TIMEOUT).until(() -> this.events.exceptions().size() == 1);
		assertThat(this.events.exceptions().get(0).exception()).isInstanceOf(WorkerRejectedException.class);
		assertThat(this.events.reboots()).as("an ErrorResponse, allowed by default").isEmpty();
	}

	@Test
	void statusWithoutACauseIsAnAnswerThatNeitherCountsNorReboots() {
		Status status = this.client.failing("not-found", GrpcClient.TIMEOUT);

		assertThat(status.getCode()).isEqualTo(Status.Code.NOT_FOUND);
		assertThat(status.getDescription()).isEqualTo("no such thing");
		GrpcClient.awaitIdle(this.pool);
		assertThat(this.events.exceptions()).isEmpty();
		assertThat(this.events.reboots()).isEmpty();
	}

	@Test
	void clientThatGoesAwayEndsTheJobAsCancelledNotFailed() {
		double cancelled = cancelledJobs();
		this.holds.cancelled.set(0);
		this.holds.close();
		Status status = this.client.failing("hold", Duration.ofMillis(300));

		assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		assertThat(this.holds.inside.get()).as("still on its worker").isEqualTo(1);
		await().atMost(GrpcClient.TIMEOUT).until(() -> this.holds.cancelled.get() == 1);
		this.holds.open();
		GrpcClient.awaitIdle(this.pool);
		await().atMost(GrpcClient.TIMEOUT).until(() -> cancelledJobs() == cancelled + 1);
		assertThat(this.events.exceptions()).isEmpty();
		assertThat(this.events.reboots()).isEmpty();
	}

	@Test
	void clientThatGoesAwayWhileItsCallWaitsGivesUpItsPlaceInTheQueue() {
		this.holds.close();
		CompletableFuture<Map<String, String>> first = this.client.send("hold");
		CompletableFuture<Map<String, String>> second = this.client.send("hold");
		await().atMost(GrpcClient.TIMEOUT).until(() -> this.holds.inside.get() == 2);

		Status status = this.client.failing("where", Duration.ofMillis(300));

		assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
		await().atMost(GrpcClient.TIMEOUT).until(() -> this.pool.waitingCount() == 0);
		assertThat(this.holds.inside.get()).as("both workers still held").isEqualTo(2);
		this.holds.open();
		assertThat(first.join()).containsEntry("pool", "default");
		assertThat(second.join()).containsEntry("pool", "default");
		GrpcClient.awaitIdle(this.pool);
		assertThat(this.events.exceptions()).isEmpty();
	}

	@Test
	void callsOfAnExcludedServiceRunWithoutAWorker() {
		this.holds.close();
		CompletableFuture<Map<String, String>> first = this.client.send("hold");
		CompletableFuture<Map<String, String>> second = this.client.send("hold");
		await().atMost(GrpcClient.TIMEOUT).until(() -> this.holds.inside.get() == 2);

		Map<String, String> where = this.client.unary(TestService.unary(GrpcApp.EXCLUDED), "where");

		assertThat(where).containsEntry("pool", "none").containsEntry("worker", "0");
		assertThat(where.get("thread")).doesNotStartWith("worker-");
		this.holds.open();
		first.join();
		second.join();
	}

	@Test
	void webFluxRequestsRunOnTheSamePoolBesideTheGrpcServer() {
		String answer = WebClient.create("http://localhost:" + this.httpPort)
			.get()
			.uri("/hello")
			.retrieve()
			.bodyToMono(String.class)
			.block(GrpcClient.TIMEOUT);

		assertThat(answer).matches("hello from worker [12]");
		assertThat(this.client.unary("where")).containsEntry("pool", "default");
	}

	private double cancelledJobs() {
		return this.meters.get("worker.job.duration").tag("outcome", "cancelled").functionTimer().count();
	}

}
