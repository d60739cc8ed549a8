package dev.workerstarter.websocket.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

import dev.workerstarter.websocket.WsConnection;

/**
 * A connection held by this instance: its session, its bounded outbound buffer, the
 * channels it joined, when it last received anything, and the drain of its queued
 * messages.
 */
final class LocalConnection {

	// Not a WebSocket close code of the protocol: what a client too slow to read gets.
	static final CloseStatus SLOW_CONSUMER = CloseStatus.POLICY_VIOLATION
		.withReason("slow consumer: outbound buffer full");

	// How long the close handshake the server starts may take: a client that reads
	// nothing never takes the close frame queued behind what it did not read.
	static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final WsConnection connection;

	private final WebSocketSession session;

	private final Runnable abort;

	private final int bufferSize;

	// One producer at a time (emits are synchronized), the session's send the consumer.
	private final Sinks.Many<Outbound> outbound = Sinks.many()
		.unicast()
		.onBackpressureBuffer(Queues.<Outbound>unbounded(16).get());

	private final AtomicInteger pending = new AtomicInteger();

	private final Set<String> channels = ConcurrentHashMap.newKeySet(2);

	private final AtomicInteger drains = new AtomicInteger();

	private final AtomicBoolean removed = new AtomicBoolean();

	private volatile long lastSeen;

	private volatile @Nullable CloseStatus closedWith;

	private volatile @Nullable CloseStatus peerClosedWith;

	private boolean closed;

	LocalConnection(WsConnection connection, WebSocketSession session, Runnable abort, int bufferSize, long now) {
		this.connection = connection;
		this.session = session;
		this.abort = abort;
		this.bufferSize = bufferSize;
		this.lastSeen = now;
	}

	String id() {
		return this.connection.id();
	}

	WsConnection connection() {
		return this.connection;
	}

	// Puts a frame into the outbound buffer, or closes the connection as a slow consumer
	// when the buffer is full.
	Offer offer(Outbound frame) {
		synchronized (this) {
			if (this.closed) {
				return Offer.CLOSED;
			}
			if (this.pending.get() >= this.bufferSize) {
				closeLocked(SLOW_CONSUMER);
				return Offer.SLOW_CONSUMER;
			}
			this.pending.incrementAndGet();
			if (this.outbound.tryEmitNext(frame).isFailure()) {
				this.pending.decrementAndGet();
				return Offer.CLOSED; // the session's send is gone
			}
			return Offer.ACCEPTED;
		}
	}

	// The frames to write, each taken out of the buffer as the session asks for it.
	Flux<Outbound> frames() {
		return this.outbound.asFlux().doOnNext((frame) -> this.pending.decrementAndGet());
	}

	WebSocketMessage toMessage(Outbound frame) {
		String text = frame.text();
		return (text != null) ? this.session.textMessage(text)
				: this.session.pingMessage((factory) -> factory.allocateBuffer(0));
	}

	int pending() {
		return this.pending.get();
	}

	// Closes the connection with a status, unless it is closed already.
	void close(CloseStatus status) {
		synchronized (this) {
			closeLocked(status);
		}
	}

	private void closeLocked(CloseStatus status) {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.closedWith = status;
		this.outbound.tryEmitComplete();
		this.session.close(status).subscribe(null, (ex) -> {
		});
		Mono.delay(CLOSE_TIMEOUT).subscribe((tick) -> {
			if (!this.removed.get()) {
				this.abort.run();
			}
		});
	}

	/**
	 * Marks the connection closed by its peer or its transport: nothing more is buffered.
	 */
	void ended() {
		synchronized (this) {
			this.closed = true;
			this.outbound.tryEmitComplete();
		}
	}

	synchronized boolean isClosed() {
		return this.closed;
	}

	/**
	 * Marks the connection removed from this instance, once.
	 * @return {@code true} the first time
	 */
	boolean markRemoved() {
		return this.removed.compareAndSet(false, true);
	}

	void peerClosed(CloseStatus status) {
		this.peerClosedWith = status;
	}

	// The status this server closed the connection with, else its peer's.
	@Nullable CloseStatus closedWith() {
		CloseStatus status = this.closedWith;
		return (status != null) ? status : this.peerClosedWith;
	}

	void seen(long now) {
		this.lastSeen = now;
	}

	long lastSeen() {
		return this.lastSeen;
	}

	Set<String> channels() {
		return this.channels;
	}

	/**
	 * Takes and sends the connection's queued messages, one drain at a time, so that they
	 * go out in the order they were queued; a drain asked for while one runs runs again
	 * after it.
	 * @param drain takes and sends until the queue is empty
	 */
	void drain(Mono<Void> drain) {
		if (this.drains.getAndIncrement() == 0) {
			runDrain(drain);
		}
	}

	private void runDrain(Mono<Void> drain) {
		int asked = this.drains.get();
		drain.doFinally((signal) -> {
			if (this.drains.addAndGet(-asked) != 0) {
				runDrain(drain);
			}
		}).subscribe(null, (ex) -> {
		});
	}

	/**
	 * What became of a frame offered to the outbound buffer.
	 */
	enum Offer {

		/** Buffered, to be written. */
		ACCEPTED,

		/** The connection is closed. */
		CLOSED,

		/** The buffer was full: the connection is closed as a slow consumer. */
		SLOW_CONSUMER

	}

}
