package dev.workerstarter.websocket.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebHandler;

import dev.workerstarter.internal.RetryAfter;
import dev.workerstarter.websocket.WsHandshakeHook;

/**
 * The endpoint at {@code worker.websocket.path}: takes a slot of {@code max-connections}
 * (none free: {@code 503} with {@code Retry-After}), asks every {@link WsHandshakeHook}
 * (one says no or fails: {@code 403}), then upgrades the connection. The slot is given
 * back when the connection ends or, if it never opened, when the handshake ends.
 */
final class WsEndpoint implements WebHandler {

	private static final Log logger = LogFactory.getLog(WsEndpoint.class);

	private final WebSocketService service;

	private final WsSessionHandler sessions;

	private final LocalConnections connections;

	private final List<WsHandshakeHook> hooks;

	private final String retryAfter;

	WsEndpoint(WebSocketService service, WsSessionHandler sessions, LocalConnections connections,
			List<WsHandshakeHook> hooks, Duration retryAfter) {
		this.service = service;
		this.sessions = sessions;
		this.connections = connections;
		this.hooks = List.copyOf(hooks);
		this.retryAfter = RetryAfter.header(retryAfter);
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange) {
		if (!this.connections.tryReserve()) {
			exchange.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
			exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, this.retryAfter);
			return exchange.getResponse().setComplete();
		}
		// The upgrade completes once the handshake is done, not when the connection ends:
		// a connection that opened gives its slot back when it is removed.
		AtomicBoolean opened = new AtomicBoolean();
		WebSocketHandler handler = (session) -> {
			opened.set(true);
			return this.sessions.handle(session, Transport.abortOf(exchange));
		};
		return accepted(exchange).flatMap((accepted) -> {
			if (!accepted) {
				exchange.getResponse().setStatusCode(HttpStatus.FORBIDDEN);
				return exchange.getResponse().setComplete();
			}
			return this.service.handleRequest(exchange, handler);
		}).doFinally((signal) -> {
			if (!opened.get()) {
				this.connections.release();
			}
		});
	}

	private Mono<Boolean> accepted(ServerWebExchange exchange) {
		if (this.hooks.isEmpty()) {
			return Mono.just(true);
		}
		return Flux.fromIterable(this.hooks)
			.concatMap((hook) -> hook.accept(exchange).defaultIfEmpty(false))
			.all(Boolean::booleanValue)
			.onErrorResume((ex) -> {
				logger.warn("A WebSocket handshake hook failed; the handshake is rejected", ex);
				return Mono.just(false);
			});
	}

}
