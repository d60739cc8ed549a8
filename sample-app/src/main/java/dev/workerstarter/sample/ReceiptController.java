package dev.workerstarter.sample;

import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.workerstarter.job.WorkerJobs;

/**
 * Asks for an order's receipt: the request only pushes a durable job to the
 * {@value ReceiptJobs#PIPELINE} pipeline and answers {@code 202 Accepted}; the job's
 * handler ({@link ReceiptJobs}) renders the receipt on a worker of the tasks pool and
 * sends it to the page's WebSocket connection.
 */
@RestController
public class ReceiptController {

	private final OrderRepository orders;

	private final WorkerJobs jobs;

	public ReceiptController(OrderRepository orders, WorkerJobs jobs) {
		this.orders = orders;
		this.jobs = jobs;
	}

	/**
	 * Pushes the job that renders an order's receipt and sends it to a connection.
	 * @param id the order's id
	 * @param request the connection the receipt goes to
	 * @return the job's id
	 */
	@PostMapping("/orders/{id}/receipt")
	@ResponseStatus(HttpStatus.ACCEPTED)
	public Mono<ReceiptRequested> request(@PathVariable long id, @RequestBody ReceiptRequest request) {
		if (!this.orders.existsById(id)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No order " + id);
		}
		return this.jobs.push(ReceiptJobs.PIPELINE, new ReceiptJobs.ReceiptJob(id, request.connection()))
			.map(ReceiptRequested::new);
	}

	/**
	 * What a page posts to get a receipt.
	 *
	 * @param connection the id of its WebSocket connection, from the {@code SUBSCRIBED}
	 * reply
	 */
	public record ReceiptRequest(String connection) {
	}

	/**
	 * The answer: the job that will send the receipt.
	 *
	 * @param job the job's id
	 */
	public record ReceiptRequested(String job) {
	}

}
