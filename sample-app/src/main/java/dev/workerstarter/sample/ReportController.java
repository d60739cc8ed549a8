package dev.workerstarter.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.pool.WorkerPools;

/**
 * The {@code reports} pool ({@code worker.pools.reports}): a request routed to it by its
 * path, and work a request of the default pool runs on it.
 */
@RestController
public class ReportController {

	private final ReceiptFormatter formatter;

	private final WorkerPools pools;

	public ReportController(ReceiptFormatter formatter, WorkerPools pools) {
		this.formatter = formatter;
		this.pools = pools;
	}

	/**
	 * A report: its path routes it to the reports pool.
	 * @param items the items to list
	 * @return the report, and where it ran
	 */
	@GetMapping("/reports/receipts")
	public Map<String, Object> report(@RequestParam(defaultValue = "coffee,tea") List<String> items) {
		Map<String, Object> body = where();
		body.put("receipts", items.stream().map((item) -> this.formatter.receipt(item, 1)).toList());
		return body;
	}

	/**
	 * Runs each receipt as a job on the reports pool, from a request of the default pool.
	 * @param items the items
	 * @return where each receipt was formatted
	 */
	@GetMapping("/receipts/batch")
	public Mono<List<Map<String, Object>>> batch(@RequestParam(defaultValue = "coffee,tea") List<String> items) {
		return Flux.fromIterable(items).concatMap((item) -> this.pools.pool("reports").run(() -> {
			Map<String, Object> receipt = where();
			receipt.put("receipt", this.formatter.receipt(item, 1));
			return receipt;
		})).collectList();
	}

	private static Map<String, Object> where() {
		WorkerContext worker = WorkerContext.current()
			.orElseThrow(() -> new IllegalStateException("not running on a worker"));
		Map<String, Object> where = new LinkedHashMap<>();
		where.put("pool", worker.poolName());
		where.put("workerId", worker.workerId());
		where.put("thread", Thread.currentThread().getName());
		return where;
	}

}
