package dev.workerstarter.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.workerstarter.job.JobListener;
import dev.workerstarter.job.WorkerJobs;
import dev.workerstarter.process.WorkerProcess;
import dev.workerstarter.support.WorkersJson;
import dev.workerstarter.support.WsTestClient;
import dev.workerstarter.task.WorkerTasks;
import dev.workerstarter.timer.WorkerTimer;
import dev.workerstarter.websocket.WsListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What workers running other work than requests show in the {@code workers} endpoint: the
 * WebSocket event, the task, the timer, the durable job's pipeline and the supervised
 * process, each while it runs, and nothing once it ended.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=2", "worker.pools.background.size=3", "worker.tasks.pool=background",
				"worker.jobs.pipelines.receipts.driver=memory", "worker.websocket.path=/ws",
				"management.endpoints.web.exposure.include=workers" })
@AutoConfigureWebTestClient
class WorkersEndpointBackgroundWorkIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient client;

	@Autowired
	Hold hold;

	@Autowired
	WorkerTasks tasks;

	@Autowired
	WorkerJobs jobs;

	private final List<WsTestClient> connections = new ArrayList<>();

	@AfterEach
	void release() {
		this.hold.open();
		this.connections.forEach(WsTestClient::close);
	}

	@Test
	void eachKindOfWorkShowsWhatItIsWhileItRunsAndNothingOnceItEnded() {
		WsTestClient connection = WsTestClient.connect(this.port, "/ws");
		this.connections.add(connection);
		connection.awaitOpen();
		connection.send("HOLD", "{}");
		this.tasks.dispatch(this.hold::await);
		this.jobs.push("receipts", "r-1").block(WAIT);
		await().atMost(WAIT).until(() -> this.hold.inside() == 4);

		assertThat(currentWork("default")).containsExactly(Map.of("kind", "websocket", "name", "HOLD"));
		assertThat(currentWork("background")).containsExactlyInAnyOrder(Map.of("kind", "task", "name", "task"),
				Map.of("kind", "job", "name", "receipts"), Map.of("kind", "timer", "name", "stamp"));
		assertThat(currentWork("processes")).containsExactly(Map.of("kind", "process", "name", "ticker"));

		this.hold.open();
		await().atMost(WAIT).until(() -> this.hold.inside() == 0);
		await().atMost(WAIT).until(() -> currentWork("default").isEmpty() && currentWork("background").isEmpty());
		assertThat(currentWork("processes")).as("a process runs for as long as the application")
			.containsExactly(Map.of("kind", "process", "name", "ticker"));
	}

	// What the pool's busy workers show, in worker order.
	private List<Object> currentWork(String pool) {
		WorkersJson json = new WorkersJson(this.client);
		return WorkersJson.workers(json.get("/actuator/workers/" + pool))
			.stream()
			.map((worker) -> worker.get("currentWork"))
			.filter((work) -> work != null)
			.toList();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(Hold.class)
	static class App {

		@Bean
		Listeners listeners(Hold hold) {
			return new Listeners(hold);
		}

		@Bean
		WorkerProcess ticker() {
			return (context) -> {
				while (!context.awaitStop(Duration.ofSeconds(1))) {
					// ticks until the application stops
				}
			};
		}

	}

	static class Listeners {

		private final Hold hold;

		Listeners(Hold hold) {
			this.hold = hold;
		}

		@WsListener("HOLD")
		void hold() {
			this.hold.await();
		}

		@JobListener("receipts")
		void receipt(String id) {
			this.hold.await();
		}

		// Runs once in the test: at start, then an hour later.
		@WorkerTimer(name = "stamp", fixedRate = "1h")
		void stamp() {
			this.hold.await();
		}

	}

	// Holds blocking work on its worker's thread until the test opens it.
	static class Hold {

		private final AtomicInteger inside = new AtomicInteger();

		// Closed from the start: the timer's first run comes as the application starts.
		private final CountDownLatch open = new CountDownLatch(1);

		void await() {
			this.inside.incrementAndGet();
			try {
				this.open.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.inside.decrementAndGet();
			}
		}

		int inside() {
			return this.inside.get();
		}

		void open() {
			this.open.countDown();
		}

	}

}
