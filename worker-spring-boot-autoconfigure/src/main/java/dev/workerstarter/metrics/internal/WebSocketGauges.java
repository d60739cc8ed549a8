package dev.workerstarter.metrics.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.workerstarter.websocket.internal.WsRuntime;

/**
 * The WebSocket server's gauges, read when the registry is scraped: the connections open
 * on this instance and the messages waiting in their outbound buffers.
 */
public final class WebSocketGauges implements MeterBinder {

	private final WsRuntime runtime;

	/**
	 * Creates the gauges.
	 * @param runtime the server whose connections they read
	 */
	public WebSocketGauges(WsRuntime runtime) {
		this.runtime = runtime;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge
			.builder("worker.websocket.connections", this.runtime, (runtime) -> runtime.server().localConnectionCount())
			.description("WebSocket connections open on this instance")
			.register(registry);
		Gauge.builder("worker.websocket.outbound.queued", this.runtime, WsRuntime::outboundPending)
			.description("Messages waiting in the outbound buffers of this instance's WebSocket connections")
			.register(registry);
	}

}
