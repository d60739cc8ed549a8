package dev.workerstarter.sample;

import java.util.Map;

import org.springframework.stereotype.Component;

import dev.workerstarter.job.JobListener;
import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.websocket.WsServer;

/**
 * Handles the jobs of the {@value #PIPELINE} pipeline, each on a worker of the tasks pool
 * with that worker's own {@link ReceiptFormatter}: renders the receipt and sends it to
 * the connection that asked for it. A job whose handler throws is retried with backoff,
 * then dead-lettered ({@code GET /actuator/workerjobs/receipts} shows both).
 */
@Component
public class ReceiptJobs {

	/** The pipeline of receipt jobs ({@code worker.jobs.pipelines.receipts}). */
	public static final String PIPELINE = "receipts";

	/** Event of the message that carries a receipt to the page. */
	public static final String RECEIPT_READY = "RECEIPT_READY";

	private final OrderRepository orders;

	private final ReceiptFormatter formatter;

	private final WsServer server;

	public ReceiptJobs(OrderRepository orders, ReceiptFormatter formatter, WsServer server) {
		this.orders = orders;
		this.formatter = formatter;
		this.server = server;
	}

	/**
	 * Renders a receipt and sends it to the page.
	 * @param job the order and the connection
	 */
	@JobListener(PIPELINE)
	public void render(ReceiptJob job) {
		Order order = this.orders.findById(job.orderId())
			.orElseThrow(() -> new IllegalStateException("No order " + job.orderId()));
		String receipt = this.formatter.receipt(order.getItem(), order.getQuantity());
		int workerId = WorkerContext.current().map(WorkerContext::workerId).orElse(0);
		this.server.send(job.connection(), RECEIPT_READY,
				Map.of("orderId", order.getId(), "receipt", receipt, "workerId", workerId));
	}

	/**
	 * The payload of a receipt job.
	 *
	 * @param orderId the order
	 * @param connection the WebSocket connection the receipt goes to
	 */
	public record ReceiptJob(long orderId, String connection) {
	}

}
