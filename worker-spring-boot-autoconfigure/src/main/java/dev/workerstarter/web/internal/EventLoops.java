package dev.workerstarter.web.internal;

import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;
import reactor.netty.Connection;

import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.ServerWebExchange;

/**
 * Finds the event loop of the connection a request came in on, so that a request that
 * waited for a worker runs on its own connection's thread, as it would without the pool,
 * rather than on the thread of whichever job freed the worker (another connection's event
 * loop, or a kernel thread). Only Reactor Netty's server is known; elsewhere there is
 * none.
 */
final class EventLoops {

	private static final boolean REACTOR_NETTY = ClassUtils.isPresent("reactor.netty.Connection",
			EventLoops.class.getClassLoader());

	private EventLoops() {
	}

	static @Nullable Executor of(ServerWebExchange exchange) {
		if (!REACTOR_NETTY) {
			return null;
		}
		return ReactorNetty.eventLoop(ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest()));
	}

	// Loaded only with Reactor Netty present.
	private static final class ReactorNetty {

		static @Nullable Executor eventLoop(Object nativeRequest) {
			return (nativeRequest instanceof Connection connection) ? connection.channel().eventLoop() : null;
		}

	}

}
