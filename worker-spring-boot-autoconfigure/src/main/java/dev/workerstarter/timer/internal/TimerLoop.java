package dev.workerstarter.timer.internal;

import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * Runs one timer on a Reactor scheduler: each run is started when it is due and the next
 * is scheduled only once it has ended, so that two runs of the timer never overlap. Time
 * is the scheduler's, so that a virtual-time scheduler drives it in tests.
 */
final class TimerLoop {

	private final Scheduler scheduler;

	private final TimerSchedule schedule;

	private final Supplier<Mono<Void>> run;

	private final LongConsumer overruns;

	private final Disposable.Swap pending = Disposables.swap();

	private volatile boolean stopped;

	/**
	 * Creates a loop.
	 * @param scheduler where runs are started and time is read
	 * @param schedule when runs are due
	 * @param run starts a run; the {@code Mono} completes when it has ended and never
	 * fails
	 * @param overruns told how many starts a run overran
	 */
	TimerLoop(Scheduler scheduler, TimerSchedule schedule, Supplier<Mono<Void>> run, LongConsumer overruns) {
		this.scheduler = scheduler;
		this.schedule = schedule;
		this.run = run;
		this.overruns = overruns;
	}

	void start() {
		at(this.schedule.first(now()));
	}

	/**
	 * Stops the loop: no run starts any more, one that runs goes on to its end.
	 */
	void stop() {
		this.stopped = true;
		this.pending.dispose();
	}

	private void at(@Nullable Instant due) {
		if (due == null || this.stopped) {
			return;
		}
		long delay = Math.max(0, due.toEpochMilli() - this.scheduler.now(TimeUnit.MILLISECONDS));
		try {
			// Replaced, not updated: a run due at once may have ended and scheduled the
			// next
			// before schedule() returned, and that one must not be disposed. Once
			// stopped,
			// the swap disposes what it is given; a start that slips through finds the
			// loop
			// stopped.
			this.pending.replace(this.scheduler.schedule(() -> fire(due), delay, TimeUnit.MILLISECONDS));
		}
		catch (RejectedExecutionException ex) {
			// the scheduler is shut down: the application is closing
		}
	}

	private void fire(Instant due) {
		if (this.stopped) {
			return;
		}
		Mono<Void> ran;
		try {
			ran = this.run.get();
		}
		catch (RuntimeException ex) {
			ran = Mono.error(ex);
		}
		ran.onErrorComplete().doOnTerminate(() -> ended(due)).subscribe();
	}

	private void ended(Instant due) {
		TimerSchedule.Next next = this.schedule.next(due, now());
		if (next == null) {
			return;
		}
		if (next.overruns() > 0) {
			this.overruns.accept(next.overruns());
		}
		at(next.start());
	}

	private Instant now() {
		return Instant.ofEpochMilli(this.scheduler.now(TimeUnit.MILLISECONDS));
	}

}
