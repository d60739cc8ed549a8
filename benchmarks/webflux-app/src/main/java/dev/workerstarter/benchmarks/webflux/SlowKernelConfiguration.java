package dev.workerstarter.benchmarks.webflux;

import java.util.concurrent.ThreadLocalRandom;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.workerstarter.kernel.WorkerScoped;

/**
 * A kernel with an expensive bootstrap: a worker-scoped client that takes 50 ms to build,
 * like a secrets or feature-flag client fetching its configuration at start.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("bench.slow-kernel")
class SlowKernelConfiguration {

	static final long BOOT_MILLIS = 50;

	@Bean
	@WorkerScoped
	FeatureFlags featureFlags() throws InterruptedException {
		Thread.sleep(BOOT_MILLIS);
		return new FeatureFlags(ThreadLocalRandom.current().nextBoolean());
	}

	@Bean
	RouterFunction<ServerResponse> flagsRoute(FeatureFlags featureFlags) {
		return RouterFunctions.route()
			.GET("/flags", (request) -> ServerResponse.ok().bodyValue(featureFlags.newCheckout() ? "new" : "old"))
			.build();
	}

	/** Flags fetched once per kernel. */
	static class FeatureFlags {

		private final boolean newCheckout;

		FeatureFlags(boolean newCheckout) {
			this.newCheckout = newCheckout;
		}

		boolean newCheckout() {
			return this.newCheckout;
		}

	}

}
