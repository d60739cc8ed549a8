package dev.workerstarter.sample;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.websocket.WsListener;
import dev.workerstarter.websocket.WsMessage;
import dev.workerstarter.websocket.WsServer;

/**
 * Handles the messages the orders page sends over the WebSocket. Each message runs as a
 * job on a worker, like a request; what a method returns is the reply to the sender.
 */
@Component
public class OrderSocketListener {

	/** The channel of the pages that follow the orders. */
	public static final String CHANNEL = "orders";

	/**
	 * Answers {@code PING} with {@code PONG}, echoing the client's time so that it can
	 * measure the round trip, and naming the worker that handled it.
	 * @param ping the message's input data
	 * @return the reply
	 */
	@WsListener(value = "PING", reply = "PONG")
	public Pong ping(Ping ping) {
		return new Pong(ping.sentAt(), WorkerContext.current().map(WorkerContext::workerId).orElse(0));
	}

	/**
	 * Joins the sender to the {@value #CHANNEL} channel, answered with {@code SUBSCRIBED}
	 * and the connection's id, which the page gives {@code POST /orders/{id}/receipt} so
	 * that the receipt comes back to it.
	 * @param message the message
	 * @param server the server
	 * @return the reply
	 */
	@WsListener(value = "SUBSCRIBE", reply = "SUBSCRIBED")
	public Map<String, String> subscribe(WsMessage message, WsServer server) {
		server.join(message.connectionId(), CHANNEL);
		return Map.of("channel", CHANNEL, "connection", message.connectionId());
	}

	/**
	 * The input data of a {@code PING}.
	 *
	 * @param sentAt when the client sent it, in its own clock's milliseconds
	 */
	public record Ping(long sentAt) {
	}

	/**
	 * The reply to a {@code PING}.
	 *
	 * @param sentAt the client's time from the ping
	 * @param workerId the worker that handled it
	 */
	public record Pong(long sentAt, int workerId) {
	}

}
