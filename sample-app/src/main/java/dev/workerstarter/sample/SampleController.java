package dev.workerstarter.sample;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.metrics.WorkerMetrics;

/**
 * Plain (non-reactive) handlers: they run on the thread of the worker handling the
 * request.
 */
@RestController
public class SampleController {

	// Label values stay few: anything else is counted as "other".
	private static final Set<String> PRICED_ITEMS = Set.of("coffee", "tea", "bagel");

	private final ReceiptFormatter formatter;

	private final WorkerMetrics metrics;

	public SampleController(ReceiptFormatter formatter, WorkerMetrics metrics) {
		this.formatter = formatter;
		this.metrics = metrics;
	}

	/**
	 * Tells which worker, job, formatter instance and thread handled the request.
	 * @return the details
	 */
	@GetMapping("/whoami")
	public Map<String, Object> whoami() {
		WorkerContext worker = WorkerContext.current()
			.orElseThrow(() -> new IllegalStateException("not running on a worker"));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("workerId", worker.workerId());
		body.put("jobNumber", worker.jobNumber());
		body.put("formatterInstanceId", this.formatter.instanceId());
		body.put("thread", Thread.currentThread().getName());
		return body;
	}

	/**
	 * Formats a receipt with the worker's own formatter.
	 * @param item the item bought
	 * @param qty how many
	 * @return the receipt text
	 */
	@GetMapping("/receipt")
	public String receipt(@RequestParam(defaultValue = "coffee") String item,
			@RequestParam(defaultValue = "1") int qty) {
		String receipt = this.formatter.receipt(item, qty);
		this.metrics.add("receipts", 1, PRICED_ITEMS.contains(item) ? item : "other");
		this.metrics.observe("receipt_quantity", qty);
		return receipt;
	}

	/**
	 * Fails: the client gets a 500, and the {@code on_exception} strategy reboots the
	 * worker's kernel.
	 * @return never
	 */
	@GetMapping("/boom")
	public String boom() {
		throw new IllegalStateException("Boom! This worker's kernel will be rebooted.");
	}

}
