package dev.workerstarter.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.reactive.function.client.WebClient;

import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.pool.WorkerPool;

import static org.awaitility.Awaitility.await;

/**
 * Chaos: tens of thousands of real HTTP requests from a bounded number of keep-alive
 * clients on a small pool, a random mix of reactive and blocking handlers, body-reading
 * POSTs, unexpected, handled and allowed exceptions, hangs past the exec TTL (reactive
 * and interrupt-ignoring blocking), client disconnects, reboots under
 * {@code [on_exception, max_jobs]} with dispersion, rolling resets fired again and again,
 * and hooks that throw now and then (a pool listener, a job binding factory and its
 * bindings, event listeners). Afterwards: every request was answered or cancelled by its
 * own client, no answer shows a stack trace, the pool is back to every worker idle with
 * nothing waiting, worker-scoped beans created and destroyed balance to the live
 * kernels', no job is left bound on any thread, retired kernel threads are gone, and no
 * worker-scoped instance was used by two jobs at once.
 * <p>
 * The mix is drawn from a seed printed at the start; replay a run with
 * {@code -Dchaos.seed=<seed>} (hooks throw from the seed too, in the order the threads
 * call them). {@code -Dchaos.requests=<n>} changes the number of requests,
 * {@code -Dchaos.skip=KIND,...} leaves kinds of request out, {@code -Dchaos.hooks=false}
 * (or {@code =PoolListener}, {@code =JobBinding}, {@code =@EventListener}) keeps all
 * hooks (or all others) from throwing, and {@code -Dchaos.log-level=WARN} shows the logs
 * the run silences.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "worker.pool.size=" + ChaosIntegrationTests.POOL_SIZE, "worker.pool.max-queue-size=10000",
				"worker.pool.allocate-timeout=5s", "worker.pool.destroy-timeout=3s", "worker.supervisor.exec-ttl=1s",
				"worker.supervisor.watch-tick=100ms", "worker.kernel-reboot.strategy=on_exception,max_jobs",
				"worker.kernel-reboot.max-jobs=40", "worker.kernel-reboot.max-jobs-dispersion=0.5",
				"worker.http.exclude-paths=/chaos/probe", "management.endpoints.web.exposure.include=workers",
				// thousands of failures on purpose: their logs would drown the output
				"logging.level.dev.workerstarter=${chaos.log-level:OFF}",
				"logging.level.org.springframework.web=${chaos.log-level:OFF}",
				"logging.level.org.springframework.boot.webflux=${chaos.log-level:OFF}",
				"logging.level.org.springframework.boot.web=${chaos.log-level:OFF}",
				"logging.level.reactor=${chaos.log-level:OFF}" })
@DirtiesContext
class ChaosIntegrationTests {

	static final int POOL_SIZE = 3;

	static final Duration EXEC_TTL = Duration.ofSeconds(1);

	static final long SEED = Long.getLong("chaos.seed", 20260417L);

	private static final int REQUESTS = Integer.getInteger("chaos.requests", 30_000);

	private static final int CLIENTS = 24;

	// requests not started by then are not sent: the class stays bounded whatever goes
	// wrong
	private static final Duration LOAD_BUDGET = Duration.ofSeconds(50);

	// for the pool, the beans and the threads to settle once the load has ended
	private static final Duration SETTLE = Duration.ofSeconds(15);

	private static final Duration RESET_INTERVAL = Duration.ofMillis(1500);

	private static final Duration RESET_BOUND = Duration.ofSeconds(10);

	private static final int PROBES = 320;

	private static final int PROBE_CONNECTIONS = 16;

	@LocalServerPort
	int port;

	@Autowired
	WorkerPool pool;

	@Autowired
	ChaosStats stats;

	@Autowired
	ChaosHooks.ThrowingEventListener events;

	@Autowired
	ChaosTrace trace;

	@Test
	void everyRequestIsAnsweredAndThePoolRecoversWhateverHappens() throws Exception {
		System.out.printf(
				"Chaos: seed %d (replay with -Dchaos.seed=%d), %d requests, %d clients, pool of %d, "
						+ "Reactor Netty %s%n",
				SEED, SEED, REQUESTS, CLIENTS, POOL_SIZE, HttpServer.class.getPackage().getImplementationVersion());
		Set<Thread> kernelThreadsBefore = Set.copyOf(kernelThreads());
		ChaosKind[] plan = ChaosKind.plan(SEED, REQUESTS);
		RollingResets resets = RollingResets.start(this.pool,
				WebClient.create("http://localhost:" + this.port + "/actuator/workers/reset"));
		long start = System.nanoTime();
		ChaosLoad.Report report;
		try (ChaosLoad load = new ChaosLoad(this.port, SEED, 2 * CLIENTS)) {
			report = load.run(plan, CLIENTS, LOAD_BUDGET);
		}
		finally {
			resets.stop();
		}
		Duration loadTime = Duration.ofNanos(System.nanoTime() - start);
		boolean resetsEnded = resets.awaitEnd(RESET_INTERVAL.plus(RESET_BOUND).plusSeconds(2));

		long settleBy = System.nanoTime() + SETTLE.toNanos();
		boolean hangsEnded = settle(settleBy, () -> this.stats.stuckInside.get() == 0);
		boolean poolIdle = settle(settleBy,
				() -> this.pool.idleCount() == this.pool.size() && this.pool.waitingCount() == 0);
		int idle = this.pool.idleCount();
		int waiting = this.pool.waitingCount();
		ChaosLoad.Report probes;
		try (ChaosLoad probeLoad = new ChaosLoad(this.port, SEED, PROBE_CONNECTIONS)) {
			ChaosKind[] probePlan = new ChaosKind[PROBES];
			Arrays.fill(probePlan, ChaosKind.PROBE);
			probes = probeLoad.run(probePlan, REQUESTS, PROBE_CONNECTIONS, Duration.ofSeconds(10));
		}
		settle(settleBy, () -> this.stats.liveLedgers() == POOL_SIZE && this.stats.liveScratches() == POOL_SIZE);
		settle(settleBy, () -> newKernelThreads(kernelThreadsBefore).size() <= POOL_SIZE);
		List<String> kernelThreads = newKernelThreads(kernelThreadsBefore);

		printSummary(report, probes, resets, loadTime, idle, waiting, kernelThreads);

		SoftAssertions softly = new SoftAssertions();
		softly.assertThat(report.ended(ChaosLoad.Ending.ANSWERED)).as("requests answered").isPositive();
		softly.assertThat(report.lost())
			.as("requests that got no answer and were not cancelled by their client (timed out or connection error)")
			.isZero();
		softly.assertThat(report.stalled())
			.as("the load stalled: no request was answered 2xx for %s, so it stopped sending", ChaosLoad.STALL)
			.isFalse();
		softly.assertThat(report.problems("503 rejection without Retry-After"))
			.as("the pool's 503 rejections without Retry-After")
			.isZero();
		softly.assertThat(report.problems("body with a stack trace")).as("answers showing a stack trace").isZero();
		softly.assertThat(report.problems("unexpected status for its kind"))
			.as("answers with a status other than the handler's own or a 503 (a hook or the pool cost the request)")
			.isZero();
		softly.assertThat(report.problems("200 with another request's body"))
			.as("200 answers of another request")
			.isZero();
		softly
			.assertThat(report.problems("probe found a job bound on the event loop")
					+ probes.problems("probe found a job bound on the event loop"))
			.as("probes on the event loops that found a job bound (context, MDC or binding)")
			.isZero();
		softly.assertThat(probes.statuses(ChaosKind.PROBE))
			.as("probes of the event loops after the load, answered 200")
			.containsExactly(java.util.Map.entry("200", (long) PROBES));
		softly.assertThat(poolIdle)
			.as("pool back to %d idle workers with nothing waiting (idle %d, waiting %d)", POOL_SIZE, idle, waiting)
			.isTrue();
		softly.assertThat(this.stats.liveLedgers())
			.as("worker-scoped ChaosLedger created - destroyed (created %d, destroyed %d) == live kernels",
					this.stats.ledgersCreated.sum(), this.stats.ledgersDestroyed.sum())
			.isEqualTo(POOL_SIZE);
		softly.assertThat(this.stats.liveScratches())
			.as("worker-scoped Scratch created - destroyed (created %d, destroyed %d) == live kernels",
					this.stats.scratchesCreated.sum(), this.stats.scratchesDestroyed.sum())
			.isEqualTo(POOL_SIZE);
		softly.assertThat(kernelThreads).as("live kernel threads of this pool").hasSizeLessThanOrEqualTo(POOL_SIZE);
		softly.assertThat(this.stats.concurrentUses.sum())
			.as("uses of a worker-scoped instance by two jobs at once")
			.isZero();
		softly.assertThat(this.stats.foreignInstances.sum()).as("handlers given another worker's instance").isZero();
		softly.assertThat(this.stats.handlersWithoutContext.sum())
			.as("handlers on a worker without a WorkerContext")
			.isZero();
		softly.assertThat(resets.failures())
			.as("rolling resets that failed or did not end within %s", RESET_BOUND)
			.isEmpty();
		softly.assertThat(resets.completed()).as("rolling resets completed during the load").isPositive();
		softly.assertThat(resetsEnded).as("the rolling reset loop ended").isTrue();
		softly.assertThat(hangsEnded).as("the interrupt-ignoring handlers ended by themselves").isTrue();
		softly.assertAll();
	}

	private void printSummary(ChaosLoad.Report report, ChaosLoad.Report probes, RollingResets resets, Duration loadTime,
			int idle, int waiting, List<String> kernelThreads) {
		StringBuilder summary = new StringBuilder();
		summary.append(String.format("Chaos summary (seed %d): %d requests in %.1f s, %d clients, pool of %d%s%s%n",
				SEED, report.total(), loadTime.toMillis() / 1000.0, CLIENTS, POOL_SIZE,
				report.stalled() ? ", STALLED (no 2xx answer for " + ChaosLoad.STALL.toSeconds() + " s)" : "",
				"true".equals(ChaosStats.HOOKS) ? "" : ", throwing hooks: -Dchaos.hooks=" + ChaosStats.HOOKS));
		for (ChaosLoad.Ending ending : ChaosLoad.Ending.values()) {
			summary.append(String.format("  %-20s %d%n", ending, report.ended(ending)));
		}
		for (ChaosKind kind : ChaosKind.values()) {
			summary.append(String.format("  %-20s %6d  %s%n", kind, report.count(kind), report.statuses(kind)));
		}
		List<String> problems = report.describeProblems(this.trace);
		summary.append("  problems:").append(problems.isEmpty() ? " none" : "").append('\n');
		problems.forEach((line) -> summary.append("    ").append(line).append('\n'));
		summary.append(String.format("  lost requests: %s%n", report.lostBySide(this.trace)));
		summary.append(String.format("  probes after the load: %s on %d event loop threads %s%n",
				probes.statuses(ChaosKind.PROBE), probes.probedThreads().size(), probes.probedThreads()));
		probes.describeProblems(this.trace).forEach((line) -> summary.append("    ").append(line).append('\n'));
		summary.append(String.format("  pool: idle %d of %d, waiting %d%n", idle, this.pool.size(), waiting));
		summary.append(String.format("  reboots by reason: %s%n", this.events.reboots()));
		summary.append(String.format("  rolling resets: %d completed, %d failed %s%n", resets.completed(),
				resets.failures().size(), resets.failures()));
		summary.append(String.format("  ChaosLedger created %d destroyed %d, Scratch created %d destroyed %d%n",
				this.stats.ledgersCreated.sum(), this.stats.ledgersDestroyed.sum(), this.stats.scratchesCreated.sum(),
				this.stats.scratchesDestroyed.sum()));
		summary.append(String.format(
				"  concurrent uses %d, foreign instances %d, handlers without context %d, "
						+ "beans created outside a worker %d%n",
				this.stats.concurrentUses.sum(), this.stats.foreignInstances.sum(),
				this.stats.handlersWithoutContext.sum(), this.stats.beansCreatedOutsideAWorker.sum()));
		summary.append(String.format("  stuck handlers still inside %d, interrupts they ignored %d%n",
				this.stats.stuckInside.get(), this.stats.stuckInterrupts.sum()));
		summary.append(String.format("  live kernel threads %d %s%n", kernelThreads.size(), kernelThreads));
		summary.append(String.format("  hooks thrown/called: %s%n", this.stats.hooks()));
		System.out.print(summary);
	}

	private static boolean settle(long deadlineNanos, BooleanSupplier condition) {
		Duration remaining = Duration.ofNanos(Math.max(deadlineNanos - System.nanoTime(), 500_000_000L));
		try {
			await().atMost(remaining).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

	private static List<Thread> kernelThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().matches("worker-\\d+-kernel-\\d+"))
			.toList();
	}

	// Kernel threads of other cached contexts were there before: only this run's count.
	private static List<String> newKernelThreads(Set<Thread> before) {
		return kernelThreads().stream()
			.filter((thread) -> !before.contains(thread))
			.map(Thread::getName)
			.sorted()
			.collect(Collectors.toList());
	}

	/**
	 * Rolling resets fired again and again while the load runs, every other one through
	 * {@code POST /actuator/workers/reset}, each bounded.
	 */
	static final class RollingResets {

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final LongAdder completed = new LongAdder();

		private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

		private final AtomicInteger fired = new AtomicInteger();

		private CompletableFuture<Void> loop = CompletableFuture.completedFuture(null);

		static RollingResets start(WorkerPool pool, WebClient actuatorReset) {
			RollingResets resets = new RollingResets();
			resets.loop = Mono.defer(() -> Mono.delay(RESET_INTERVAL).then(resets.reset(pool, actuatorReset)))
				.repeat(resets.running::get)
				.then()
				.toFuture();
			return resets;
		}

		private Mono<Void> reset(WorkerPool pool, WebClient actuatorReset) {
			int n = this.fired.incrementAndGet();
			boolean overHttp = n % 2 == 0;
			Mono<Void> reset = overHttp ? actuatorReset.post().retrieve().toBodilessEntity().then()
					: pool.rollingReset().then();
			String name = "reset #" + n + (overHttp ? " (POST /actuator/workers/reset)" : " (WorkerPool.rollingReset)");
			return reset.timeout(RESET_BOUND)
				.doOnSuccess((ignored) -> this.completed.increment())
				.onErrorResume((ex) -> {
					this.failures.add(name + ": " + ex);
					return Mono.empty();
				});
		}

		void stop() {
			this.running.set(false);
		}

		boolean awaitEnd(Duration timeout) throws InterruptedException {
			try {
				this.loop.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
				return true;
			}
			catch (Exception ex) {
				if (ex instanceof InterruptedException interrupted) {
					throw interrupted;
				}
				return false;
			}
		}

		long completed() {
			return this.completed.sum();
		}

		List<String> failures() {
			return new ArrayList<>(this.failures);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ChaosController.class)
	static class App {

		@Bean
		ChaosTrace chaosTrace() {
			return new ChaosTrace();
		}

		@Bean
		ChaosStats chaosStats() {
			return new ChaosStats(SEED);
		}

		@Bean
		@WorkerScoped
		ChaosLedger chaosLedger(ChaosStats stats) {
			return new ChaosLedger(stats);
		}

		@Bean
		@WorkerScoped
		ChaosLedger.Scratch chaosScratch(ChaosStats stats) {
			return new ChaosLedger.Scratch(stats);
		}

		@Bean
		ChaosHooks.ThrowingPoolListener throwingPoolListener(ChaosStats stats) {
			return new ChaosHooks.ThrowingPoolListener(stats);
		}

		@Bean
		ChaosHooks.ThrowingBindings throwingBindings(ChaosStats stats) {
			return new ChaosHooks.ThrowingBindings(stats);
		}

		@Bean
		ChaosHooks.ThrowingEventListener throwingEventListener(ChaosStats stats) {
			return new ChaosHooks.ThrowingEventListener(stats);
		}

	}

}
