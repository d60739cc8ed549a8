package dev.workerstarter.websocket.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

import dev.workerstarter.internal.IsolatedEvents;
import dev.workerstarter.websocket.WsConnection;
import dev.workerstarter.websocket.WsConnectionClosedEvent;
import dev.workerstarter.websocket.WsConnectionOpenedEvent;
import dev.workerstarter.websocket.WsConnectionRemovedEvent;
import dev.workerstarter.websocket.WsConnectionStorage;
import dev.workerstarter.websocket.WsMessageQueue;
import dev.workerstarter.websocket.WsMessageSentEvent;

/**
 * The life of one connection on this instance: registered and stored when it opens, its
 * messages read (at most {@code max-pending-messages} ahead of their handlers, beyond
 * which reading stops) and dispatched one at a time in arrival order, its outbound buffer
 * written, and everything undone when it closes, whoever closes it.
 */
final class WsSessionHandler {

	static final CloseStatus NOT_STORED = CloseStatus.SERVER_ERROR.withReason("connection storage unavailable");

	private static final Log logger = LogFactory.getLog(WsSessionHandler.class);

	private final String instanceId;

	private final LocalConnections connections;

	private final WsConnectionStorage storage;

	private final WsMessageQueue queue;

	private final MessageDispatcher dispatcher;

	private final IsolatedEvents events;

	private final Limits limits;

	private final Clock clock;

	WsSessionHandler(String instanceId, LocalConnections connections, WsConnectionStorage storage, WsMessageQueue queue,
			MessageDispatcher dispatcher, IsolatedEvents events, Limits limits, Clock clock) {
		this.instanceId = instanceId;
		this.connections = connections;
		this.storage = storage;
		this.queue = queue;
		this.dispatcher = dispatcher;
		this.events = events;
		this.limits = limits;
		this.clock = clock;
	}

	/**
	 * Runs a connection until it ends.
	 * @param session the upgraded session
	 * @param abort drops the session's transport without a close handshake
	 * @return completes once the connection ended and was removed
	 */
	Mono<Void> handle(WebSocketSession session, Runnable abort) {
		WsConnection connection = new WsConnection(UUID.randomUUID().toString(), this.instanceId, this.clock.instant());
		LocalConnection local = new LocalConnection(connection, session, abort, this.limits.outboundBufferSize(),
				System.nanoTime());
		this.connections.add(local);
		session.closeStatus().subscribe(local::peerClosed, (ex) -> {
		});
		Mono<Void> inbound = session.receive()
			.doOnNext((message) -> local.seen(System.nanoTime()))
			.filter((message) -> message.getType() == WebSocketMessage.Type.TEXT
					|| message.getType() == WebSocketMessage.Type.BINARY)
			.map(WebSocketMessage::getPayloadAsText)
			.concatMap((text) -> this.dispatcher.dispatch(local, text), this.limits.maxPendingMessages())
			.then();
		Mono<Void> outbound = session.send(local.frames().map((frame) -> {
			if (!frame.isPing()) {
				this.events.publish(new WsMessageSentEvent(this, connection.id(), frame.event()));
			}
			return local.toMessage(frame);
		}));
		Mono<Boolean> stored = this.storage.insert(connection, this.limits.expiry())
			.thenReturn(true)
			.onErrorResume((ex) -> {
				// Not in the storage, it could not be reached from other instances: tell
				// the
				// client, which may connect again, and run nothing for it.
				logger.warn("Could not store WebSocket connection " + connection.id() + "; it is closed", ex);
				local.close(NOT_STORED);
				return Mono.just(false);
			});
		return stored.flatMap((opened) -> {
			// Closed already (not stored, or closed by the server while it was stored): a
			// session's send and receive subscribed after its close would never end.
			if (!opened || local.isClosed()) {
				return Mono.<Void>empty();
			}
			this.events.publish(new WsConnectionOpenedEvent(this, connection));
			return Mono.when(inbound.doFinally((signal) -> local.ended()), outbound);
		}).onErrorResume((ex) -> {
			logger.debug("WebSocket connection " + connection.id() + " ended with an error", ex);
			return Mono.empty();
		}).then(Mono.defer(() -> closed(local))).doOnCancel(() -> closed(local).subscribe());
	}

	// Runs once whether the connection ended normally, with an error, or was cancelled.
	private Mono<Void> closed(LocalConnection local) {
		if (!local.markRemoved()) {
			return Mono.empty();
		}
		this.connections.remove(local);
		CloseStatus status = local.closedWith();
		WsConnection connection = local.connection();
		this.events
			.publish(new WsConnectionClosedEvent(this, connection, (status != null) ? status : CloseStatus.NORMAL));
		return this.queue.clear(connection.id()).then(this.storage.remove(connection.id())).doOnNext((removed) -> {
			if (removed) {
				this.events.publish(new WsConnectionRemovedEvent(this, connection.id()));
			}
		}).onErrorResume((ex) -> {
			logger.warn("Could not remove WebSocket connection " + connection.id() + " from the storage; it"
					+ " disappears from it after the expiry", ex);
			return Mono.empty();
		}).then();
	}

	/**
	 * The limits of a connection.
	 *
	 * @param maxPendingMessages most messages read ahead of their handlers
	 * @param outboundBufferSize most messages waiting to be written
	 * @param expiry how long the storage keeps the connection without a refresh
	 */
	record Limits(int maxPendingMessages, int outboundBufferSize, Duration expiry) {
	}

}
