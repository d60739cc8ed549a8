package dev.workerstarter.websocket.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.workerstarter.internal.IsolatedEvents;
import dev.workerstarter.pool.JobTimeoutException;
import dev.workerstarter.pool.WorkDescription;
import dev.workerstarter.pool.WorkerPool;
import dev.workerstarter.pool.WorkerRejectedException;
import dev.workerstarter.websocket.WsEventExtractor;
import dev.workerstarter.websocket.WsHandlerExceptionEvent;
import dev.workerstarter.websocket.WsHeadersExtractor;
import dev.workerstarter.websocket.WsInputDataExtractor;
import dev.workerstarter.websocket.WsMessageConverter;
import dev.workerstarter.websocket.WsMessageHandler;
import dev.workerstarter.websocket.WsMessageReceivedEvent;

/**
 * Handles a received message: reads and routes it where it arrived (so that bad input
 * never takes a worker), then runs its handler as a job on a worker of the pool; answers
 * what it cannot handle with an error message.
 */
final class MessageDispatcher {

	private final WorkerPool pool;

	private final WsListeners listeners;

	private final WsMessageConverter converter;

	private final WsEventExtractor events;

	private final WsHeadersExtractor headers;

	private final WsInputDataExtractor inputData;

	private final JsonMapper mapper;

	private final DefaultWsServer server;

	private final WsMeters meters;

	private final IsolatedEvents publisher;

	private final String errorEvent;

	MessageDispatcher(WorkerPool pool, WsListeners listeners, WsFormat format, DefaultWsServer server, WsMeters meters,
			IsolatedEvents publisher, String errorEvent) {
		this.pool = pool;
		this.listeners = listeners;
		this.converter = format.converter();
		this.events = format.events();
		this.headers = format.headers();
		this.inputData = format.inputData();
		this.mapper = format.mapper();
		this.server = server;
		this.meters = meters;
		this.publisher = publisher;
		this.errorEvent = errorEvent;
	}

	/**
	 * Handles a message; never fails, so that the connection goes on.
	 * @param connection the connection that sent it
	 * @param text the message
	 * @return completes once the message is handled or answered with an error
	 */
	Mono<Void> dispatch(LocalConnection connection, String text) {
		long arrived = System.nanoTime();
		ReceivedMessage message;
		WsMessageHandler handler;
		WsMessageHandler bound;
		try {
			JsonNode tree = this.converter.read(text);
			if (tree == null) {
				return error(connection, ErrorCode.MALFORMED_MESSAGE, null);
			}
			String event = this.events.event(tree);
			if (event == null) {
				return error(connection, ErrorCode.MISSING_EVENT, null);
			}
			handler = this.listeners.handler(event);
			if (handler == null) {
				return error(connection, ErrorCode.UNKNOWN_EVENT, event);
			}
			message = new ReceivedMessage(connection.id(), event, this.headers.headers(tree),
					this.inputData.inputData(tree), this.mapper);
		}
		catch (RuntimeException ex) {
			return error(connection, ErrorCode.MALFORMED_MESSAGE, null);
		}
		try {
			bound = (handler instanceof ListenerMethod method) ? method.bind(message) : handler;
		}
		catch (RuntimeException ex) {
			return error(connection, ErrorCode.INVALID_INPUT, message.event());
		}
		return this.pool.run(new WorkDescription(WorkDescription.WEBSOCKET, message.event()), () -> {
			this.publisher.publish(new WsMessageReceivedEvent(this.server, message));
			try {
				bound.handle(this.server, message);
			}
			catch (Exception ex) {
				this.publisher.publish(new WsHandlerExceptionEvent(this.server, message, ex));
				throw ex;
			}
			return null;
		})
			.then(Mono.fromRunnable(() -> this.meters.handled(message.event(), "success", System.nanoTime() - arrived)))
			.onErrorResume((ex) -> {
				ErrorCode code = (ex instanceof WorkerRejectedException) ? ErrorCode.BUSY
						: (ex instanceof JobTimeoutException) ? ErrorCode.TIMEOUT : ErrorCode.HANDLER_ERROR;
				this.meters.handled(message.event(), code.code(), System.nanoTime() - arrived);
				return error(connection, code, message.event());
			})
			.then();
	}

	private Mono<Void> error(LocalConnection connection, ErrorCode code, @Nullable String event) {
		this.meters.error(code.code());
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("code", code.code());
		data.put("message", code.message());
		if (event != null) {
			data.put("event", event);
		}
		this.server.offer(connection, new Outbound(this.converter.write(this.errorEvent, data), this.errorEvent));
		return Mono.empty();
	}

}
