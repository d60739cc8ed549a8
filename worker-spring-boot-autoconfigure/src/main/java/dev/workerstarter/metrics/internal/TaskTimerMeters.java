package dev.workerstarter.metrics.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

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

	// By pool or timer name: a lookup that builds no key and hashes a string whose hash
	// is cached, on every task.
	private final Map<String, Outcomes> tasks = new ConcurrentHashMap<>();

	private final Map<String, Outcomes> timerRuns = new ConcurrentHashMap<>();

	private final Map<String, Counter> taskRejections = new ConcurrentHashMap<>();

	private final Map<String, Counter> timerOverruns = new ConcurrentHashMap<>();

	private final Map<String, Counter> timerSkips = new ConcurrentHashMap<>();

	/**
	 * Creates the meters.
	 * @param registry where to register them
	 */
	public TaskTimerMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void taskRan(String pool, boolean failed, long nanos) {
		outcomes(this.tasks, "worker.tasks",
				"Tasks run on workers, from submission to the end, waiting for a worker included", "pool", pool)
			.of(failed)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void rejected(String pool) {
		counter(this.taskRejections, "worker.tasks.rejected", "Tasks refused a worker by their pool", "pool", pool)
			.increment();
	}

	@Override
	public void timerRan(String timer, boolean failed, long nanos) {
		outcomes(this.timerRuns, "worker.timers.runs",
				"Runs of timers, from their start to their end, waiting for a worker included", "timer", timer)
			.of(failed)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void overran(String timer, long overruns) {
		counter(this.timerOverruns, "worker.timers.overruns",
				"Starts of timers skipped because the previous run still ran", "timer", timer)
			.increment(overruns);
	}

	@Override
	public void skipped(String timer) {
		counter(this.timerSkips, "worker.timers.skipped",
				"Starts of single-instance timers skipped because another instance held the lock", "timer", timer)
			.increment();
	}

	// A plain get first: computeIfAbsent's capturing function would be allocated on
	// every call.
	private Outcomes outcomes(Map<String, Outcomes> outcomes, String name, String description, String tag,
			String value) {
		Outcomes found = outcomes.get(value);
		if (found != null) {
			return found;
		}
		return outcomes.computeIfAbsent(value,
				(key) -> new Outcomes((outcome) -> Timer.builder(name)
					.description(description)
					.tag(tag, value)
					.tag("outcome", outcome)
					.register(this.registry)));
	}

	private Counter counter(Map<String, Counter> counters, String name, String description, String tag, String value) {
		return counters.computeIfAbsent(value,
				(key) -> Counter.builder(name).description(description).tag(tag, value).register(this.registry));
	}

	// The timers of one pool or timer by outcome, each registered on its first use.
	private static final class Outcomes {

		private final Function<String, Timer> register;

		private volatile @Nullable Timer success;

		private volatile @Nullable Timer failure;

		Outcomes(Function<String, Timer> register) {
			this.register = register;
		}

		// A race registers the same meter twice, and the registry returns the same one.
		Timer of(boolean failed) {
			if (failed) {
				Timer failure = this.failure;
				if (failure == null) {
					failure = this.register.apply("failure");
					this.failure = failure;
				}
				return failure;
			}
			Timer success = this.success;
			if (success == null) {
				success = this.register.apply("success");
				this.success = success;
			}
			return success;
		}

	}

}
