package dev.workerstarter.benchmarks.webflux;

import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/**
 * Maps the plain WebFlux WebSocket endpoint at {@value PlainWebSocketHandler#PATH}. It is
 * always there, with or without workers, and excluded from the workers (see
 * application.yml): a WebSocket handshake must not hold a worker for the connection's
 * life.
 */
@Configuration(proxyBeanMethods = false)
class PlainWebSocketConfiguration {

	@Bean
	PlainWebSocketHandler plainWebSocketHandler(JsonMapper json) {
		return new PlainWebSocketHandler(json);
	}

	@Bean
	SimpleUrlHandlerMapping plainWebSocketMapping(PlainWebSocketHandler handler) {
		return new SimpleUrlHandlerMapping(Map.of(PlainWebSocketHandler.PATH, handler), Ordered.HIGHEST_PRECEDENCE);
	}

}
