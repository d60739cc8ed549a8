package dev.workerstarter.process.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

import dev.workerstarter.internal.IsolatedEvents;
import dev.workerstarter.internal.MonitorWait;
import dev.workerstarter.pool.RollingResetResult;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.internal.WorkerPoolGroup;
import dev.workerstarter.process.ProcessState;
import dev.workerstarter.process.WorkerProcess;

/**
 * Supervises the {@link WorkerProcess} beans: starts each as one job on the pool named
 * {@value #POOL} once the pools have started, starts it again after its backoff when it
 * throws or returns, and on shutdown, before the pools drain, asks every process to stop,
 * waits up to the destroy timeout for them to return and interrupts the threads of those
 * that did not. A rolling reset of their pool goes through it ({@link #rollingReset()}):
 * a process holds its worker for as long as it runs, so the pool alone would wait for it
 * forever. Its delays and clock are those of a Reactor {@link Scheduler}.
 */
public final class ProcessSupervisor implements SmartLifecycle {

	/**
	 * The name of the pool the processes run on.
	 */
	public static final String POOL = "processes";

	/**
	 * Starts after and stops before the pools.
	 */
	public static final int PHASE = WorkerPoolGroup.PHASE + 1;

	private static final Log logger = LogFactory.getLog(ProcessSupervisor.class);

	private final Settings settings;

	private final WorkerPool pool;

	private final Scheduler scheduler;

	private final ProcessMeters meters;

	private final IsolatedEvents events;

	private final List<SupervisedProcess> processes;

	private final Object settledMonitor = new Object();

	private volatile boolean stopping;

	private volatile boolean running;

	/**
	 * Creates a supervisor; the processes start with {@link #start()}.
	 * @param settings the backoff and the destroy timeout
	 * @param pool the pool the processes run on, with a worker for each
	 * @param processes the processes by bean name, in the order they start
	 * @param scheduler schedules the restarts and tells the time
	 * @param meters counts the restarts
	 * @param publisher publishes the processes' events
	 */
	public ProcessSupervisor(Settings settings, WorkerPool pool, Map<String, WorkerProcess> processes,
			Scheduler scheduler, ProcessMeters meters, ApplicationEventPublisher publisher) {
		this.settings = settings;
		this.pool = pool;
		this.scheduler = scheduler;
		this.meters = meters;
		this.events = new IsolatedEvents(publisher);
		List<SupervisedProcess> supervised = new ArrayList<>();
		processes.forEach((name, process) -> {
			meters.register(name);
			supervised.add(new SupervisedProcess(name, process, this));
		});
		this.processes = List.copyOf(supervised);
	}

	/**
	 * Starts every process.
	 */
	@Override
	public void start() {
		if (this.running) {
			return;
		}
		this.stopping = false;
		this.running = true;
		this.processes.forEach(SupervisedProcess::start);
	}

	/**
	 * Asks every process to stop and waits up to the destroy timeout for them to return,
	 * then interrupts the threads of those still running, naming them in the log. Their
	 * pool then waits for their jobs as it waits for any job.
	 */
	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		long start = System.nanoTime();
		this.stopping = true;
		this.processes.forEach(SupervisedProcess::requestStop);
		awaitReturned(start + this.settings.destroyTimeout().toNanos());
		int interrupted = 0;
		for (SupervisedProcess process : this.processes) {
			if (process.interrupt()) {
				interrupted++;
				logger.warn("Process '" + process.name() + "' did not return within " + this.settings.destroyTimeout()
						+ " (" + this.settings.destroyTimeoutKey()
						+ ") after it was asked to stop; its thread is interrupted");
			}
		}
		this.running = false;
		logger
			.info("Stopped " + this.processes.size() + " process(es) in " + Duration.ofNanos(System.nanoTime() - start)
					+ ((interrupted > 0) ? ", " + interrupted + " of them interrupted" : ""));
	}

	private void awaitReturned(long deadline) {
		MonitorWait.until(this.settledMonitor, deadline,
				() -> this.processes.stream().noneMatch(SupervisedProcess::isRunning));
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Tells whether the processes run or wait for their next start: started and not
	 * stopping.
	 * @return {@code true} between start and stop
	 */
	public boolean isSupervising() {
		return this.running && !this.stopping;
	}

	/**
	 * Returns a snapshot of every process, in the order they start.
	 * @return the processes
	 */
	public List<ProcessInfo> processes() {
		return this.processes.stream().map(SupervisedProcess::info).toList();
	}

	/**
	 * Tells whether a process is running on its worker.
	 * @param name the process's name
	 * @return {@code true} if it is {@link ProcessState#RUNNING}
	 */
	public boolean isRunning(String name) {
		for (SupervisedProcess process : this.processes) {
			if (process.name().equals(name)) {
				return process.state() == ProcessState.RUNNING;
			}
		}
		return false;
	}

	/**
	 * Runs a rolling reset of the processes' pool: every worker gets a new kernel, and
	 * every running process, one at a time, is asked to stop, given the destroy timeout
	 * to return (then interrupted), and started again at once on its new kernel. A
	 * process that backs off keeps its next start.
	 * @return what the pool's reset did, once every process runs again and every worker
	 * has a new kernel or is skipped
	 */
	public Mono<RollingResetResult> rollingReset() {
		return Mono.defer(() -> {
			// First, so that every worker has its request pending when its process ends.
			CompletableFuture<RollingResetResult> reboots = this.pool.rollingReset().toFuture();
			return Flux.fromIterable(this.processes)
				.concatMap((process) -> process.restartOnNewKernel(this.settings.destroyTimeout()))
				.then(Mono.fromFuture(reboots));
		});
	}

	boolean isStopping() {
		return this.stopping;
	}

	Scheduler scheduler() {
		return this.scheduler;
	}

	WorkerPool pool() {
		return this.pool;
	}

	Backoff backoff() {
		return this.settings.backoff();
	}

	ProcessMeters meters() {
		return this.meters;
	}

	IsolatedEvents events() {
		return this.events;
	}

	long now() {
		return this.scheduler.now(TimeUnit.MILLISECONDS);
	}

	Disposable schedule(Runnable task, Duration delay) {
		return this.scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	// Wakes a stop waiting for the processes to return.
	void settled() {
		synchronized (this.settledMonitor) {
			this.settledMonitor.notifyAll();
		}
	}

	/**
	 * The supervisor's settings.
	 *
	 * @param backoff the delays between the starts of a process
	 * @param destroyTimeout how long a stop waits for the processes to return
	 * @param destroyTimeoutKey the key of that timeout, for the log
	 */
	public record Settings(Backoff backoff, Duration destroyTimeout, String destroyTimeoutKey) {

	}

}
