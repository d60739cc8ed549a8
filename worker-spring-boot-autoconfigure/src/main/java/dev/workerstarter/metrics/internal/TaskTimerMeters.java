package dev.workerstarter.metrics.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.workerstarter.task.internal.TaskMeters;
import dev.workerstarter.timer.internal.TimerMeters;

/**
 * The meters of tasks and timers: tasks by pool and outcome (a timer, from submission to
 * the end, waiting for a worker included) and those refused a worker; timer runs by timer
 * and outcome (a timer, from the start to the end of the run), the starts skipped because
 * a run overran, and those skipped because another instance held the lock. Each meter is
 * looked up once.
 */
public final class TaskTimerMeters implements TaskMeters, TimerMeters {

	private final MeterRegistry registry;

	private final Map<String, Timer> meters = new ConcurrentHashMap<>();

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * Creates the meters.
	 * @param registry where to register them
	 */
	public TaskTimerMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void taskRan(String pool, boolean failed, long nanos) {
		timer("worker.tasks", "Tasks run on workers, from submission to the end, waiting for a worker included", "pool",
				pool, failed)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void rejected(String pool) {
		counter("worker.tasks.rejected", "Tasks refused a worker by their pool", "pool", pool).increment();
	}

	@Override
	public void timerRan(String timer, boolean failed, long nanos) {
		timer("worker.timers.runs", "Runs of timers, from their start to their end, waiting for a worker included",
				"timer", timer, failed)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void overran(String timer, long overruns) {
		counter("worker.timers.overruns", "Starts of timers skipped because the previous run still ran", "timer", timer)
			.increment(overruns);
	}

	@Override
	public void skipped(String timer) {
		counter("worker.timers.skipped",
				"Starts of single-instance timers skipped because another instance held the " + "lock", "timer", timer)
			.increment();
	}

	private Timer timer(String name, String description, String tag, String value, boolean failed) {
		String outcome = failed ? "failure" : "success";
		return this.meters.computeIfAbsent(name + '\0' + value + '\0' + outcome,
				(key) -> Timer.builder(name)
					.description(description)
					.tag(tag, value)
					.tag("outcome", outcome)
					.register(this.registry));
	}

	private Counter counter(String name, String description, String tag, String value) {
		return this.counters.computeIfAbsent(name + '\0' + value,
				(key) -> Counter.builder(name).description(description).tag(tag, value).register(this.registry));
	}

}
