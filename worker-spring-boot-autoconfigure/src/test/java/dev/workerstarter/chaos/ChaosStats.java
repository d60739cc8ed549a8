package dev.workerstarter.chaos;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the server side of the chaos run saw: worker-scoped beans created and destroyed,
 * uses of a worker-scoped instance that overlapped, hooks called and made to throw. Also
 * draws, from the run's seed, when a hook throws.
 */
final class ChaosStats {

	/**
	 * Which hooks throw: {@code -Dchaos.hooks=false} keeps them all quiet, a
	 * comma-separated list of prefixes ({@code PoolListener}, {@code JobBinding},
	 * {@code @EventListener}) lets only those throw; all of them by default.
	 */
	static final String HOOKS = System.getProperty("chaos.hooks", "true");

	static final boolean HOOKS_THROW = !"false".equals(HOOKS);

	private static final List<String> THROWING_HOOKS = "true".equals(HOOKS) ? List.of("")
			: Arrays.stream(HOOKS.split(",")).map(String::trim).filter((hook) -> !hook.isEmpty()).toList();

	private final Random random;

	final LongAdder ledgersCreated = new LongAdder();

	final LongAdder ledgersDestroyed = new LongAdder();

	final LongAdder scratchesCreated = new LongAdder();

	final LongAdder scratchesDestroyed = new LongAdder();

	final LongAdder beansCreatedOutsideAWorker = new LongAdder();

	/** A handler found the worker-scoped instance in use by another job. */
	final LongAdder concurrentUses = new LongAdder();

	/** A handler on a worker saw no {@code WorkerContext}. */
	final LongAdder handlersWithoutContext = new LongAdder();

	/** A handler was given the worker-scoped instance of another worker. */
	final LongAdder foreignInstances = new LongAdder();

	/** Blocking hangs still inside their handler. */
	final AtomicInteger stuckInside = new AtomicInteger();

	/** Interrupts the blocking hangs ignored. */
	final LongAdder stuckInterrupts = new LongAdder();

	private final Map<String, LongAdder> hookCalls = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> hookThrows = new ConcurrentHashMap<>();

	ChaosStats(long seed) {
		this.random = new Random(seed);
	}

	/**
	 * Counts a call of a hook and tells whether it throws this time.
	 * @param hook the hook's name
	 * @param rate how often it throws, in [0, 1]
	 * @return whether to throw
	 */
	boolean strike(String hook, double rate) {
		this.hookCalls.computeIfAbsent(hook, (key) -> new LongAdder()).increment();
		if (!HOOKS_THROW || THROWING_HOOKS.stream().noneMatch(hook::startsWith)) {
			return false;
		}
		boolean strike;
		synchronized (this.random) {
			strike = this.random.nextDouble() < rate;
		}
		if (strike) {
			this.hookThrows.computeIfAbsent(hook, (key) -> new LongAdder()).increment();
		}
		return strike;
	}

	Map<String, String> hooks() {
		Map<String, String> hooks = new TreeMap<>();
		this.hookCalls.forEach((hook, calls) -> {
			LongAdder thrown = this.hookThrows.get(hook);
			hooks.put(hook, ((thrown != null) ? thrown.sum() : 0) + "/" + calls.sum());
		});
		return hooks;
	}

	long liveLedgers() {
		return this.ledgersCreated.sum() - this.ledgersDestroyed.sum();
	}

	long liveScratches() {
		return this.scratchesCreated.sum() - this.scratchesDestroyed.sum();
	}

}
