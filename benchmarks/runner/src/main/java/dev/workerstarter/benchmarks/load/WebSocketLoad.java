package dev.workerstarter.benchmarks.load;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * The WebSocket load client: a number of connections opened with Reactor Netty's client
 * on one event loop of its own, then driven in phases. Every message of every connection
 * is handled on that event loop, so the phases' counters need no synchronization; the
 * calling thread reads them once the phase has ended.
 * <ul>
 * <li>echo: each connection sends {@code ECHO} and waits for the reply before it sends
 * the next (a closed loop), for a fixed time;</li>
 * <li>fan-out: the first connection sends {@code FANOUT}, which the server sends to every
 * connection; the next one goes once all have received it, for a fixed time.</li>
 * </ul>
 */
final class WebSocketLoad implements AutoCloseable {

	static final String ECHO = "{\"event\":\"ECHO\",\"headers\":{},\"input_data\":{\"text\":\"Hello, world\",\"n\":42}}";

	static final String FANOUT = "{\"event\":\"FANOUT\",\"headers\":{},\"input_data\":{\"text\":\"Hello, all\"}}";

	private static final String ECHO_REPLY = "{\"event\":\"ECHO\"";

	private static final String FANOUT_REPLY = "{\"event\":\"FANOUT\"";

	// Handshakes in flight at once while connecting: the server's accept backlog is not
	// what is measured.
	private static final int CONCURRENT_HANDSHAKES = 64;

	// The longest wait for anything the server owes after a phase's end.
	private static final Duration GRACE = Duration.ofSeconds(30);

	private final LoopResources loop;

	private List<Peer> peers = List.of();

	private volatile Phase phase = (peer, text) -> {
	};

	private final AtomicReference<@Nullable String> unexpected = new AtomicReference<>();

	private WebSocketLoad(LoopResources loop) {
		this.loop = loop;
	}

	/**
	 * Opens connections, a few handshakes at a time, and returns once all are open.
	 * @param url the WebSocket URL ({@code ws://...})
	 * @param connections how many
	 * @param timeout the longest time to open them all
	 * @return the client
	 */
	static WebSocketLoad open(String url, int connections, Duration timeout) {
		WebSocketLoad load = new WebSocketLoad(LoopResources.create("ws-load", 1, true));
		try {
			HttpClient client = HttpClient.newConnection().runOn(load.loop);
			List<Peer> peers = Flux.range(0, connections)
				.flatMap((i) -> load.connect(client, url), CONCURRENT_HANDSHAKES)
				.collectList()
				.block(timeout);
			if (peers == null || peers.size() != connections) {
				throw new IllegalStateException("Opened " + ((peers != null) ? peers.size() : 0) + " of " + connections
						+ " WebSocket connections to " + url);
			}
			load.peers = List.copyOf(peers);
			return load;
		}
		catch (RuntimeException ex) {
			load.loop.dispose();
			throw ex;
		}
	}

	private Mono<Peer> connect(HttpClient client, String url) {
		return Mono.create((opened) -> {
			Peer peer = new Peer();
			peer.connection = client.websocket().uri(url).handle((in, out) -> {
				in.withConnection((connection) -> peer.eventLoop = connection.channel().eventLoop());
				opened.success(peer);
				Mono<Void> received = in.receive()
					.asString()
					.doOnNext((text) -> this.phase.received(peer, text))
					.then();
				// Once the outbound completes (close()), a close frame: the server
				// answers with its own and closes, which ends the inbound.
				Mono<Void> sent = out.sendString(peer.outbound.asFlux()).then().then(out.sendClose());
				return Mono.when(sent, received);
			}).doFinally((signal) -> peer.closed.countDown()).subscribe(null, (error) -> {
				unexpected("a connection failed: " + error);
				opened.error(error);
			});
		});
	}

	/**
	 * Every connection sends one message and waits for its reply, so that what a
	 * connection keeps once it has been used is there.
	 */
	void echoOnce() {
		closedLoop(System.nanoTime() + GRACE.toNanos(), false);
	}

	/**
	 * Runs the echo closed loop.
	 * @param duration how long
	 * @return round trips (a reply other than {@code ECHO} is a failure) and their
	 * latencies
	 */
	LoadResult echo(Duration duration) {
		return closedLoop(System.nanoTime() + duration.toNanos(), true);
	}

	private LoadResult closedLoop(long deadline, boolean repeat) {
		long start = System.nanoTime();
		Echo echo = new Echo(deadline, repeat, this.peers.size());
		this.phase = echo;
		for (Peer peer : this.peers) {
			peer.eventLoop.execute(() -> {
				peer.sentAt = System.nanoTime();
				peer.send(ECHO);
			});
		}
		await(echo.done, deadline - start + GRACE.toNanos(), "echo replies");
		checkOpen();
		return echo.latencies.result(echo.failed, (Math.min(deadline, System.nanoTime()) - start) / 1e9);
	}

	/**
	 * Runs fan-outs back to back.
	 * @param duration how long
	 * @return one successful request per fan-out, its latency the time from the
	 * {@code FANOUT} sent until the last connection received it
	 */
	LoadResult fanout(Duration duration) {
		Latencies times = new Latencies();
		long start = System.nanoTime();
		long end = start + duration.toNanos();
		while (System.nanoTime() < end) {
			Fanout fanout = new Fanout(this.peers.size());
			this.phase = fanout;
			long sent = System.nanoTime();
			Peer sender = this.peers.get(0);
			sender.eventLoop.execute(() -> sender.send(FANOUT));
			try {
				times.add(fanout.done.get(GRACE.toNanos(), TimeUnit.NANOSECONDS) - sent);
			}
			catch (TimeoutException ex) {
				throw new IllegalStateException(
						fanout.remaining.get() + " connections did not receive a fan-out within " + GRACE + failures(),
						ex);
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		checkOpen();
		return times.result(0, (System.nanoTime() - start) / 1e9);
	}

	/**
	 * Returns the first message that was neither an echo reply nor a fan-out, if any.
	 * @return the message, or {@code null}
	 */
	@Nullable String unexpected() {
		return this.unexpected.get();
	}

	private void unexpected(String text) {
		this.unexpected.compareAndSet(null, text);
	}

	private void checkOpen() {
		long closed = this.peers.stream().filter((peer) -> peer.closed.getCount() == 0).count();
		if (closed > 0) {
			throw new IllegalStateException(closed + " WebSocket connections were closed by the server" + failures());
		}
	}

	private String failures() {
		String text = this.unexpected.get();
		return (text != null) ? "; the first unexpected message: " + text : "";
	}

	private void await(CountDownLatch latch, long nanos, String what) {
		try {
			if (!latch.await(nanos, TimeUnit.NANOSECONDS)) {
				throw new IllegalStateException(latch.getCount() + " " + what + " missing" + failures());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Closes every connection (a close frame once its outbound completes) and waits until
	 * the server has closed them too.
	 */
	@Override
	public void close() {
		this.phase = (peer, text) -> {
		};
		this.peers.forEach((peer) -> peer.outbound.tryEmitComplete());
		try {
			for (Peer peer : this.peers) {
				if (!peer.closed.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
					break;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.peers.forEach((peer) -> peer.connection.dispose());
			this.loop.dispose();
		}
	}

	/** What a phase does with a message a connection received. */
	@FunctionalInterface
	private interface Phase {

		void received(Peer peer, String text);

	}

	/** One connection. */
	private static final class Peer {

		final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();

		final CountDownLatch closed = new CountDownLatch(1);

		Disposable connection = () -> {
		};

		// The connection's event loop, set before the connection is handed out as open.
		volatile Executor eventLoop = (task) -> {
			throw new IllegalStateException("Not open");
		};

		// Written and read on the event loop only.
		long sentAt;

		// Every send happens on the connection's event loop: a phase's first sends are
		// handed to it, so that none races with the next message sent on a reply.
		void send(String text) {
			this.outbound.emitNext(text, Sinks.EmitFailureHandler.FAIL_FAST);
		}

	}

	/** The echo closed loop; its state is the event loop's. */
	private final class Echo implements Phase {

		final Latencies latencies = new Latencies();

		final CountDownLatch done;

		final long deadline;

		final boolean repeat;

		long failed;

		Echo(long deadline, boolean repeat, int connections) {
			this.deadline = deadline;
			this.repeat = repeat;
			this.done = new CountDownLatch(connections);
		}

		@Override
		public void received(Peer peer, String text) {
			long now = System.nanoTime();
			if (now <= this.deadline) {
				if (text.startsWith(ECHO_REPLY)) {
					this.latencies.add(now - peer.sentAt);
				}
				else {
					this.failed++;
					unexpected(text);
				}
			}
			if (this.repeat && now < this.deadline) {
				peer.sentAt = now;
				peer.send(ECHO);
			}
			else {
				this.done.countDown();
			}
		}

	}

	/** One fan-out: done when every connection has received it. */
	private final class Fanout implements Phase {

		final AtomicInteger remaining;

		final CompletableFuture<Long> done = new CompletableFuture<>();

		Fanout(int connections) {
			this.remaining = new AtomicInteger(connections);
		}

		@Override
		public void received(Peer peer, String text) {
			if (!text.startsWith(FANOUT_REPLY)) {
				unexpected(text);
			}
			else if (this.remaining.decrementAndGet() == 0) {
				this.done.complete(System.nanoTime());
			}
		}

	}

}
