package dev.workerstarter.sample;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.middleware.WorkerMiddleware;
import dev.workerstarter.middleware.WorkerMiddlewareChain;

/**
 * Tells the client which worker handled its request, and which job of that worker's
 * kernel it was. Listed by its bean name, {@code workerHeadersMiddleware}, in
 * {@code worker.middlewares}.
 */
@Component
public class WorkerHeadersMiddleware implements WorkerMiddleware {

	@Override
	public Mono<Void> process(ServerWebExchange exchange, WorkerMiddlewareChain next) {
		WorkerContext.current().ifPresent((worker) -> {
			HttpHeaders headers = exchange.getResponse().getHeaders();
			headers.set("X-Worker-Id", Integer.toString(worker.workerId()));
			headers.set("X-Worker-Job", Long.toString(worker.jobNumber()));
		});
		return next.next(exchange);
	}

}
