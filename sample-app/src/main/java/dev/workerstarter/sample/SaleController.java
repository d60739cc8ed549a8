package dev.workerstarter.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityTransaction;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.kernel.WorkerContext;

/**
 * Records and reads sales with the worker's own {@link EntityManager}, in blocking
 * handlers that run on the worker's thread.
 */
@RestController
public class SaleController {

	private final EntityManager entityManager;

	private final SaleRepository sales;

	// Qualified: the entity manager factory also offers Spring's shared EntityManager, as
	// primary.
	public SaleController(@Qualifier("workerEntityManager") EntityManager entityManager, SaleRepository sales) {
		this.entityManager = entityManager;
		this.sales = sales;
	}

	/**
	 * Records a sale.
	 * @param item the item sold
	 * @param qty how many
	 * @return the sale and the worker that recorded it
	 */
	@PostMapping("/sales")
	public Map<String, Object> record(@RequestParam String item, @RequestParam(defaultValue = "1") int qty) {
		EntityTransaction transaction = this.entityManager.getTransaction();
		transaction.begin();
		Sale sale = new Sale(item, qty);
		this.entityManager.persist(sale);
		transaction.commit();
		return describe(sale);
	}

	/**
	 * Reads a sale.
	 * @param id the sale's id
	 * @return the sale and the worker that read it, or 404
	 */
	@GetMapping("/sales/{id}")
	public ResponseEntity<Map<String, Object>> find(@PathVariable long id) {
		Sale sale = this.entityManager.find(Sale.class, id);
		return (sale != null) ? ResponseEntity.ok(describe(sale)) : ResponseEntity.notFound().build();
	}

	/**
	 * Counts the sales, through the Spring Data repository.
	 * @return the number of sales
	 */
	@GetMapping("/sales/count")
	public long count() {
		return this.sales.count();
	}

	private static Map<String, Object> describe(Sale sale) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", sale.getId());
		body.put("item", sale.getItem());
		body.put("quantity", sale.getQuantity());
		body.put("workerId", WorkerContext.current().map(WorkerContext::workerId).orElse(0));
		return body;
	}

}
