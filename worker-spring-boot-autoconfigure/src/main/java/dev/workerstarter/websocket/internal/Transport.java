package dev.workerstarter.websocket.internal;

import reactor.netty.Connection;
import reactor.netty.NettyOutbound;

import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Drops a connection's transport without a close handshake, for a connection whose close
 * the peer never completed (a client that reads nothing never takes the close frame
 * queued behind what it did not read). Only Reactor Netty's connections can be dropped;
 * on other servers the connection stays until the server itself gives up on it.
 */
final class Transport {

	private static final boolean REACTOR_NETTY = ClassUtils.isPresent("reactor.netty.Connection",
			Transport.class.getClassLoader());

	private static final Runnable NONE = () -> {
	};

	private Transport() {
	}

	/**
	 * Returns what drops the transport of a handshake's connection.
	 * @param exchange the handshake
	 * @return drops the transport, or does nothing if it cannot
	 */
	static Runnable abortOf(ServerWebExchange exchange) {
		return REACTOR_NETTY ? ReactorNetty.abortOf(exchange) : NONE;
	}

	// Apart, so that nothing of Reactor Netty is loaded without it.
	private static final class ReactorNetty {

		static Runnable abortOf(ServerWebExchange exchange) {
			try {
				Object response = ServerHttpResponseDecorator.getNativeResponse(exchange.getResponse());
				if (response instanceof NettyOutbound outbound) {
					return () -> outbound.withConnection(Connection::dispose);
				}
			}
			catch (IllegalArgumentException ex) {
				// not Reactor Netty's response
			}
			return NONE;
		}

	}

}
