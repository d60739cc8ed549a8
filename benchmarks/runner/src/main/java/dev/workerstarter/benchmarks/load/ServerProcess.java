package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A system under load running in its own JVM, pinned to the server CPU.
 */
public final class ServerProcess implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private final SystemSpec spec;

	private final int port;

	private final Process process;

	private final Path log;

	private ServerProcess(SystemSpec spec, int port, Process process, Path log) {
		this.spec = spec;
		this.port = port;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts a system and waits until it answers {@code readyPath} with a success.
	 * @param spec the system
	 * @param environment where the modules, the pinning and the logs are
	 * @param readyPath a path the system serves
	 * @return the running system
	 * @throws IOException if the JVM cannot start
	 */
	public static ServerProcess start(SystemSpec spec, LoadEnvironment environment, String readyPath)
			throws IOException {
		return startAll(List.of(spec), environment, readyPath).get(0);
	}

	/**
	 * Starts systems side by side on every CPU (start-up is not measured), waits until
	 * each answers {@code readyPath}, then pins each to the server CPU.
	 * @param specs the systems
	 * @param environment where the modules, the pinning and the logs are
	 * @param readyPath a path every system serves
	 * @return the running systems, in order
	 * @throws IOException if a JVM cannot start
	 */
	public static List<ServerProcess> startAll(List<SystemSpec> specs, LoadEnvironment environment, String readyPath)
			throws IOException {
		List<ServerProcess> servers = new ArrayList<>();
		try {
			for (SystemSpec spec : specs) {
				servers.add(launch(spec, environment));
			}
			for (ServerProcess server : servers) {
				server.awaitReady(readyPath);
				server.checkExpectation();
				environment.pin(server.process.pid());
			}
			return servers;
		}
		catch (IOException | RuntimeException ex) {
			servers.forEach(ServerProcess::close);
			throw ex;
		}
	}

	private static ServerProcess launch(SystemSpec spec, LoadEnvironment environment) throws IOException {
		int port = freePort();
		List<String> command = new ArrayList<>();
		command.add(environment.java(spec).toString());
		command.addAll(environment.serverJvmOptions());
		command.addAll(List.of("-cp", environment.classpath(spec.module()), spec.mainClass()));
		spec.args().forEach((arg) -> command.add(arg.replace("{port}", Integer.toString(port))));
		Path log = environment.logDir().resolve(spec.id() + "-" + port + ".log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new ServerProcess(spec, port, process, log);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private void awaitReady(String path) throws IOException {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.spec.label() + " exited on start:\n" + Files.readString(this.log));
			}
			try {
				if (get(path).statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			pause(Duration.ofMillis(100));
		}
		throw new IllegalStateException(
				this.spec.label() + " did not answer within " + START_TIMEOUT + "; see " + this.log);
	}

	// An ignored property (a key this build does not know) must not pass for the
	// configuration measured.
	private void checkExpectation() throws IOException {
		SystemSpec.Expectation expectation = this.spec.expectation();
		if (expectation == null) {
			return;
		}
		HttpResponse<String> response = get(expectation.path());
		if (response.statusCode() != 200 || !response.body().trim().equals(expectation.body())) {
			throw new IllegalStateException(this.spec.label() + " answered GET " + expectation.path() + " with "
					+ response.statusCode() + " \"" + response.body().trim() + "\", not \"" + expectation.body()
					+ "\": does this build support every property of " + this.spec.args() + "? See " + this.log);
		}
	}

	/**
	 * Runs a load against the system and adds the CPU time the system used meanwhile to
	 * its result and, if its spec {@linkplain SystemSpec#measuresAllocation() measures
	 * allocation}, the bytes its live threads allocated meanwhile: the difference of two
	 * readings of {@value SystemSpec#ALLOCATED_PATH}, one before the load and one after,
	 * both outside the CPU time.
	 * @param load runs the load
	 * @return what the load measured, with the server's CPU time ({@code NaN} where the
	 * platform does not tell) and allocation ({@code NaN} if not measured)
	 */
	public LoadResult measure(Supplier<LoadResult> load) {
		boolean allocation = this.spec.measuresAllocation();
		long allocatedBefore = allocation ? allocatedBytes() : 0;
		Duration before = cpuTime();
		LoadResult result = load.get();
		Duration after = cpuTime();
		double allocated = allocation ? allocatedBytes() - allocatedBefore : Double.NaN;
		return result
			.withServerCpu((before != null && after != null) ? after.minus(before).toNanos() / 1e9 : Double.NaN)
			.withServerAllocation(allocated);
	}

	private long allocatedBytes() {
		try {
			HttpResponse<String> response = get(SystemSpec.ALLOCATED_PATH);
			if (response.statusCode() != 200) {
				throw new IllegalStateException(this.spec.label() + " answered GET " + SystemSpec.ALLOCATED_PATH
						+ " with " + response.statusCode() + "; see " + this.log);
			}
			return Long.parseLong(response.body().trim());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the allocated bytes of " + this.spec.label(), ex);
		}
	}

	/**
	 * Reads the time the system's JIT compilers have spent so far.
	 * @return the seconds, or empty if the platform does not tell
	 */
	public OptionalDouble jitSeconds() {
		return JitTime.seconds(this.process.pid());
	}

	private @Nullable Duration cpuTime() {
		return this.process.toHandle().info().totalCpuDuration().orElse(null);
	}

	/**
	 * Sends one GET request to the system.
	 * @param path the path
	 * @return the response
	 * @throws IOException if the request fails
	 */
	public HttpResponse<String> get(String path) throws IOException {
		return send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(5)).build());
	}

	/**
	 * Sends one POST request with no body to the system.
	 * @param path the path
	 * @return the response
	 * @throws IOException if the request fails
	 */
	public HttpResponse<String> post(String path) throws IOException {
		return send(HttpRequest.newBuilder(URI.create(url(path)))
			.timeout(Duration.ofMinutes(2))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private static HttpResponse<String> send(HttpRequest request) throws IOException {
		try {
			return client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	/**
	 * Returns the URL of a path on this system, on the loopback address.
	 * @param path the path
	 * @return the URL
	 */
	public String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/**
	 * Returns the system.
	 * @return the system
	 */
	public SystemSpec spec() {
		return this.spec;
	}

	static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
