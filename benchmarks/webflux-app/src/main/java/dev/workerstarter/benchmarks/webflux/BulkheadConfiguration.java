package dev.workerstarter.benchmarks.webflux;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.WebFilter;

/**
 * The alternative a Spring user would pick for a concurrency limit: a resilience4j
 * bulkhead (instance {@code web}, configured under {@code resilience4j.bulkhead}) around
 * every request, at the same place in the chain as the worker dispatch filter.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("bench.bulkhead")
class BulkheadConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	WebFilter bulkheadFilter(BulkheadRegistry registry) {
		Bulkhead bulkhead = registry.bulkhead("web");
		BulkheadOperator<Void> operator = BulkheadOperator.of(bulkhead);
		return (exchange, chain) -> chain.filter(exchange)
			.transform(operator)
			.onErrorResume(BulkheadFullException.class, (ex) -> {
				exchange.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
				return Mono.empty();
			});
	}

}
