package dev.workerstarter.process.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.WorkerRejectedException;
import dev.workerstarter.process.ProcessContext;
import dev.workerstarter.process.ProcessStartedEvent;
import dev.workerstarter.process.ProcessState;
import dev.workerstarter.process.ProcessStoppedEvent;
import dev.workerstarter.process.WorkerProcess;

/**
 * One supervised process: each run is one job on the supervisor's pool, and a run that
 * ends while the application is not stopping schedules the next start after the backoff.
 * Its state moves under its lock: STOPPED, STARTING (the job waits for a worker), RUNNING
 * (the job's thread runs the process), then BACKING_OFF (a restart scheduled) or, on
 * shutdown, STOPPING until the run returns and STOPPED.
 */
final class SupervisedProcess {

	private static final Log logger = LogFactory.getLog(SupervisedProcess.class);

	private final String name;

	private final WorkerProcess process;

	private final ProcessSupervisor supervisor;

	private final Object lock = new Object();

	private ProcessState state = ProcessState.STOPPED;

	private int restarts;

	// Restarts since the last stable run: the exponent of the next delay.
	private int unstableRestarts;

	// Why the run before the next start ended: counted when that start happens.
	private @Nullable ExitCause pendingCause;

	private @Nullable ExitCause lastExit;

	private ProcessInfo.@Nullable Failure lastFailure;

	// In the supervisor's clock (milliseconds), -1 when not set.
	private long runningSince = -1;

	private long nextStart = -1;

	// The job's thread while the process runs on it.
	private @Nullable Thread thread;

	private @Nullable Disposable restart;

	SupervisedProcess(String name, WorkerProcess process, ProcessSupervisor supervisor) {
		this.name = name;
		this.process = process;
		this.supervisor = supervisor;
	}

	String name() {
		return this.name;
	}

	/**
	 * Runs the process as a job on the supervisor's pool, unless the application is
	 * stopping.
	 */
	void start() {
		int run;
		synchronized (this.lock) {
			this.restart = null;
			if (this.supervisor.isStopping()) {
				this.state = ProcessState.STOPPED;
				return;
			}
			ExitCause cause = this.pendingCause;
			if (cause != null) {
				this.pendingCause = null;
				this.restarts++;
				this.supervisor.meters().restarted(this.name, cause);
			}
			this.state = ProcessState.STARTING;
			this.nextStart = -1;
			run = this.restarts;
		}
		this.supervisor.pool().run(() -> runOnWorker(run)).subscribe((ignored) -> {
		}, this::ended, () -> ended(null));
	}

	// On the job's thread, with the job bound. A throw counts for the reboot strategies,
	// except on shutdown, when the kernel is about to go anyway.
	private @Nullable Void runOnWorker(int run) throws Exception {
		CountDownLatch stopSignal;
		synchronized (this.lock) {
			if (this.supervisor.isStopping()) {
				return null;
			}
			stopSignal = this.supervisor.stopSignal();
			this.thread = Thread.currentThread();
			this.state = ProcessState.RUNNING;
			this.runningSince = this.supervisor.now();
		}
		this.supervisor.events().publish(new ProcessStartedEvent(this.supervisor, this.name, run));
		Throwable failure = null;
		try {
			this.process.run(new Context(this.name, run, stopSignal));
		}
		catch (Exception | Error ex) {
			failure = ex;
		}
		finally {
			synchronized (this.lock) {
				this.thread = null;
			}
			Thread.interrupted(); // the supervisor's interrupt stays with this run
			this.supervisor.settled();
		}
		boolean stopping = this.supervisor.isStopping();
		this.supervisor.events().publish(new ProcessStoppedEvent(this.supervisor, this.name, run, failure, stopping));
		if (failure != null && stopping) {
			logger.info("Process '" + this.name + "' ended with " + failure + " while stopping");
		}
		else if (failure instanceof Exception ex) {
			throw ex;
		}
		else if (failure instanceof Error error) {
			throw error;
		}
		return null;
	}

	// Once the job has ended, off the job's binding.
	private void ended(@Nullable Throwable failure) {
		Duration delay;
		String next;
		long ran;
		synchronized (this.lock) {
			long now = this.supervisor.now();
			ran = (this.runningSince >= 0) ? now - this.runningSince : -1;
			this.runningSince = -1;
			if (this.supervisor.isStopping()) {
				this.state = ProcessState.STOPPED;
				return;
			}
			if (failure instanceof WorkerRejectedException rejected && rejected.reason() == RejectionReason.DRAINING) {
				this.state = ProcessState.STOPPED;
				logger.info("Process '" + this.name + "' is not started again: pool '" + this.supervisor.pool().name()
						+ "' is draining");
				return;
			}
			if (ran >= this.supervisor.backoff().stableAfter().toMillis()) {
				this.unstableRestarts = 0;
			}
			delay = this.supervisor.backoff().delay(this.unstableRestarts);
			this.unstableRestarts++;
			ExitCause cause = (failure != null) ? ExitCause.EXCEPTION : ExitCause.RETURNED;
			this.pendingCause = cause;
			this.lastExit = cause;
			if (failure != null) {
				this.lastFailure = ProcessInfo.Failure.of(failure);
			}
			this.state = ProcessState.BACKING_OFF;
			this.nextStart = now + delay.toMillis();
			next = "; starting it again in " + delay + ", at " + Instant.ofEpochMilli(this.nextStart) + " (restart "
					+ (this.restarts + 1) + ")";
		}
		String after = (ran >= 0) ? " after running " + Duration.ofMillis(ran) : " before it could run";
		if (failure != null) {
			logger.error("Process '" + this.name + "' threw" + after + next, failure);
		}
		else {
			logger.warn("Process '" + this.name + "' returned" + after + next);
		}
		Disposable scheduled = this.supervisor.schedule(this::start, delay);
		synchronized (this.lock) {
			if (this.state == ProcessState.BACKING_OFF) {
				this.restart = scheduled;
				return;
			}
		}
		scheduled.dispose(); // stopped meanwhile
	}

	/**
	 * Asks the process to stop: a running one is STOPPING until it returns, one waiting
	 * for its worker or backing off is STOPPED at once (its job returns as soon as it
	 * starts). The supervisor has already signalled the stop.
	 */
	void requestStop() {
		synchronized (this.lock) {
			Disposable restart = this.restart;
			if (restart != null) {
				restart.dispose();
				this.restart = null;
			}
			this.nextStart = -1;
			this.state = (this.thread != null) ? ProcessState.STOPPING : ProcessState.STOPPED;
		}
	}

	/**
	 * Tells whether the process runs on its job's thread.
	 * @return {@code true} until its run has returned
	 */
	boolean isRunning() {
		synchronized (this.lock) {
			return this.thread != null;
		}
	}

	/**
	 * Interrupts the job's thread if the process still runs on it.
	 * @return {@code true} if it did
	 */
	boolean interrupt() {
		synchronized (this.lock) {
			Thread thread = this.thread;
			if (thread == null) {
				return false;
			}
			thread.interrupt();
			return true;
		}
	}

	ProcessInfo info() {
		synchronized (this.lock) {
			return new ProcessInfo(this.name, this.state, this.restarts,
					(this.runningSince >= 0) ? Instant.ofEpochMilli(this.runningSince) : null,
					(this.nextStart >= 0) ? Instant.ofEpochMilli(this.nextStart) : null, this.lastExit,
					this.lastFailure);
		}
	}

	ProcessState state() {
		synchronized (this.lock) {
			return this.state;
		}
	}

	private record Context(String name, int restarts, CountDownLatch stopSignal) implements ProcessContext {

		@Override
		public boolean isStopping() {
			return this.stopSignal.getCount() == 0;
		}

		@Override
		public boolean awaitStop(Duration timeout) throws InterruptedException {
			long nanos;
			try {
				nanos = timeout.toNanos();
			}
			catch (ArithmeticException ex) {
				nanos = Long.MAX_VALUE;
			}
			return this.stopSignal.await(nanos, TimeUnit.NANOSECONDS);
		}

	}

}
