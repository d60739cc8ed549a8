package dev.workerstarter.websocket;

import org.springframework.context.ApplicationEvent;

/**
 * Published once the WebSocket server takes connections on this instance: its endpoint is
 * mapped and its storage and relay are up.
 */
public class WsServerStartedEvent extends ApplicationEvent {

	private final String path;

	private final String instanceId;

	/**
	 * Creates an event.
	 * @param source the WebSocket server
	 * @param path the path of the endpoint
	 * @param instanceId the id of this instance in the cluster
	 */
	public WsServerStartedEvent(Object source, String path, String instanceId) {
		super(source);
		this.path = path;
		this.instanceId = instanceId;
	}

	/**
	 * Returns the path of the endpoint.
	 * @return the path of the endpoint
	 */
	public String path() {
		return this.path;
	}

	/**
	 * Returns the id of this instance in the cluster.
	 * @return the id of this instance in the cluster
	 */
	public String instanceId() {
		return this.instanceId;
	}

	@Override
	public String toString() {
		return "WsServerStartedEvent[path=" + this.path + ", instanceId=" + this.instanceId + "]";
	}

}
