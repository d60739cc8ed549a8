package dev.workerstarter.pool.internal;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Starts draining the pools as soon as their application context starts to close, before
 * any lifecycle stops: new requests are answered {@code 503} while the web server's
 * graceful shutdown waits for the jobs in flight. The close of another context (a child
 * management context, say) is ignored.
 */
public final class DrainOnClose implements ApplicationListener<ContextClosedEvent>, Ordered {

	private final WorkerPoolGroup pools;

	private final ApplicationContext context;

	/**
	 * Creates the listener.
	 * @param pools the pools to drain
	 * @param context the context that owns the pools
	 */
	public DrainOnClose(WorkerPoolGroup pools, ApplicationContext context) {
		this.pools = pools;
		this.context = context;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() == this.context) {
			this.pools.stopAccepting();
		}
	}

	// Before other close listeners, whose clean-up new requests should not race.
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
