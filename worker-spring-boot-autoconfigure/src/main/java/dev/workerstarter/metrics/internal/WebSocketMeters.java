package dev.workerstarter.metrics.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import dev.workerstarter.internal.TagValues;
import dev.workerstarter.websocket.internal.DropReason;
import dev.workerstarter.websocket.internal.WsMeters;

/**
 * The WebSocket server's meters: messages handled by event and outcome (a timer, from
 * arrival to the end of the handler, waiting for a worker included), messages sent by
 * event, error messages by code, drops and limit closes by reason. The meters of an event
 * are looked up once.
 */
public final class WebSocketMeters implements WsMeters {

	private static final String SUCCESS = "success";

	// Relayed messages arrive encoded: their event is not known here.
	private static final String RELAYED = "relayed";

	private static final TagValues<DropReason> REASONS = new TagValues<>(DropReason.class);

	private final MeterRegistry registry;

	private final Map<String, Timer> handled = new ConcurrentHashMap<>();

	private final Map<String, Counter> sent = new ConcurrentHashMap<>();

	/**
	 * Creates the meters.
	 * @param registry where to register them
	 */
	public WebSocketMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void handled(String event, String outcome, long nanos) {
		Timer timer = SUCCESS.equals(outcome) ? this.handled.computeIfAbsent(event, (name) -> timer(name, SUCCESS))
				: timer(event, outcome);
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	private Timer timer(String event, String outcome) {
		return Timer.builder("worker.websocket.handler")
			.description("Messages received and handled, from arrival to the end of their handler")
			.tag("event", event)
			.tag("outcome", outcome)
			.register(this.registry);
	}

	@Override
	public void sent(@Nullable String event) {
		this.sent
			.computeIfAbsent((event != null) ? event : RELAYED,
					(name) -> Counter.builder("worker.websocket.messages.sent")
						.description("Messages put into the outbound buffers of this instance's connections")
						.tag("event", name)
						.register(this.registry))
			.increment();
	}

	@Override
	public void error(String code) {
		Counter.builder("worker.websocket.errors")
			.description("Error messages sent for messages that were not handled")
			.tag("code", code)
			.register(this.registry)
			.increment();
	}

	@Override
	public void dropped(DropReason reason) {
		Counter.builder("worker.websocket.dropped")
			.description("Messages not delivered, and connections closed by a limit, by reason")
			.tag("reason", REASONS.of(reason))
			.register(this.registry)
			.increment();
	}

}
