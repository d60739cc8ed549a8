package dev.workerstarter.benchmarks.load;

import java.util.List;

/**
 * The comparisons of the suite.
 */
final class Scenarios {

	static final int HELLO_CONCURRENCY = 32;

	static final int BLOCKING_WORKERS = 16;

	static final double BLOCKING_MILLIS = 10;

	static final int SLOW_KERNEL_WORKERS = 8;

	static final int VIRTUAL_WORKERS = 256;

	static final int VIRTUAL_CONNECTIONS = 300;

	private Scenarios() {
	}

	static List<Comparison> all() {
		return List.of(hello(), blocking(), blockingVirtual(), rebootCost(), slowKernel());
	}

	static Comparison hello() {
		int n = HELLO_CONCURRENCY;
		return new Comparison("hello", "Hello world",
				"A reactive handler returning a short string. Workers, bulkhead and Tomcat threads are all " + n
						+ ", as are the connections, so no system queues or rejects.",
				"/hello", n, SystemSpec.workers("workers", "WebFlux with workers", n).measuringAllocation(),
				List.of(SystemSpec.plainWebFlux().measuringAllocation(), SystemSpec.bulkhead(n).measuringAllocation(),
						SystemSpec.tomcat(n), SystemSpec.bareNetty()),
				null);
	}

	static Comparison blocking() {
		int n = BLOCKING_WORKERS;
		return new Comparison("blocking", "Blocking 10 ms handler",
				"A non-reactive handler sleeping 10 ms, with " + n + " workers (on their own threads) against "
						+ "Tomcat with " + n + " threads, under " + (2 * n) + " connections. The ideal is " + n
						+ " requests per 10 ms.",
				"/sleep", 2 * n, SystemSpec.workers("workers", "WebFlux with workers", n),
				List.of(SystemSpec.tomcat(n)), n * 1000 / BLOCKING_MILLIS);
	}

	static Comparison blockingVirtual() {
		int n = VIRTUAL_WORKERS;
		double ideal = n * 1000 / BLOCKING_MILLIS;
		String expect = SystemSpec.Expectation.THREAD_PATH;
		return new Comparison("blocking-virtual", "Blocking 10 ms handler, " + n + " workers on virtual threads",
				"The same handler with " + n + " workers whose kernels run on virtual threads "
						+ "(`worker.threads=virtual`), against " + n + " workers on platform threads "
						+ "(`worker.threads=platform`) and Spring MVC on Tomcat with "
						+ "`spring.threads.virtual.enabled=true` (a virtual thread per request, no limit, so all "
						+ VIRTUAL_CONNECTIONS + " connections are served at once), under " + VIRTUAL_CONNECTIONS
						+ " connections, all three on the JDK with virtual threads. The ideal is " + n
						+ " requests per 10 ms. At that rate one server CPU has " + Math.round(1e6 / ideal)
						+ " µs for each request, HTTP and thread switches included: "
						+ "a server CPU share near 1.00 means the system is bound by its CPU, not by its threads.",
				"/sleep", VIRTUAL_CONNECTIONS,
				SystemSpec.workers("virtual", "Workers, virtual threads", n, "worker.threads=virtual")
					.onVirtualThreadJdk()
					.expecting(expect, "virtual"),
				List.of(SystemSpec.workers("platform", "Workers, platform threads", n, "worker.threads=platform")
					.onVirtualThreadJdk()
					.expecting(expect, "platform"), SystemSpec.tomcatVirtualThreads()),
				ideal);
	}

	static Comparison rebootCost() {
		int n = HELLO_CONCURRENCY;
		return new Comparison("reboot-cost", "Reboot cost: always vs on_exception",
				"Hello world with a kernel reboot after every job (always) against no reboots (on_exception).",
				"/hello", n, SystemSpec.workers("always", "Workers, always", n, "worker.kernel-reboot.strategy=always"),
				List.of(SystemSpec.workers("on_exception", "Workers, on_exception", n,
						"worker.kernel-reboot.strategy=on_exception")),
				null);
	}

	static Comparison slowKernel() {
		int n = SLOW_KERNEL_WORKERS;
		return new Comparison("slow-kernel", "Expensive kernel: boot once per worker",
				"A worker-scoped client that takes 50 ms to build (a secrets or feature-flag bootstrap), used by "
						+ "every request, with " + n + " workers: booted once per worker (on_exception) against once "
						+ "per request (always), which is what a framework that bootstraps per request pays.",
				"/flags", 2 * n,
				SystemSpec.workers("on_exception", "Workers, on_exception", n, "bench.slow-kernel=true",
						"worker.kernel-reboot.strategy=on_exception"),
				List.of(SystemSpec.workers("always", "Workers, always", n, "bench.slow-kernel=true",
						"worker.kernel-reboot.strategy=always")),
				null);
	}

}
