package dev.workerstarter.actuate;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.workerstarter.websocket.internal.WsRuntime;

/**
 * {@link HealthIndicator} of the WebSocket server: {@link Status#UP} while it runs,
 * {@link Status#OUT_OF_SERVICE} before it started and once it closed its connections on
 * shutdown. Its details are this instance's id in the cluster, its open connections and
 * the messages waiting in their outbound buffers.
 */
public class WebSocketHealthIndicator extends AbstractHealthIndicator {

	private final WsRuntime runtime;

	/**
	 * Creates the indicator.
	 * @param runtime the server to check
	 */
	public WebSocketHealthIndicator(WsRuntime runtime) {
		super("WebSocket server health check failed");
		this.runtime = runtime;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.runtime.isRunning()) {
			builder.up();
		}
		else {
			builder.outOfService();
		}
		builder.withDetail("instance", this.runtime.server().instanceId())
			.withDetail("connections", this.runtime.server().localConnectionCount())
			.withDetail("outboundQueued", this.runtime.outboundPending());
	}

}
