package dev.workerstarter.websocket;

import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;

/**
 * Accepts or rejects a WebSocket handshake before the connection opens, from its headers,
 * query parameters or principal ({@link ServerWebExchange#getPrincipal()}, set when
 * Spring Security is present). A rejected handshake gets {@code 403 Forbidden}. Any
 * number of beans of this type may be declared; every one must accept.
 */
@FunctionalInterface
public interface WsHandshakeHook {

	/**
	 * Decides on a handshake.
	 * @param exchange the handshake request
	 * @return {@code true} to accept it, {@code false} (or empty) to reject it
	 */
	Mono<Boolean> accept(ServerWebExchange exchange);

}
