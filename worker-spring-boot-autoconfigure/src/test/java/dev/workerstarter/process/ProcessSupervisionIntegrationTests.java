package dev.workerstarter.process;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.support.WorkersJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Supervised processes in a running application: each on a worker and kernel of its own
 * in the {@code processes} pool, a process that throws started again after a growing
 * backoff on a rebooted kernel, one that returns started again, their events, and the
 * {@code processes} sections of the {@code workers} endpoint and of health over real
 * HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.processes.initial-backoff=50ms",
				"worker.processes.max-backoff=400ms", "worker.processes.backoff-multiplier=2",
				"management.endpoints.web.exposure.include=workers,health",
				"management.endpoint.health.show-details=always" })
@AutoConfigureWebTestClient
class ProcessSupervisionIntegrationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	// The crashing process throws on its first runs, then runs until shutdown.
	private static final int CRASHES = 4;

	private static final int RETURNS = 2;

	@Autowired
	Runs runs;

	@Autowired
	WebTestClient client;

	@Test
	void aProcessThatThrowsIsStartedAgainAfterAGrowingBackoffOnANewKernel() {
		List<Run> crashing = awaitRuns("crashing", CRASHES + 1);
		for (int i = 1; i < crashing.size(); i++) {
			long gap = crashing.get(i).startNanos() - crashing.get(i - 1).startNanos();
			Duration backoff = Duration.ofMillis(Math.min(400, 50L << (i - 1)));
			assertThat(Duration.ofNanos(gap)).as("gap before run %d", i + 1).isGreaterThanOrEqualTo(backoff);
			assertThat(crashing.get(i).kernelMark()).as("a throw reboots the kernel")
				.isNotEqualTo(crashing.get(i - 1).kernelMark());
			assertThat(crashing.get(i).restarts()).isEqualTo(i);
		}
		assertThat(crashing).extracting(Run::pool).containsOnly("processes");
	}

	@Test
	void aProcessThatReturnsIsStartedAgain() {
		List<Run> returning = awaitRuns("returning", RETURNS + 1);
		assertThat(returning).extracting(Run::restarts).containsExactly(0, 1, 2);
	}

	@Test
	void eachProcessRunsOnAKernelOfItsOwn() {
		Run crashing = last(awaitRuns("crashing", CRASHES + 1));
		Run returning = last(awaitRuns("returning", RETURNS + 1));
		Run steady = last(awaitRuns("steady", 1));
		assertThat(List.of(crashing.workerId(), returning.workerId(), steady.workerId())).doesNotHaveDuplicates();
		assertThat(List.of(crashing.kernelMark(), returning.kernelMark(), steady.kernelMark())).doesNotHaveDuplicates();
	}

	@Test
	void publishesAnEventBeforeAndAfterEveryRunWithTheJobBound() {
		awaitRuns("crashing", CRASHES + 1);
		List<ProcessStoppedEvent> stopped = this.runs.stopped.stream()
			.filter((event) -> event.processName().equals("crashing"))
			.toList();
		assertThat(stopped).hasSize(CRASHES);
		assertThat(stopped).allSatisfy((event) -> {
			assertThat(event.exception()).isInstanceOf(IllegalStateException.class);
			assertThat(event.isStopping()).isFalse();
		});
		assertThat(this.runs.started).filteredOn((event) -> event.processName().equals("crashing"))
			.extracting(ProcessStartedEvent::restarts)
			.containsExactly(0, 1, 2, 3, 4);
		assertThat(this.runs.eventPools).containsOnly("processes");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theWorkersEndpointShowsEveryProcessAndThePoolTheyRunOn() {
		awaitRuns("crashing", CRASHES + 1);
		awaitRuns("returning", RETURNS + 1);
		WorkersJson json = new WorkersJson(this.client);
		Map<String, Object> body = await().atMost(DEADLINE)
			.until(() -> json.get("/actuator/workers"),
					(read) -> ((Map<String, Map<String, Object>>) read.get("processes")).values()
						.stream()
						.allMatch((process) -> "RUNNING".equals(process.get("state"))));
		Map<String, Map<String, Object>> processes = (Map<String, Map<String, Object>>) body.get("processes");
		assertThat(processes).containsOnlyKeys("crashing", "returning", "steady");
		Map<String, Object> crashing = processes.get("crashing");
		assertThat(crashing).containsEntry("restarts", CRASHES)
			.containsEntry("lastExit", "exception")
			.containsEntry("nextStart", null)
			.containsEntry("lastFailure",
					Map.of("exception", IllegalStateException.class.getName(), "message", "crash " + CRASHES));
		assertThat(crashing.get("runningSince")).isNotNull();
		assertThat(processes.get("returning")).containsEntry("restarts", RETURNS)
			.containsEntry("lastExit", "returned")
			.containsEntry("lastFailure", null);
		assertThat(processes.get("steady")).containsEntry("restarts", 0).containsEntry("lastExit", null);
		Map<String, Map<String, Object>> pools = (Map<String, Map<String, Object>>) body.get("pools");
		assertThat(pools).containsOnlyKeys("default", "processes");
		assertThat(pools.get("processes")).containsEntry("size", 3).containsEntry("state", "RUNNING");
	}

	@Test
	@SuppressWarnings("unchecked")
	void healthIsUpWhileEveryProcessRuns() {
		awaitRuns("crashing", CRASHES + 1);
		awaitRuns("returning", RETURNS + 1);
		Map<String, Object> processes = await().atMost(DEADLINE)
			.until(() -> (Map<String, Object>) ((Map<String, Object>) new WorkersJson(this.client)
				.get("/actuator/health")
				.get("components")).get("processes"), (read) -> "UP".equals(read.get("status")));
		Map<String, Object> details = (Map<String, Object>) processes.get("details");
		assertThat(details).containsOnlyKeys("crashing", "returning", "steady");
		assertThat((Map<String, Object>) details.get("crashing")).containsEntry("state", "RUNNING")
			.containsEntry("restarts", CRASHES);
	}

	private List<Run> awaitRuns(String process, int count) {
		return await().atMost(DEADLINE)
			.until(() -> this.runs.of(process), (runs) -> runs.size() >= count && last(runs).running());
	}

	private static Run last(List<Run> runs) {
		return runs.get(runs.size() - 1);
	}

	/**
	 * One run of a process: when it started, on which worker and kernel, and whether it
	 * is still running.
	 */
	record Run(String process, int restarts, long startNanos, String pool, int workerId, int kernelMark,
			boolean running) {

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Runs runs() {
			return new Runs();
		}

		@Bean
		@WorkerScoped
		KernelMark kernelMark() {
			return new KernelMark();
		}

		@Bean
		WorkerProcess crashing(Runs runs, KernelMark mark) {
			return (context) -> {
				runs.started(context, mark);
				if (context.restarts() < CRASHES) {
					throw new IllegalStateException("crash " + (context.restarts() + 1));
				}
				runs.runUntilStop(context);
			};
		}

		@Bean
		WorkerProcess returning(Runs runs, KernelMark mark) {
			return (context) -> {
				runs.started(context, mark);
				if (context.restarts() >= RETURNS) {
					runs.runUntilStop(context);
				}
			};
		}

		@Bean
		WorkerProcess steady(Runs runs, KernelMark mark) {
			return (context) -> {
				runs.started(context, mark);
				runs.runUntilStop(context);
			};
		}

	}

	/**
	 * Records the runs of the processes, and their events as an application would.
	 */
	static class Runs {

		private final List<Run> runs = new CopyOnWriteArrayList<>();

		private final List<String> running = new CopyOnWriteArrayList<>();

		final List<ProcessStartedEvent> started = new CopyOnWriteArrayList<>();

		final List<ProcessStoppedEvent> stopped = new CopyOnWriteArrayList<>();

		final List<String> eventPools = new CopyOnWriteArrayList<>();

		void started(ProcessContext context, KernelMark mark) {
			WorkerContext worker = WorkerContext.current().orElseThrow();
			this.runs.add(new Run(context.name(), context.restarts(), System.nanoTime(), worker.poolName(),
					worker.workerId(), mark.id(), false));
		}

		void runUntilStop(ProcessContext context) throws InterruptedException {
			this.running.add(context.name() + "#" + context.restarts());
			while (!context.awaitStop(Duration.ofMinutes(1))) {
				// nothing to do but wait
			}
		}

		List<Run> of(String process) {
			return this.runs.stream()
				.filter((run) -> run.process().equals(process))
				.map((run) -> new Run(run.process(), run.restarts(), run.startNanos(), run.pool(), run.workerId(),
						run.kernelMark(), this.running.contains(run.process() + "#" + run.restarts())))
				.toList();
		}

		@EventListener
		void on(ProcessStartedEvent event) {
			this.started.add(event);
			this.eventPools.add(WorkerContext.current().map(WorkerContext::poolName).orElse("none"));
		}

		@EventListener
		void on(ProcessStoppedEvent event) {
			this.stopped.add(event);
			this.eventPools.add(WorkerContext.current().map(WorkerContext::poolName).orElse("none"));
		}

	}

}
