package dev.workerstarter.dashboard.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.scheduler.Scheduler;

import org.springframework.context.SmartLifecycle;

import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerPools;

/**
 * Samples every pool once per interval while the application runs, keeping each pool's
 * history for the dashboard. It runs on a shared Reactor scheduler and has no thread of
 * its own: stopping the context cancels it, and a DevTools restart leaves nothing behind.
 */
public final class DashboardSampler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(DashboardSampler.class);

	private final Map<String, PoolHistory> histories;

	private final SampleWindow window;

	private final Scheduler scheduler;

	private @Nullable Disposable task;

	/**
	 * Creates a sampler.
	 * @param pools the pools to sample
	 * @param counters what the dashboard's listeners counted of each pool
	 * @param window how often to sample and how many samples to keep
	 * @param scheduler where to sample
	 */
	public DashboardSampler(WorkerPools pools, DashboardCounters counters, SampleWindow window, Scheduler scheduler) {
		Map<String, PoolHistory> histories = new LinkedHashMap<>();
		for (WorkerPool pool : pools.pools()) {
			histories.put(pool.name(), new PoolHistory(pool, counters.counters(pool.name()), window.samples()));
		}
		this.histories = Collections.unmodifiableMap(histories);
		this.window = window;
		this.scheduler = scheduler;
	}

	/**
	 * Returns how often the pools are sampled and how many samples are kept.
	 * @return the window
	 */
	public SampleWindow window() {
		return this.window;
	}

	/**
	 * Returns the history of every pool, the default pool first.
	 * @return each pool's history by name
	 */
	public Map<String, PoolSnapshot> history() {
		Map<String, PoolSnapshot> snapshots = new LinkedHashMap<>();
		this.histories.forEach((name, history) -> snapshots.put(name, history.snapshot()));
		return snapshots;
	}

	@Override
	public synchronized void start() {
		if (this.task == null) {
			long interval = this.window.interval().toNanos();
			this.task = this.scheduler.schedulePeriodically(this::sample, interval, interval, TimeUnit.NANOSECONDS);
		}
	}

	@Override
	public synchronized void stop() {
		Disposable task = this.task;
		if (task != null) {
			task.dispose();
			this.task = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.task != null;
	}

	// A periodic task that throws is not run again: one bad sample must not end them all.
	private void sample() {
		for (PoolHistory history : this.histories.values()) {
			try {
				history.sample();
			}
			catch (RuntimeException ex) {
				logger.warn("Could not sample a worker pool for the dashboard", ex);
			}
		}
	}

}
