package dev.workerstarter.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * A system under load: an application of one of the benchmark modules, started as its own
 * JVM with its own arguments.
 *
 * @param id short identifier, used in the JSON
 * @param label human-readable name, used in tables and charts
 * @param module the module under {@code benchmarks/} that holds the application
 * @param mainClass the class to run
 * @param args program arguments; {@code {port}} stands for the port to listen on
 */
public record SystemSpec(String id, String label, String module, String mainClass, List<String> args) {

	private static final String WEBFLUX = "webflux-app";

	private static final String WEBFLUX_MAIN = "dev.workerstarter.benchmarks.webflux.BenchmarkWebFluxApplication";

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
		return new SystemSpec("tomcat", "Spring MVC on Tomcat", "mvc-app",
				"dev.workerstarter.benchmarks.mvc.BenchmarkMvcApplication", List.of("--server.port={port}",
						"--server.tomcat.threads.max=" + threads, "--server.tomcat.threads.min-spare=" + threads));
	}

	/**
	 * A bare Reactor Netty server.
	 * @return the system
	 */
	public static SystemSpec bareNetty() {
		return new SystemSpec("netty", "Bare Reactor Netty", WEBFLUX,
				"dev.workerstarter.benchmarks.webflux.BareNettyServer", List.of("{port}"));
	}

	private static SystemSpec webflux(String id, String label, List<String> properties) {
		List<String> args = new ArrayList<>();
		args.add("--server.port={port}");
		properties.forEach((property) -> args.add("--" + property));
		return new SystemSpec(id, label, WEBFLUX, WEBFLUX_MAIN, args);
	}

	private static List<String> with(String[] properties, String property) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add(property);
		return all;
	}

}
