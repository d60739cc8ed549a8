package dev.workerstarter.web.internal;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.web.server.ServerWebExchange;

/**
 * Recognizes the requests of Spring Boot's separate management server. With
 * {@code management.server.port} set to another port than the application's, Boot serves
 * the actuator from a child application context with its own web server, whose handler
 * picks up the parent's {@code WebFilter} beans too, the dispatch filter among them. The
 * child context is the one with the {@code management} server namespace, and it is the
 * exchange's application context.
 */
public final class ManagementServer {

	// Boot's WebServerNamespace.MANAGEMENT, which lives in the actuator (optional here).
	static final String NAMESPACE = "management";

	private ManagementServer() {
	}

	/**
	 * Returns whether the exchange came to the separate management server.
	 * @param exchange the exchange
	 * @return {@code true} if its application context is the management server's
	 */
	public static boolean serves(ServerWebExchange exchange) {
		return WebServerApplicationContext.hasServerNamespace(exchange.getApplicationContext(), NAMESPACE);
	}

}
