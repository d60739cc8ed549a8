package dev.workerstarter.process;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.process.internal.ProcessSupervisor;
import dev.workerstarter.support.WorkersJson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rolling reset of the {@code processes} pool through the {@code workers} endpoint over
 * real HTTP: each process holds its worker for as long as it runs, so the supervisor asks
 * each to stop (interrupting one that does not return within the destroy timeout) and
 * starts it again at once on a new kernel, and the reset answers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=1", "worker.processes.destroy-timeout=1s",
				"management.endpoints.web.exposure.include=workers" })
@AutoConfigureWebTestClient
@ExtendWith(OutputCaptureExtension.class)
class ProcessRollingResetIntegrationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	@Autowired
	WebTestClient client;

	@Autowired
	Runs runs;

	@Autowired
	ProcessSupervisor supervisor;

	@Test
	@SuppressWarnings("unchecked")
	void aResetOfTheProcessesPoolStartsEveryProcessAgainOnANewKernel(CapturedOutput output) {
		Map<String, Integer> before = awaitBothRunning();
		Map<String, Object> reset = new WorkersJson(this.client).post("/actuator/workers/processes/reset");
		assertThat((List<Integer>) reset.get("rebooted")).containsExactlyInAnyOrder(1, 2);
		Map<String, Integer> after = awaitBothRunning();
		assertThat(after.get("cooperative")).isNotEqualTo(before.get("cooperative"));
		assertThat(after.get("stubborn")).isNotEqualTo(before.get("stubborn"));
		assertThat(after.values()).doesNotContainAnyElementsOf(before.values());
		assertThat(this.supervisor.processes()).allSatisfy((process) -> {
			assertThat(process.restarts()).as("a reset is no crash").isZero();
			assertThat(process.lastExit()).isNull();
		});
		assertThat(output).contains("Process 'stubborn' did not return within PT1S after it was asked to stop");
	}

	@Test
	@SuppressWarnings("unchecked")
	void aResetOfEveryPoolAnswersForTheProcessesPoolToo() {
		awaitBothRunning();
		Map<String, Object> reset = new WorkersJson(this.client).post("/actuator/workers/reset");
		Map<String, Map<String, Object>> pools = (Map<String, Map<String, Object>>) reset.get("pools");
		assertThat(pools).containsOnlyKeys("default", "processes");
		assertThat((List<Integer>) pools.get("processes").get("rebooted")).containsExactlyInAnyOrder(1, 2);
		awaitBothRunning();
	}

	// The kernel mark of each process's current run, once both run.
	private Map<String, Integer> awaitBothRunning() {
		await().atMost(DEADLINE)
			.until(() -> this.supervisor.processes()
				.stream()
				.allMatch((process) -> process.state() == ProcessState.RUNNING));
		return await().atMost(DEADLINE).until(this.runs::current, (current) -> current.size() == 2);
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
		WorkerProcess cooperative(Runs runs, KernelMark mark) {
			return (context) -> {
				runs.started(context.name(), mark.id());
				while (!context.awaitStop(Duration.ofMinutes(1))) {
					// waits for the stop
				}
				runs.ended(context.name());
			};
		}

		@Bean
		WorkerProcess stubborn(Runs runs, KernelMark mark) {
			return (context) -> {
				runs.started(context.name(), mark.id());
				try {
					new CountDownLatch(1).await(); // never looks at the context
				}
				finally {
					runs.ended(context.name());
				}
			};
		}

	}

	/**
	 * The kernel mark of each process's run under way.
	 */
	static class Runs {

		private final Map<String, Integer> current = new ConcurrentHashMap<>();

		void started(String process, int mark) {
			this.current.put(process, mark);
		}

		void ended(String process) {
			this.current.remove(process);
		}

		Map<String, Integer> current() {
			return Map.copyOf(this.current);
		}

	}

}
