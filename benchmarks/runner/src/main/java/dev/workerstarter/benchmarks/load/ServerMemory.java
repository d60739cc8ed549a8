package dev.workerstarter.benchmarks.load;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The memory a WebFlux benchmark server holds after full collections, with the WebSocket
 * connections it has open, as its {@code /bench/memory} endpoint tells.
 *
 * @param heapBytes heap used after the collections
 * @param directBytes direct memory in use: the JDK's direct buffers and what Netty
 * allocates directly
 * @param connections the server's open WebSocket connections
 */
public record ServerMemory(long heapBytes, long directBytes, long connections) {

	static final String PATH = "/bench/memory";

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final Duration POLL = Duration.ofMillis(200);

	private static final int SAMPLES = 5;

	/**
	 * Reads the endpoint's answer.
	 * @param body the answer
	 * @return the memory
	 */
	static ServerMemory parse(String body) {
		JsonNode tree = json.readTree(body);
		return new ServerMemory(tree.required("heap").asLong(), tree.required("direct").asLong(),
				tree.required("connections").asLong());
	}

	/**
	 * Waits until a server holds a number of connections (closed ones take it a moment to
	 * let go), then returns the lowest of {@value #SAMPLES} readings of its memory: from
	 * one reading to the next the heap after collections can differ by a few megabytes
	 * (buffers of the request that asks being live), which is not the connections'.
	 * @param server the server
	 * @param connections the connections it must hold
	 * @param timeout how long to wait
	 * @return its memory with those connections
	 * @throws IOException if the server cannot be asked
	 */
	static ServerMemory await(ServerProcess server, long connections, Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		ServerMemory memory = read(server);
		while (memory.connections() != connections) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(server.spec().label() + " holds " + memory.connections()
						+ " WebSocket connections after " + timeout + ", not " + connections);
			}
			ServerProcess.pause(POLL);
			memory = read(server);
		}
		for (int sample = 1; sample < SAMPLES; sample++) {
			memory = lowest(memory, read(server));
		}
		if (memory.connections() != connections) {
			throw new IllegalStateException(server.spec().label() + " went from " + connections + " to "
					+ memory.connections() + " WebSocket connections while its memory was read");
		}
		return memory;
	}

	/**
	 * Returns the lower heap and the lower direct memory of two readings, with the
	 * connections of the later one.
	 * @param first a reading
	 * @param later a later reading
	 * @return the lower figures
	 */
	static ServerMemory lowest(ServerMemory first, ServerMemory later) {
		return new ServerMemory(Math.min(first.heapBytes(), later.heapBytes()),
				Math.min(first.directBytes(), later.directBytes()), later.connections());
	}

	private static ServerMemory read(ServerProcess server) throws IOException {
		HttpResponse<String> response = server.get(PATH);
		if (response.statusCode() != 200) {
			throw new IllegalStateException(server.spec().label() + " answered " + PATH + " with "
					+ response.statusCode() + ": " + response.body());
		}
		return parse(response.body());
	}

}
