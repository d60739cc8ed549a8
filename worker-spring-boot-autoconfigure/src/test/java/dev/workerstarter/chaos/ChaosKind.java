package dev.workerstarter.chaos;

import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The kinds of request of the chaos run, each with its share of the traffic (per 10,000)
 * and the statuses it may be answered with besides a {@code 503} of the pool.
 */
enum ChaosKind {

	/** A reactive handler, a third of them after a hop to a Reactor scheduler. */
	REACTIVE("GET", "/chaos/reactive", 3450, Set.of(200)),

	/** A blocking handler: runs on the worker's thread. */
	BLOCKING("GET", "/chaos/blocking", 3000, Set.of(200)),

	/**
	 * A reactive handler reading the request body ({@code @RequestBody Mono<String>}).
	 */
	POST_REACTIVE("POST", "/chaos/echo-reactive", 1000, Set.of(200)),

	/** A blocking handler reading the request body ({@code @RequestBody String}). */
	POST_BLOCKING("POST", "/chaos/echo-blocking", 1000, Set.of(200)),

	/** The excluded probe, during the load: no job may be bound on the event loop. */
	PROBE("GET", "/chaos/probe", 200, Set.of(200)),

	/** A blocking handler asking for its kernel to be rebooted. */
	FORCED_REBOOT("GET", "/chaos/reboot", 100, Set.of(200)),

	/** A reactive handler failing unexpectedly: reboots under on_exception. */
	FAIL_REACTIVE("GET", "/chaos/fail-reactive", 200, Set.of(500)),

	/** A blocking handler throwing unexpectedly: reboots under on_exception. */
	FAIL_BLOCKING("GET", "/chaos/fail-blocking", 200, Set.of(500)),

	/** A handler throwing what an {@code @ExceptionHandler} turns into a 422. */
	HANDLED("GET", "/chaos/handled", 400, Set.of(422)),

	/** A handler throwing a ResponseStatusException (an allowed ErrorResponse): 409. */
	ALLOWED("GET", "/chaos/allowed", 400, Set.of(409)),

	/** A slow reactive handler whose client goes away before the answer. */
	DISCONNECT_REACTIVE("GET", "/chaos/slow-reactive", 20, Set.of(200)),

	/** A slow blocking handler whose client goes away before the answer. */
	DISCONNECT_BLOCKING("GET", "/chaos/slow-blocking", 20, Set.of(200)),

	/** A reactive handler that never completes: ended by exec-ttl, 503. */
	HANG_REACTIVE("GET", "/chaos/never", 5, Set.of()),

	/**
	 * A blocking handler ignoring interrupts until twice exec-ttl: ended by exec-ttl,
	 * 503.
	 */
	HANG_BLOCKING("GET", "/chaos/stuck", 5, Set.of());

	private static final List<ChaosKind> ALL = List.of(values());

	private final String method;

	private final String path;

	private final int weight;

	private final Set<Integer> statuses;

	ChaosKind(String method, String path, int weight, Set<Integer> statuses) {
		this.method = method;
		this.path = path;
		this.weight = weight;
		this.statuses = statuses;
	}

	String method() {
		return this.method;
	}

	String path() {
		return this.path;
	}

	boolean disconnects() {
		return this == DISCONNECT_REACTIVE || this == DISCONNECT_BLOCKING;
	}

	boolean hangs() {
		return this == HANG_REACTIVE || this == HANG_BLOCKING;
	}

	/**
	 * Whether a status answers this kind: one of its own, or 503 (a rejection of the
	 * pool, or the exec-ttl's answer to a hang).
	 */
	boolean expects(int status) {
		return status == 503 || this.statuses.contains(status);
	}

	/**
	 * Draws the kinds of a run, leaving out those named in {@code -Dchaos.skip} (for
	 * example {@code DISCONNECT_REACTIVE,DISCONNECT_BLOCKING}) to narrow down a failure.
	 * @param seed the seed
	 * @param count how many requests
	 * @return the kind of each request
	 */
	static ChaosKind[] plan(long seed, int count) {
		Set<String> skipped = Set.of(System.getProperty("chaos.skip", "").split(","));
		List<ChaosKind> kinds = ALL.stream().filter((kind) -> !skipped.contains(kind.name())).toList();
		int total = kinds.stream().mapToInt((kind) -> kind.weight).sum();
		Random random = new Random(seed);
		ChaosKind[] plan = new ChaosKind[count];
		for (int i = 0; i < count; i++) {
			int draw = random.nextInt(total);
			for (ChaosKind kind : kinds) {
				draw -= kind.weight;
				if (draw < 0) {
					plan[i] = kind;
					break;
				}
			}
		}
		return plan;
	}

}
