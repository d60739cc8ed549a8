package dev.workerstarter.websocket;

import org.springframework.context.ApplicationEvent;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * Published when a connection closed, whoever closed it: the client, the server, a limit
 * (slow consumer, idle timeout) or the shutdown.
 */
public class WsConnectionClosedEvent extends ApplicationEvent {

	private final WsConnection connection;

	private final CloseStatus status;

	/**
	 * Creates an event.
	 * @param source the WebSocket server
	 * @param connection the connection
	 * @param status the close status
	 */
	public WsConnectionClosedEvent(Object source, WsConnection connection, CloseStatus status) {
		super(source);
		this.connection = connection;
		this.status = status;
	}

	/**
	 * Returns the connection.
	 * @return the connection
	 */
	public WsConnection connection() {
		return this.connection;
	}

	/**
	 * Returns the close status.
	 * @return the close status
	 */
	public CloseStatus status() {
		return this.status;
	}

	@Override
	public String toString() {
		return "WsConnectionClosedEvent[connection=" + this.connection + ", status=" + this.status + "]";
	}

}
