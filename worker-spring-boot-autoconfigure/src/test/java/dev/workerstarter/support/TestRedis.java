package dev.workerstarter.support;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The real Redis server of the tests: one per test JVM, started on a free port when a
 * test first asks for it and stopped when the JVM exits. It runs Debian's
 * {@code redis-server} when one is on the {@code PATH}, else the binary shipped in
 * embedded-redis, so that a fresh machine with only Maven runs the tests. Tests keep
 * apart by unique key prefixes ({@link #keyPrefix()}), not by flushing the server.
 */
public final class TestRedis {

	private static final Logger logger = LoggerFactory.getLogger(TestRedis.class);

	private static final int ATTEMPTS = 5;

	// 0 until the server is started.
	private static volatile int port;

	private TestRedis() {
	}

	/**
	 * Returns the port of the server, starting it first if needed.
	 * @return the port on 127.0.0.1
	 */
	public static int port() {
		int current = port;
		if (current == 0) {
			synchronized (TestRedis.class) {
				current = port;
				if (current == 0) {
					current = start();
					port = current;
				}
			}
		}
		return current;
	}

	/**
	 * Returns a key prefix no other test uses.
	 * @return the prefix, ending with a colon
	 */
	public static String keyPrefix() {
		return "test:" + UUID.randomUUID() + ":";
	}

	/**
	 * Returns the properties that point an application at the server and give it a key
	 * prefix of its own.
	 * @param keyPrefix the prefix of the application's keys and channels
	 * @return the properties, as {@code key=value}
	 */
	public static String[] properties(String keyPrefix) {
		return new String[] { "spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + port(),
				"worker.websocket.redis.key-prefix=" + keyPrefix };
	}

	/**
	 * Returns a new started connection factory for the server; the caller destroys it.
	 * @return the connection factory
	 */
	public static LettuceConnectionFactory connectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	private static int start() {
		Binary binary = binary();
		IOException failure = null;
		// Another process may take the free port before the server binds it: try again.
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int candidate = freePort();
			try {
				RedisServer server = RedisServer.newRedisServer()
					.executableProvider(binary.provider())
					.port(candidate)
					.setting("save \"\"")
					.setting("appendonly no")
					.build();
				// start() registers a shutdown hook that stops the server.
				server.start();
				logger.info("Test Redis server on port {}: {}", candidate, binary.description());
				return candidate;
			}
			catch (IOException | RuntimeException ex) {
				failure = (ex instanceof IOException io) ? io : new IOException(ex);
			}
		}
		// The shipped binary needs OpenSSL 3 (libssl.so.3); the cause tells what it
		// lacked.
		throw new UncheckedIOException("Could not start the test Redis server (" + binary.description()
				+ "); a redis-server on the PATH is used instead when there is one", failure);
	}

	private static Binary binary() {
		try {
			return new Binary(ExecutableProvider.newExecutableInPath("redis-server"), "redis-server on the PATH");
		}
		catch (FileNotFoundException ex) {
			return new Binary(ExecutableProvider.newJarResourceProvider(), "the binary shipped in embedded-redis");
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private record Binary(ExecutableProvider provider, String description) {
	}

}
