package dev.workerstarter.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A system under load: an application of one of the benchmark modules, started as its own
 * JVM with its own arguments.
 *
 * @param id short identifier, used in the JSON
 * @param label human-readable name, used in tables and charts
 * @param module the module under {@code benchmarks/} that holds the application
 * @param mainClass the class to run
 * @param args program arguments; {@code {port}} stands for the port to listen on
 * @param virtualThreadJdk whether it runs on the JDK with virtual threads rather than on
 * the runner's
 * @param expectation a response it must give once started, or {@code null}
 * @param measuresAllocation whether the bytes it allocates are read before and after each
 * measured load ({@value #ALLOCATED_PATH})
 */
public record SystemSpec(String id, String label, String module, String mainClass, List<String> args,
		boolean virtualThreadJdk, @Nullable Expectation expectation, boolean measuresAllocation) {

	/**
	 * The path where the WebFlux benchmark application (and it alone) answers the sum of
	 * the bytes its live threads have allocated so far.
	 */
	public static final String ALLOCATED_PATH = "/bench/allocated";

	private static final String WEBFLUX = "webflux-app";

	private static final String WEBFLUX_MAIN = "dev.workerstarter.benchmarks.webflux.BenchmarkWebFluxApplication";

	private static final String MVC = "mvc-app";

	private static final String MVC_MAIN = "dev.workerstarter.benchmarks.mvc.BenchmarkMvcApplication";

	/**
	 * The WebFlux application with workers.
	 * @param id the id
	 * @param label the label
	 * @param poolSize the number of workers
	 * @param properties further {@code key=value} properties
	 * @return the system
	 */
	public static SystemSpec workers(String id, String label, int poolSize, String... properties) {
		return webflux(id, label, with(properties, "worker.pool.size=" + poolSize));
	}

	/**
	 * The same WebFlux application with {@code worker.enabled=false}.
	 * @return the system
	 */
	public static SystemSpec plainWebFlux() {
		return webflux("webflux", "Plain WebFlux", List.of("worker.enabled=false"));
	}

	/**
	 * The same WebFlux application without workers, behind a resilience4j bulkhead.
	 * @param maxConcurrentCalls the bulkhead's limit
	 * @return the system
	 */
	public static SystemSpec bulkhead(int maxConcurrentCalls) {
		return webflux("resilience4j", "resilience4j bulkhead", List.of("worker.enabled=false", "bench.bulkhead=true",
				"resilience4j.bulkhead.instances.web.max-concurrent-calls=" + maxConcurrentCalls));
	}

	/**
	 * Spring MVC on Tomcat.
	 * @param threads the size of Tomcat's thread pool
	 * @return the system
	 */
	public static SystemSpec tomcat(int threads) {
		return new SystemSpec(
				"tomcat", "Spring MVC on Tomcat", MVC, MVC_MAIN, List.of("--server.port={port}",
						"--server.tomcat.threads.max=" + threads, "--server.tomcat.threads.min-spare=" + threads),
				false, null, false);
	}

	/**
	 * Spring MVC on Tomcat with {@code spring.threads.virtual.enabled=true}: a new
	 * virtual thread for every request, no thread limit. Runs on the JDK with virtual
	 * threads and checks that its handlers do run on virtual threads.
	 * @return the system
	 */
	public static SystemSpec tomcatVirtualThreads() {
		return new SystemSpec("tomcat-virtual", "Spring MVC on Tomcat, virtual threads", MVC, MVC_MAIN,
				List.of("--server.port={port}", "--spring.threads.virtual.enabled=true"), true,
				new Expectation(Expectation.THREAD_PATH, "virtual"), false);
	}

	/**
	 * A bare Reactor Netty server.
	 * @return the system
	 */
	public static SystemSpec bareNetty() {
		return new SystemSpec("netty", "Bare Reactor Netty", WEBFLUX,
				"dev.workerstarter.benchmarks.webflux.BareNettyServer", List.of("{port}"), false, null, false);
	}

	/**
	 * Returns this system on the JDK with virtual threads.
	 * @return the system
	 */
	public SystemSpec onVirtualThreadJdk() {
		return new SystemSpec(this.id, this.label, this.module, this.mainClass, this.args, true, this.expectation,
				this.measuresAllocation);
	}

	/**
	 * Returns this system with a response it must give once started: the runner stops
	 * with an error if it answers anything else, so that a property the application
	 * ignores cannot pass for the configuration measured.
	 * @param path the path to get
	 * @param body the body it must answer, trimmed
	 * @return the system
	 */
	public SystemSpec expecting(String path, String body) {
		return new SystemSpec(this.id, this.label, this.module, this.mainClass, this.args, this.virtualThreadJdk,
				new Expectation(path, body), this.measuresAllocation);
	}

	/**
	 * Returns this system with the bytes it allocates read before and after each measured
	 * load.
	 * @return the system
	 * @throws IllegalStateException if it is not the WebFlux benchmark application, the
	 * only one that tells them
	 */
	public SystemSpec measuringAllocation() {
		if (!this.mainClass.equals(WEBFLUX_MAIN)) {
			throw new IllegalStateException(this.label + " does not answer " + ALLOCATED_PATH);
		}
		return new SystemSpec(this.id, this.label, this.module, this.mainClass, this.args, this.virtualThreadJdk,
				this.expectation, true);
	}

	private static SystemSpec webflux(String id, String label, List<String> properties) {
		List<String> args = new ArrayList<>();
		args.add("--server.port={port}");
		properties.forEach((property) -> args.add("--" + property));
		return new SystemSpec(id, label, WEBFLUX, WEBFLUX_MAIN, args, false, null, false);
	}

	private static List<String> with(String[] properties, String property) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add(property);
		return all;
	}

	/**
	 * A response a started system must give.
	 *
	 * @param path the path to get
	 * @param body the body it must answer, trimmed
	 */
	public record Expectation(String path, String body) {

		/**
		 * The path where both benchmark applications tell the kind of thread a blocking
		 * handler runs on: {@code virtual} or {@code platform}.
		 */
		public static final String THREAD_PATH = "/thread";

	}

}
