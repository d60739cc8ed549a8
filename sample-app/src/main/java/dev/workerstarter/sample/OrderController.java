package dev.workerstarter.sample;

import java.time.Duration;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.websocket.WsServer;

/**
 * Creates orders and tells the open pages about them over the WebSocket
 * ({@code worker.websocket.path}), in the two ways the server offers: a message queued
 * for every connection, and a publish to the pages that subscribed to the
 * {@value OrderSocketListener#CHANNEL} channel.
 */
@RestController
public class OrderController {

	/** Event of the message every connection gets for a new order. */
	public static final String ORDER_CREATED = "ORDER_CREATED";

	/** Event of the running count the subscribers of the orders channel get. */
	public static final String ORDER_COUNT = "ORDER_COUNT";

	private static final Duration QUEUE_TIMEOUT = Duration.ofSeconds(5);

	private final OrderRepository orders;

	private final WsServer server;

	public OrderController(OrderRepository orders, WsServer server) {
		this.orders = orders;
		this.server = server;
	}

	/**
	 * Creates an order, then notifies every open connection of it and publishes the new
	 * count to the orders channel. A blocking handler: it runs on the worker's thread.
	 * @param request the item and quantity
	 * @return the order
	 */
	@PostMapping("/orders")
	@ResponseStatus(HttpStatus.CREATED)
	public OrderView create(@RequestBody OrderRequest request) {
		OrderView order = OrderView.of(this.orders.save(new Order(request.item(), request.quantity())));
		// As the seed bundle does: a queued message waits in the message queue until the
		// instance that holds the connection takes it, so none is lost between instances.
		this.server.connections()
			.concatMap((connection) -> this.server.queue(connection.id(), ORDER_CREATED, order))
			.then()
			.block(QUEUE_TIMEOUT);
		this.server.publish(OrderSocketListener.CHANNEL, ORDER_COUNT, Map.of("count", this.orders.count()));
		return order;
	}

	/**
	 * What a client posts to create an order.
	 *
	 * @param item the item ordered
	 * @param quantity how many
	 */
	public record OrderRequest(String item, int quantity) {
	}

	/**
	 * An order as clients see it, in the response and in the WebSocket messages.
	 *
	 * @param id the order's id
	 * @param item the item ordered
	 * @param quantity how many
	 */
	public record OrderView(long id, String item, int quantity) {

		static OrderView of(Order order) {
			return new OrderView(order.getId(), order.getItem(), order.getQuantity());
		}

	}

}
