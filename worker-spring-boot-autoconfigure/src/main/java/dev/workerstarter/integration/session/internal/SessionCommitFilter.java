package dev.workerstarter.integration.session.internal;

import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.WebSession;

import dev.workerstarter.web.internal.JobWebFilter;

/**
 * Saves, before its job ends, the session a job used. WebFlux saves a session, and sets
 * its cookie, when the response is committed; a handler that writes no body, and an
 * error, leave the commit until after the filter chain, when the worker would already be
 * back in the pool and taking its next job. So when the chain completes with a session in
 * use and the response not committed yet, this filter commits it, as WebFlux would a
 * moment later; when the chain fails, it saves a started session before passing the error
 * on (the error response then sets the cookie and saves again, with nothing new to
 * store). A failing save fails the job, which still gives its worker back.
 * <p>
 * A {@link JobWebFilter}: it runs first inside every job (and never on excluded paths),
 * so that every other filter has had its say on the response before the commit.
 */
public final class SessionCommitFilter implements JobWebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		Mono<Void> handling = chain.filter(exchange);
		// One operator, not the three a composition would take: every request pays it,
		// most never touch their session.
		return new Mono<>() {
			@Override
			public void subscribe(CoreSubscriber<? super Void> actual) {
				CommitSubscriber subscriber = new CommitSubscriber(actual, exchange);
				actual.onSubscribe(subscriber);
				handling.subscribe(subscriber);
			}
		};
	}

	private static Mono<Void> saveStarted(ServerWebExchange exchange) {
		return Mono.defer(() -> {
			WebSession session = SessionTrackingManager.obtained(exchange);
			if (session == null || exchange.getResponse().isCommitted() || !session.isStarted()
					|| session.isExpired()) {
				return Mono.empty();
			}
			return session.save();
		});
	}

	// Subscribes to the handling, then to the commit or the save its end calls for, if
	// any, and passes the last end on. Neither emits a value, so each is asked for all at
	// once, and downstream's demand is of no consequence.
	private static final class CommitSubscriber implements CoreSubscriber<Void>, Subscription {

		private final CoreSubscriber<? super Void> actual;

		private final ServerWebExchange exchange;

		private volatile @Nullable Subscription upstream;

		private volatile boolean cancelled;

		// Set once the handling has ended: the next end is the commit's or the save's.
		private boolean ended;

		CommitSubscriber(CoreSubscriber<? super Void> actual, ServerWebExchange exchange) {
			this.actual = actual;
			this.exchange = exchange;
		}

		@Override
		public Context currentContext() {
			return this.actual.currentContext();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			this.upstream = subscription;
			if (this.cancelled) {
				subscription.cancel();
				return;
			}
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(Void value) {
		}

		@Override
		public void onError(Throwable error) {
			if (this.ended) {
				this.actual.onError(error);
				return;
			}
			this.ended = true;
			saveStarted(this.exchange).onErrorResume((saveError) -> {
				Exceptions.addSuppressed(error, saveError);
				return Mono.empty();
			}).then(Mono.<Void>error(error)).subscribe(this);
		}

		@Override
		public void onComplete() {
			if (this.ended) {
				this.actual.onComplete();
				return;
			}
			this.ended = true;
			ServerHttpResponse response = this.exchange.getResponse();
			if (response.isCommitted() || SessionTrackingManager.obtained(this.exchange) == null) {
				this.actual.onComplete();
				return;
			}
			Mono<Void> commit;
			try {
				// runs the session manager's save and sets the cookie
				commit = response.setComplete();
			}
			catch (RuntimeException ex) {
				this.actual.onError(ex);
				return;
			}
			commit.subscribe(this);
		}

		@Override
		public void request(long n) {
		}

		@Override
		public void cancel() {
			this.cancelled = true;
			Subscription upstream = this.upstream;
			if (upstream != null) {
				upstream.cancel();
			}
		}

	}

}
