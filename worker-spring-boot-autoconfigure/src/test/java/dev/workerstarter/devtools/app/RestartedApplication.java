package dev.workerstarter.devtools.app;

import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.job.JobListener;
import dev.workerstarter.job.WorkerJobs;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.process.WorkerProcess;
import dev.workerstarter.task.WorkerTasks;
import dev.workerstarter.timer.WorkerTimer;
import dev.workerstarter.websocket.WsListener;

/**
 * The application {@code RepeatedRestartTests} restarts, loaded afresh by a restart class
 * loader each time as DevTools loads a project's own classes: every kind of work the
 * starter runs, reached over HTTP and WebSocket only, so that the test holds none of its
 * classes.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ RestartedApplication.Endpoints.class, RestartedApplication.Listeners.class })
public class RestartedApplication {

	@Bean
	Activity activity() {
		return new Activity();
	}

	@Bean
	@WorkerScoped
	Scratch scratch() {
		return new Scratch();
	}

	@Bean
	WorkerProcess looping(Activity activity) {
		return (context) -> {
			while (!context.awaitStop(Duration.ofMillis(10))) {
				activity.processLoops.incrementAndGet();
			}
		};
	}

	/**
	 * What the background work did, read through {@code /activity}.
	 */
	static final class Activity {

		final AtomicInteger timerRuns = new AtomicInteger();

		final AtomicInteger processLoops = new AtomicInteger();

		final Queue<String> jobs = new ConcurrentLinkedQueue<>();

	}

	/**
	 * A worker-scoped bean: one per kernel.
	 */
	static class Scratch {

		private final String id = UUID.randomUUID().toString();

		String id() {
			return this.id;
		}

	}

	@RestController
	static final class Endpoints {

		private final Scratch scratch;

		private final WorkerTasks tasks;

		private final WorkerJobs jobs;

		private final Activity activity;

		Endpoints(Scratch scratch, WorkerTasks tasks, WorkerJobs jobs, Activity activity) {
			this.scratch = scratch;
			this.tasks = tasks;
			this.jobs = jobs;
			this.activity = activity;
		}

		@GetMapping("/hello")
		String hello() {
			return where();
		}

		@GetMapping("/slow/hello")
		String slowHello() {
			return where();
		}

		@GetMapping("/task")
		Mono<String> task() {
			return this.tasks.submit(this::where);
		}

		@PostMapping("/job")
		Mono<String> job(@RequestParam String payload) {
			return this.jobs.push("restarts", payload);
		}

		@GetMapping("/activity")
		Map<String, Object> activity() {
			return Map.of("timerRuns", this.activity.timerRuns.get(), "processLoops", this.activity.processLoops.get(),
					"jobs", String.join(",", this.activity.jobs));
		}

		private String where() {
			return WorkerContext.current().orElseThrow().poolName() + " " + this.scratch.id();
		}

	}

	static final class Listeners {

		private final Activity activity;

		Listeners(Activity activity) {
			this.activity = activity;
		}

		@WsListener("ECHO")
		JsonNode echo(JsonNode input) {
			return input;
		}

		@JobListener("restarts")
		void job(String payload) {
			this.activity.jobs.add(payload);
		}

		@WorkerTimer(fixedRate = "20ms")
		void tick() {
			this.activity.timerRuns.incrementAndGet();
		}

	}

}
