package dev.workerstarter.benchmarks.webflux;

import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * The ceiling: a Reactor Netty server with no Spring at all, answering the hello world.
 * The only argument is the port.
 */
public final class BareNettyServer {

	private BareNettyServer() {
	}

	public static void main(String[] args) {
		DisposableServer server = HttpServer.create()
			.port(Integer.parseInt(args[0]))
			.route((routes) -> routes.get("/hello",
					(request, response) -> response.header("Content-Type", "text/plain;charset=UTF-8")
						.sendString(Mono.just(HelloController.HELLO))))
			.bindNow();
		server.onDispose().block();
	}

}
