package dev.workerstarter.timer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.scheduler.Scheduler;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.SmartLifecycle;

import dev.workerstarter.pool.internal.WorkerPoolGroup;
import dev.workerstarter.task.internal.DefaultWorkerTasks;

/**
 * The application's timers: read and checked once every singleton exists (a bad one stops
 * start-up), started once the pools have started, stopped before the pools stop. A run
 * that is under way when they stop goes on to its end, which the pools' drain waits for.
 */
public final class WorkerTimers implements SmartInitializingSingleton, SmartLifecycle {

	/** Right after the pools start, and so before they stop. */
	public static final int PHASE = WorkerPoolGroup.PHASE + 1;

	private final ConfigurableListableBeanFactory beanFactory;

	private final Map<String, TimerConfig> configs;

	private final DefaultWorkerTasks tasks;

	private final @Nullable TimerLock lock;

	private final TimerMeters meters;

	private final Scheduler scheduler;

	private List<TimerDefinition> timers = List.of();

	private final List<TimerLoop> loops = new ArrayList<>();

	private volatile boolean running;

	/**
	 * Creates the timers.
	 * @param beanFactory where the annotated methods and the Runnable beans are
	 * @param configs the entries of {@code worker.timers}, by name
	 * @param tasks the tasks the runs are
	 * @param lock the lock of single-instance timers, {@code null} if there is none
	 * @param meters where the runs are counted
	 * @param scheduler where runs start and time is read
	 */
	public WorkerTimers(ConfigurableListableBeanFactory beanFactory, Map<String, TimerConfig> configs,
			DefaultWorkerTasks tasks, @Nullable TimerLock lock, TimerMeters meters, Scheduler scheduler) {
		this.beanFactory = beanFactory;
		this.configs = configs;
		this.tasks = tasks;
		this.lock = lock;
		this.meters = meters;
		this.scheduler = scheduler;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.timers = TimerDefinitions.of(TimerMethods.find(this.beanFactory), this.configs, this.beanFactory,
				this.lock);
	}

	/**
	 * Returns the enabled timers.
	 * @return the timers, empty before every singleton exists
	 */
	public List<TimerDefinition> timers() {
		return this.timers;
	}

	@Override
	public synchronized void start() {
		for (TimerDefinition timer : this.timers) {
			TimerLoop loop = new TimerLoop(this.scheduler, timer.schedule(),
					new TimerRun(timer, this.tasks, this.lock, this.meters),
					(overruns) -> this.meters.overran(timer.name(), overruns));
			this.loops.add(loop);
			loop.start();
		}
		this.running = true;
	}

	@Override
	public synchronized void stop() {
		this.loops.forEach(TimerLoop::stop);
		this.loops.clear();
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return WorkerTimers.PHASE;
	}

}
