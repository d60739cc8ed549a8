package dev.workerstarter.process.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.pool.RejectionReason;
import dev.workerstarter.pool.WorkDescription;
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
 * (the job's thread runs the process), then BACKING_OFF (a restart scheduled) or, when
 * asked to stop, STOPPING until the run returns, then STOPPED on shutdown or STARTING
 * again on a new kernel for a rolling reset.
 */
final class SupervisedProcess {

	private static final Log logger = LogFactory.getLog(SupervisedProcess.class);

	private final String name;

	private final WorkDescription description;

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

	// The job's thread and the run's stop signal while the process runs.
	private @Nullable Thread thread;

	private @Nullable CountDownLatch stopSignal;

	private @Nullable Disposable restart;

	// Set while a rolling reset waits for the process to be back on a new kernel.
	private @Nullable CompletableFuture<Void> reset;

	// Whether the reset's kernel reboot has been asked for: the next run is on it.
	private boolean resetRebooted;

	SupervisedProcess(String name, WorkerProcess process, ProcessSupervisor supervisor) {
		this.name = name;
		this.description = new WorkDescription(WorkDescription.PROCESS, name);
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
				settle(ProcessState.STOPPED);
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
		this.supervisor.pool().run(this.description, () -> runOnWorker(run)).subscribe((ignored) -> {
		}, this::ended, () -> ended(null));
	}

	// On the job's thread, with the job bound. A throw counts for the reboot strategies,
	// unless the run was asked to stop.
	private @Nullable Void runOnWorker(int run) throws Exception {
		CountDownLatch stopSignal = new CountDownLatch(1);
		synchronized (this.lock) {
			if (this.supervisor.isStopping()) {
				return null;
			}
			if (this.reset != null && !this.resetRebooted) {
				this.resetRebooted = true;
				rebootKernel(); // a new kernel before it runs
				return null;
			}
			this.stopSignal = stopSignal;
			this.thread = Thread.currentThread();
			this.runningSince = this.supervisor.now();
			settle(ProcessState.RUNNING);
		}
		this.supervisor.events().publish(new ProcessStartedEvent(this.supervisor, this.name, run));
		Throwable failure = null;
		try {
			this.process.run(new Context(this.name, run, stopSignal));
		}
		catch (Exception | Error ex) {
			failure = ex;
		}
		boolean asked;
		boolean forReset;
		synchronized (this.lock) {
			this.thread = null;
			this.stopSignal = null;
			asked = stopSignal.getCount() == 0;
			forReset = asked && this.reset != null && !this.supervisor.isStopping();
			this.resetRebooted |= forReset;
		}
		Thread.interrupted(); // an interrupt of the supervisor's stays with this run
		this.supervisor.settled();
		this.supervisor.events().publish(new ProcessStoppedEvent(this.supervisor, this.name, run, failure, asked));
		if (asked) {
			if (failure != null) {
				logger.info("Process '" + this.name + "' ended with " + failure + " once asked to stop");
			}
			if (forReset) {
				rebootKernel();
			}
			return null;
		}
		if (failure instanceof Exception ex) {
			throw ex;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		return null;
	}

	// A rolling reset waits for this worker: the reboot serves it now, before the worker
	// goes back to the pool, whichever reboot the pool is busy with.
	private static void rebootKernel() {
		WorkerContext.current().ifPresent(WorkerContext::requestKernelReboot);
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
				settle(ProcessState.STOPPED);
				return;
			}
			if (failure instanceof WorkerRejectedException rejected && rejected.reason() == RejectionReason.DRAINING) {
				settle(ProcessState.STOPPED);
				logger.info("Process '" + this.name + "' is not started again: pool '" + this.supervisor.pool().name()
						+ "' is draining");
				return;
			}
			if (failure == null && this.reset != null) {
				delay = Duration.ZERO; // back at once, on its new kernel
				next = null;
			}
			else {
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
				this.nextStart = now + delay.toMillis();
				next = "; starting it again in " + delay + ", at " + Instant.ofEpochMilli(this.nextStart) + " (restart "
						+ (this.restarts + 1) + ")";
				settle(ProcessState.BACKING_OFF);
			}
		}
		if (next == null) {
			start();
			return;
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

	// Under the lock: a state the process stays in, which ends a rolling reset's wait.
	private void settle(ProcessState state) {
		this.state = state;
		CompletableFuture<Void> reset = this.reset;
		if (reset != null && state != ProcessState.STARTING) {
			this.reset = null;
			this.resetRebooted = false;
			reset.complete(null);
		}
	}

	/**
	 * Asks the process to stop on shutdown: a running one is STOPPING until it returns,
	 * one waiting for its worker or backing off is STOPPED at once (its job returns as
	 * soon as it starts). The supervisor is already stopping.
	 */
	void requestStop() {
		synchronized (this.lock) {
			Disposable restart = this.restart;
			if (restart != null) {
				restart.dispose();
				this.restart = null;
			}
			this.nextStart = -1;
			CountDownLatch stopSignal = this.stopSignal;
			if (stopSignal != null) {
				stopSignal.countDown();
				this.state = ProcessState.STOPPING;
			}
			else {
				settle(ProcessState.STOPPED);
			}
		}
	}

	/**
	 * Starts the process again on a new kernel, for a rolling reset: a running process is
	 * asked to stop, and once it returns its kernel is rebooted and it starts again at
	 * once; one still waiting for its worker gets a new kernel before it runs. A process
	 * that backs off or is stopped is left as it is: its worker is idle.
	 * @param timeout how long the process has to return before its thread is interrupted
	 * @return completes once the process runs again, or has settled otherwise
	 */
	Mono<Void> restartOnNewKernel(Duration timeout) {
		return Mono.defer(() -> {
			CompletableFuture<Void> done;
			synchronized (this.lock) {
				if (this.supervisor.isStopping() || this.reset != null
						|| (this.state != ProcessState.RUNNING && this.state != ProcessState.STARTING)) {
					return Mono.empty();
				}
				done = new CompletableFuture<>();
				this.reset = done;
				CountDownLatch stopSignal = this.stopSignal;
				if (stopSignal != null) {
					stopSignal.countDown();
					this.state = ProcessState.STOPPING;
				}
			}
			logger.info("Process '" + this.name + "' is asked to stop, to start again on a new kernel");
			Mono<Void> restarted = Mono.fromFuture(done, true);
			return restarted.timeout(timeout, Mono.defer(() -> {
				if (interrupt()) {
					logger.warn("Process '" + this.name + "' did not return within " + timeout
							+ " after it was asked to stop for a rolling reset; its thread is interrupted");
				}
				return restarted;
			}), this.supervisor.scheduler());
		});
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
