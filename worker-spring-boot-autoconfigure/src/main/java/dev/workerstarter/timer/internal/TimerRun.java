package dev.workerstarter.timer.internal;

import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import dev.workerstarter.pool.WorkerRejectedException;
import dev.workerstarter.task.internal.DefaultWorkerTasks;

/**
 * Starts a run of a timer: a task named after the timer, which takes the timer's lock
 * first when the timer is single-instance; counts and logs how it went. No run starts
 * while the pool drains: the application is closing.
 */
final class TimerRun implements Supplier<Mono<Void>> {

	private static final Log logger = LogFactory.getLog(TimerRun.class);

	private final TimerDefinition timer;

	private final DefaultWorkerTasks tasks;

	private final @Nullable TimerLock lock;

	private final TimerMeters meters;

	TimerRun(TimerDefinition timer, DefaultWorkerTasks tasks, @Nullable TimerLock lock, TimerMeters meters) {
		this.timer = timer;
		this.tasks = tasks;
		this.lock = (timer.singleInstance()) ? lock : null;
		this.meters = meters;
	}

	@Override
	public Mono<Void> get() {
		if (!this.tasks.pool().isAccepting()) {
			return Mono.empty();
		}
		long started = System.nanoTime();
		String name = this.timer.name();
		return this.tasks.submit(name, this::run).doOnNext((ran) -> {
			if (ran) {
				this.meters.timerRan(name, false, System.nanoTime() - started);
			}
			else {
				this.meters.skipped(name);
			}
		}).doOnError((ex) -> {
			if (ex instanceof WorkerRejectedException rejected) {
				logger.warn("Timer " + name + " skipped a run: pool " + this.tasks.pool().name()
						+ " refused it a worker (" + rejected.reason() + ")");
				return;
			}
			this.meters.timerRan(name, true, System.nanoTime() - started);
			logger.error("Timer " + name + " failed", ex);
		}).onErrorComplete().then();
	}

	private Boolean run() {
		TimerLock lock = this.lock;
		if (lock == null) {
			this.timer.target().run();
			return Boolean.TRUE;
		}
		return lock.runLocked(this.timer.name(), this.timer.lockAtMostFor(), this.timer.target());
	}

}
