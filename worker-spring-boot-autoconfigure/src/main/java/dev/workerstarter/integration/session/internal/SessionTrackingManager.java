package dev.workerstarter.integration.session.internal;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import org.springframework.web.server.session.WebSessionManager;

/**
 * The application's {@link WebSessionManager}, noting in the exchange's attributes the
 * session it gives, so that {@link SessionCommitFilter} knows, without asking for the
 * session itself, whether a job used one. A request whose handling never asks for its
 * session costs nothing more than the operator that would note it.
 */
public final class SessionTrackingManager implements WebSessionManager {

	private static final String ATTRIBUTE = SessionTrackingManager.class.getName() + ".session";

	private final WebSessionManager delegate;

	/**
	 * Creates the manager.
	 * @param delegate the manager that finds, creates and saves the sessions
	 */
	public SessionTrackingManager(WebSessionManager delegate) {
		this.delegate = delegate;
	}

	@Override
	public Mono<WebSession> getSession(ServerWebExchange exchange) {
		return this.delegate.getSession(exchange)
			.doOnNext((session) -> exchange.getAttributes().put(ATTRIBUTE, session));
	}

	/**
	 * Returns the session the exchange's handling has asked for, if it has.
	 * @param exchange the exchange
	 * @return the session, or {@code null}
	 */
	static @Nullable WebSession obtained(ServerWebExchange exchange) {
		return exchange.getAttribute(ATTRIBUTE);
	}

	@Override
	public String toString() {
		return "SessionTrackingManager[" + this.delegate + "]";
	}

}
