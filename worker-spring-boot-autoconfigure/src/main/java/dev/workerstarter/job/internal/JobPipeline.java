package dev.workerstarter.job.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

import dev.workerstarter.job.JobHandler;
import dev.workerstarter.job.internal.JobDriver.Delivery;
import dev.workerstarter.pool.WorkDescription;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerRejectedException;

/**
 * One pipeline on this instance: the loop that takes jobs from its driver, never more
 * than the free slots of its concurrency, runs each as a job on its pool, then
 * acknowledges it, retries it after its backoff, or dead-letters it after its last
 * attempt. A job the pool rejects goes back without counting an attempt. Nothing is taken
 * while paused or stopping, so that a stop leaves no job taken but not started; a stop
 * waits for the running jobs. A failed driver call is logged and made again after a
 * pause: the loop never dies.
 */
public final class JobPipeline {

	// The error of a job dead-lettered because its holders stopped answering.
	static final String ABANDONED = "its attempts ended without an answer: the instances running it stopped or "
			+ "stalled past the visibility timeout";

	private static final Log logger = LogFactory.getLog(JobPipeline.class);

	// How long the loop holds off after a failed take, or while the pool takes no job.
	private static final Duration HOLD_OFF = Duration.ofMillis(500);

	// How long a job the pool rejected waits before it runs again, and the loop before
	// it takes another.
	private static final Duration REQUEUE_DELAY = Duration.ofMillis(100);

	private final PipelineSettings settings;

	private final JobDriver driver;

	private final WorkerPool pool;

	private final JobHandler handler;

	private final JsonMapper mapper;

	private final JobMeters meters;

	private final Clock clock;

	private final WorkDescription description;

	private final Map<String, Delivery> running = new ConcurrentHashMap<>();

	// Trampoline of pump(): a take that completes at once never recurses into another.
	private final AtomicInteger pumps = new AtomicInteger();

	private volatile boolean started;

	private volatile boolean paused;

	// The jobs taken and not yet settled with the driver, guarded by this.
	private int active;

	// A take outstanding, guarded by this.
	private boolean taking;

	// The loop holding off, guarded by this.
	private boolean holding;

	private Sinks.@Nullable Empty<Void> idle;

	private @Nullable Disposable keepAlive;

	/**
	 * Creates a pipeline.
	 * @param settings its settings
	 * @param driver where it keeps its jobs
	 * @param pool where its jobs run
	 * @param handler what runs them
	 * @param mapper reads their payloads
	 * @param meters counts what it does
	 * @param clock tells the time of retries
	 */
	public JobPipeline(PipelineSettings settings, JobDriver driver, WorkerPool pool, JobHandler handler,
			JsonMapper mapper, JobMeters meters, Clock clock) {
		this.settings = settings;
		this.driver = driver;
		this.pool = pool;
		this.handler = handler;
		this.mapper = mapper;
		this.meters = meters;
		this.clock = clock;
		this.description = new WorkDescription(WorkDescription.JOB, settings.name());
		this.paused = settings.paused();
	}

	/**
	 * Returns the pipeline's name.
	 * @return the name
	 */
	public String name() {
		return this.settings.name();
	}

	/**
	 * Returns the pipeline's settings.
	 * @return the settings
	 */
	public PipelineSettings settings() {
		return this.settings;
	}

	/**
	 * Returns the pipeline's driver.
	 * @return the driver
	 */
	public JobDriver driver() {
		return this.driver;
	}

	/**
	 * Returns the pool its jobs run on.
	 * @return the pool
	 */
	public WorkerPool pool() {
		return this.pool;
	}

	/**
	 * Returns whether it takes jobs.
	 * @return its state
	 */
	public PipelineState state() {
		if (!this.started) {
			return PipelineState.STOPPED;
		}
		return this.paused ? PipelineState.PAUSED : PipelineState.RUNNING;
	}

	/**
	 * Returns the jobs of this pipeline running on this instance.
	 * @return how many
	 */
	public int runningCount() {
		return this.running.size();
	}

	/**
	 * Stops taking jobs; the running ones finish.
	 */
	public void pause() {
		this.paused = true;
	}

	/**
	 * Takes jobs again after a pause.
	 */
	public void resume() {
		this.paused = false;
		pump();
	}

	void start() {
		this.started = true;
		Duration interval = Duration.ofMillis(Math.max(this.settings.visibilityTimeout().toMillis() / 3, 1));
		this.keepAlive = Flux.interval(interval, interval)
			.onBackpressureDrop()
			.concatMap((tick) -> keepRunningAlive(), 1)
			.subscribe();
		pump();
	}

	/**
	 * Stops taking jobs and waits for the running ones.
	 * @return completes once no job is running or being settled with the driver
	 */
	Mono<Void> stop() {
		Sinks.Empty<Void> idle = Sinks.empty();
		synchronized (this) {
			this.started = false;
			this.idle = idle;
		}
		settled();
		return idle.asMono().doFinally((signal) -> {
			Disposable keepAlive = this.keepAlive;
			if (keepAlive != null) {
				keepAlive.dispose();
			}
		});
	}

	private Mono<Void> keepRunningAlive() {
		List<Delivery> running = List.copyOf(this.running.values());
		if (running.isEmpty()) {
			return Mono.empty();
		}
		return this.driver.keepAlive(running).onErrorResume((ex) -> {
			logger.warn("Pipeline '" + name() + "' could not keep its running jobs alive: " + ex);
			return Mono.empty();
		});
	}

	private void pump() {
		if (this.pumps.getAndIncrement() != 0) {
			return;
		}
		do {
			pumpOnce();
		}
		while (this.pumps.decrementAndGet() != 0);
	}

	private void pumpOnce() {
		int free;
		synchronized (this) {
			if (!this.started || this.paused || this.taking || this.holding) {
				return;
			}
			free = this.settings.concurrency() - this.active;
			if (free <= 0) {
				return;
			}
			if (!this.pool.isAccepting()) {
				holdOff(HOLD_OFF);
				return;
			}
			this.taking = true;
		}
		this.driver.take(free, this.settings.takeWait()).subscribe(this::taken, this::takeFailed);
	}

	private void taken(List<Delivery> deliveries) {
		boolean run;
		synchronized (this) {
			this.taking = false;
			this.active += deliveries.size();
			run = this.started && !this.paused;
		}
		for (Delivery delivery : deliveries) {
			if (this.running.containsKey(delivery.receipt())) {
				// Claimed back from this instance itself, its keep-alive late: the run
				// under way settles it.
				logger.warn("Pipeline '" + name() + "' was handed job " + delivery.job().id()
						+ " again while it still runs it (a keep-alive came later than the visibility timeout)");
				finished();
			}
			else if (run && delivery.job().attempt() > this.settings.maxAttempts()) {
				abandoned(delivery);
			}
			else if (run) {
				start(delivery);
			}
			else {
				// Taken while the pipeline paused or began to stop: back as it was.
				settle(this.driver.retry(delivery, delivery.job().attempt(), this.clock.millis()), delivery);
			}
		}
		settled();
		pump();
	}

	private void takeFailed(Throwable ex) {
		logger.warn("Pipeline '" + name() + "' could not take jobs from its driver, trying again in " + HOLD_OFF, ex);
		synchronized (this) {
			this.taking = false;
			holdOff(HOLD_OFF);
		}
		settled();
	}

	// Under the lock.
	private void holdOff(Duration pause) {
		if (this.holding) {
			return;
		}
		this.holding = true;
		Mono.delay(pause).subscribe((tick) -> {
			synchronized (this) {
				this.holding = false;
			}
			pump();
		});
	}

	private void start(Delivery delivery) {
		this.running.put(delivery.receipt(), delivery);
		ReceivedJob message = ReceivedJob.of(name(), delivery.job(), this.mapper);
		long startNanos = System.nanoTime();
		this.pool.<Void>run(this.description, () -> {
			this.handler.handle(message);
			return null;
		}).subscribe(null, (ex) -> failed(delivery, ex, startNanos), () -> succeeded(delivery, startNanos));
	}

	// Claimed from instances that stopped answering while they ran it (died, or stalled
	// past the visibility timeout) until no attempt is left: a job that kills its holder
	// is not run again.
	private void abandoned(Delivery delivery) {
		int attempts = this.settings.maxAttempts();
		logger.warn("Job " + delivery.job().id() + " of pipeline '" + name() + "' ran out of attempts (" + attempts
				+ ") on instances that stopped answering while they ran it, moved to the dead letters");
		JobDriver.QueuedJob job = delivery.job();
		Delivery counted = new Delivery(new JobDriver.QueuedJob(job.id(), job.payload(), attempts, job.pushedAtMillis(),
				job.notBeforeMillis(), job.priority()), delivery.receipt());
		settle(this.driver.deadLetter(counted, ABANDONED).doOnSuccess((done) -> this.meters.dead(name())), delivery);
	}

	private void succeeded(Delivery delivery, long startNanos) {
		this.meters.handled(name(), true, System.nanoTime() - startNanos);
		this.running.remove(delivery.receipt());
		settle(this.driver.ack(delivery).doOnSuccess((done) -> this.meters.acked(name())), delivery);
	}

	private void failed(Delivery delivery, Throwable ex, long startNanos) {
		this.running.remove(delivery.receipt());
		int attempt = delivery.job().attempt();
		if (ex instanceof WorkerRejectedException) {
			// Held off first: the slot the job frees is not taken again at once.
			synchronized (this) {
				holdOff(REQUEUE_DELAY);
			}
			settle(this.driver.retry(delivery, attempt, this.clock.millis() + REQUEUE_DELAY.toMillis()), delivery);
			return;
		}
		this.meters.handled(name(), false, System.nanoTime() - startNanos);
		String error = ex.getClass().getName() + ": " + ex.getMessage();
		if (attempt >= this.settings.maxAttempts()) {
			logger.warn("Job " + delivery.job().id() + " of pipeline '" + name() + "' failed its last attempt ("
					+ attempt + "), moved to the dead letters: " + error);
			settle(this.driver.deadLetter(delivery, error.lines().findFirst().orElse(error))
				.doOnSuccess((done) -> this.meters.dead(name())), delivery);
			return;
		}
		Duration backoff = this.settings.backoff().delay(attempt, ThreadLocalRandom.current()::nextDouble);
		if (logger.isDebugEnabled()) {
			logger.debug("Job " + delivery.job().id() + " of pipeline '" + name() + "' failed attempt " + attempt
					+ ", retried in " + backoff, ex);
		}
		settle(this.driver.retry(delivery, attempt + 1, this.clock.millis() + backoff.toMillis())
			.doOnSuccess((done) -> this.meters.retried(name())), delivery);
	}

	// Makes a driver call for a job until it succeeds, or the pipeline stops; then frees
	// the job's slot.
	private void settle(Mono<Void> call, Delivery delivery) {
		call.retryWhen(Retry.backoff(Long.MAX_VALUE, REQUEUE_DELAY)
			.maxBackoff(HOLD_OFF.multipliedBy(10))
			.filter((ex) -> this.started)
			.doBeforeRetry((signal) -> logger.warn("Pipeline '" + name() + "' could not settle job "
					+ delivery.job().id() + " with its driver, trying again", signal.failure())))
			.subscribe(null, (ex) -> {
				logger.error("Pipeline '" + name() + "' stopped before it could settle job " + delivery.job().id()
						+ " with its driver: the driver keeps it in flight", ex);
				finished();
			}, this::finished);
	}

	private void finished() {
		synchronized (this) {
			this.active--;
		}
		settled();
		pump();
	}

	// Completes a stop once nothing is running, taken or being taken.
	private void settled() {
		Sinks.Empty<Void> idle;
		synchronized (this) {
			idle = (!this.started && this.active == 0 && !this.taking) ? this.idle : null;
		}
		if (idle != null) {
			idle.tryEmitEmpty();
		}
	}

}
