package dev.workerstarter.timer;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.support.RecordedLogs;
import dev.workerstarter.support.RecordedTaskEvents;
import dev.workerstarter.task.TaskEvent;
import dev.workerstarter.timer.internal.TimerDefinition;
import dev.workerstarter.timer.internal.WorkerTimers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Timers of annotated methods and of {@code worker.timers} run as tasks on the task pool,
 * in real time: at a fixed rate down to milliseconds, with a fixed delay, on a cron
 * expression; a run never overlaps the previous one, overruns are counted, failures are
 * logged and counted, and entries of {@code worker.timers} override annotated timers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=8", "test.rate=20ms", "worker.timers.beat.bean=beat",
				"worker.timers.beat.fixed-rate=25ms", "worker.timers.disabled.enabled=false",
				"worker.timers.overridden.fixed-rate=20ms" })
class WorkerTimersIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@Autowired
	Timers timers;

	@Autowired
	Beat beat;

	@Autowired
	RecordedTaskEvents events;

	@Autowired
	WorkerTimers workerTimers;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ScopedRuns scoped;

	@Test
	void aFixedRateTimerRunsAtItsRateOnWorkersOfTheTaskPool() {
		await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(10)).until(() -> this.timers.rate.size() >= 11);

		List<Run> runs = List.copyOf(this.timers.rate);
		// Never faster than the rate: the first run may start late, the next is due a
		// period after it at least, and each later one a period after that (less a
		// millisecond, the scheduler counting whole milliseconds).
		assertThat(runs.get(10).start - runs.get(0).start).isGreaterThanOrEqualTo(Duration.ofMillis(179).toNanos());
		assertThat(runs).allSatisfy((run) -> assertThat(run.pool).isEqualTo("default"));
		assertThat(this.events.started()).filteredOn((event) -> event.taskName().equals("timers#rate")).isNotEmpty();
		Timer meter = this.meters.get("worker.timers.runs").tags("timer", "timers#rate", "outcome", "success").timer();
		assertThat(meter.count()).isPositive();
	}

	@Test
	void aRunNeverOverlapsThePreviousOneAndOverrunStartsAreCounted() {
		// the first run is held while the rate timer runs five times (100 ms, ten
		// periods of the slow timer): the starts that fall meanwhile are skipped, and
		// counted when the run ends
		await().atMost(TIMEOUT).until(() -> this.timers.slow.size() == 1);
		int rateRuns = this.timers.rate.size();
		await().atMost(TIMEOUT).until(() -> this.timers.rate.size() >= rateRuns + 5);
		assertThat(this.timers.slow).hasSize(1);
		assertThat(overruns("slow")).isZero();
		this.timers.releaseSlow.countDown();
		await().atMost(TIMEOUT).until(() -> overruns("slow") >= 5);

		await().atMost(TIMEOUT).until(() -> this.timers.slow.size() >= 10 && this.timers.slow.get(9).end > 0);
		List<Run> runs = List.copyOf(this.timers.slow).subList(0, 10);
		for (int i = 1; i < runs.size(); i++) {
			assertThat(runs.get(i).start).as("start of run %d after the end of the previous", i)
				.isGreaterThanOrEqualTo(runs.get(i - 1).end);
		}
		assertThat(this.timers.slowMostAtOnce).hasValue(1);
	}

	@Test
	void aFixedDelayTimerWaitsTheDelayAfterEachEnd() {
		await().atMost(TIMEOUT).until(() -> this.timers.delay.size() >= 6 && this.timers.delay.get(5).end > 0);

		List<Run> runs = List.copyOf(this.timers.delay).subList(0, 6);
		for (int i = 1; i < runs.size(); i++) {
			assertThat(runs.get(i).start - runs.get(i - 1).end).isGreaterThanOrEqualTo(Duration.ofMillis(29).toNanos());
		}
	}

	@Test
	void aCronTimerRunsAtItsFireTimes() {
		await().atMost(TIMEOUT).until(() -> this.timers.cronSeconds.size() >= 2);

		List<Long> seconds = List.copyOf(this.timers.cronSeconds);
		assertThat(seconds).doesNotHaveDuplicates();
		assertThat(seconds.get(1)).isGreaterThan(seconds.get(0));
	}

	@Test
	void aTimerThatFailsIsLoggedPublishedCountedAndRunsAgain() {
		try (RecordedLogs logs = RecordedLogs.of("dev.workerstarter.timer.internal.TimerRun")) {
			int failures = this.timers.failures.get();
			await().atMost(TIMEOUT).until(() -> this.timers.failures.get() >= failures + 3);

			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(logs.at(Level.ERROR)).hasSizeGreaterThanOrEqualTo(2)
					.allSatisfy((line) -> assertThat(line)
						.isEqualTo("Timer failing failed java.lang.IllegalStateException: timer failure")));
		}
		assertThat(this.events.failed()).filteredOn((event) -> event.taskName().equals("failing")).isNotEmpty();
		await().atMost(TIMEOUT)
			.until(() -> this.meters.get("worker.timers.runs")
				.tags("timer", "failing", "outcome", "failure")
				.timer()
				.count() >= 3);
	}

	@Test
	void aConfiguredTimerRunsItsRunnableBean() {
		await().atMost(TIMEOUT).until(() -> this.beat.runs.get() >= 3);

		assertThat(this.events.started()).extracting(TaskEvent::taskName).contains("beat");
	}

	@Test
	void entriesOfWorkerTimersOverrideAnnotatedTimers() {
		assertThat(this.workerTimers.timers()).extracting(TimerDefinition::name)
			.contains("overridden", "beat", "slow")
			.doesNotContain("disabled");
		// an hour apart as annotated, 20 ms as configured
		await().atMost(TIMEOUT).until(() -> this.timers.overridden.get() >= 3);
		await().atMost(TIMEOUT).until(() -> this.timers.rate.size() >= 20);
		assertThat(this.timers.disabled).hasValue(0);
	}

	@Test
	void aTimerOfAWorkerScopedBeanRunsOnTheInstanceOfTheWorkerThatRunsIt() {
		await().atMost(TIMEOUT).until(() -> this.scoped.runs.size() >= 5);

		assertThat(this.scoped.runs).allSatisfy((run) -> assertThat(run).matches("\\d+ on \\d+"));
		// one instance per worker: an instance never ran on two workers
		Map<String, Set<String>> workersByInstance = new HashMap<>();
		for (String run : this.scoped.runs) {
			String[] parts = run.split(" on ");
			workersByInstance.computeIfAbsent(parts[0], (instance) -> new HashSet<>()).add(parts[1]);
		}
		assertThat(workersByInstance.values()).allSatisfy((workers) -> assertThat(workers).hasSize(1));
		// the idle workers take turns: the runs had more than one worker, and so instance
		assertThat(workersByInstance).hasSizeGreaterThan(1);
	}

	private double overruns(String timer) {
		Counter counter = this.meters.find("worker.timers.overruns").tag("timer", timer).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(RecordedTaskEvents.class)
	static class App {

		@Bean
		Timers timers() {
			return new Timers();
		}

		@Bean
		Beat beat() {
			return new Beat();
		}

		@Bean
		ScopedRuns scopedRuns() {
			return new ScopedRuns();
		}

		@Bean
		@WorkerScoped
		ScopedTimer scopedTimer(ScopedRuns runs) {
			return new ScopedTimer(runs);
		}

	}

	static final class Run {

		final long start = System.nanoTime();

		final String pool = WorkerContext.current().map(WorkerContext::poolName).orElse("none");

		volatile long end;

		void end() {
			this.end = System.nanoTime();
		}

	}

	static class Timers {

		final List<Run> rate = new CopyOnWriteArrayList<>();

		final List<Run> slow = new CopyOnWriteArrayList<>();

		final CountDownLatch releaseSlow = new CountDownLatch(1);

		final AtomicInteger slowAtOnce = new AtomicInteger();

		final AtomicInteger slowMostAtOnce = new AtomicInteger();

		final List<Run> delay = new CopyOnWriteArrayList<>();

		final List<Long> cronSeconds = new CopyOnWriteArrayList<>();

		final AtomicInteger failures = new AtomicInteger();

		final AtomicInteger overridden = new AtomicInteger();

		final AtomicInteger disabled = new AtomicInteger();

		@WorkerTimer(fixedRate = "${test.rate}")
		void rate() {
			Run run = new Run();
			this.rate.add(run);
			run.end();
		}

		@WorkerTimer(name = "slow", fixedRate = "10ms")
		void slow() throws InterruptedException {
			Run run = new Run();
			this.slowMostAtOnce.accumulateAndGet(this.slowAtOnce.incrementAndGet(), Math::max);
			this.slow.add(run);
			this.releaseSlow.await();
			this.slowAtOnce.decrementAndGet();
			run.end();
		}

		@WorkerTimer(fixedDelay = "30ms", initialDelay = "10ms")
		void delay() {
			Run run = new Run();
			this.delay.add(run);
			run.end();
		}

		@WorkerTimer(cron = "* * * * * *", zone = "UTC")
		void cron() {
			this.cronSeconds.add(System.currentTimeMillis() / 1000);
		}

		@WorkerTimer(name = "failing", fixedRate = "200ms")
		void failing() {
			this.failures.incrementAndGet();
			throw new IllegalStateException("timer failure");
		}

		@WorkerTimer(name = "overridden", fixedRate = "1h", initialDelay = "1h")
		void overridden() {
			this.overridden.incrementAndGet();
		}

		@WorkerTimer(name = "disabled", fixedRate = "10ms")
		void disabled() {
			this.disabled.incrementAndGet();
		}

	}

	static class ScopedRuns {

		final List<String> runs = new CopyOnWriteArrayList<>();

	}

	static class ScopedTimer {

		private static final AtomicInteger instances = new AtomicInteger();

		private final int instance = instances.incrementAndGet();

		private final ScopedRuns runs;

		ScopedTimer(ScopedRuns runs) {
			this.runs = runs;
		}

		@WorkerTimer(name = "scoped", fixedRate = "30ms")
		void run() {
			this.runs.runs.add(this.instance + " on " + WorkerContext.current().orElseThrow().workerId());
		}

	}

	static class Beat implements Runnable {

		final AtomicInteger runs = new AtomicInteger();

		@Override
		public void run() {
			this.runs.incrementAndGet();
		}

	}

}
