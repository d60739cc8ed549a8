package dev.workerstarter.sample;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.workerstarter.kernel.WorkerResettable;
import dev.workerstarter.kernel.WorkerScoped;

/**
 * Builds a receipt in one reused {@link StringBuilder}: deliberately not thread-safe, and
 * stateful between calls. Shared by concurrent requests it would interleave their lines;
 * as a {@link WorkerScoped} bean each worker kernel has its own instance, used by one
 * request at a time, and {@link #reset()} clears it after every request.
 */
@Component
@WorkerScoped
public class ReceiptFormatter implements WorkerResettable {

	private static final Logger logger = LoggerFactory.getLogger(ReceiptFormatter.class);

	private static final AtomicInteger created = new AtomicInteger();

	private static final Map<String, Integer> PRICES_IN_CENTS = Map.of("coffee", 250, "tea", 180, "bagel", 310);

	private static final int DEFAULT_PRICE_IN_CENTS = 100;

	private final StringBuilder text = new StringBuilder(128);

	private final int instanceId;

	public ReceiptFormatter() {
		this.instanceId = created.incrementAndGet();
		logger.info("ReceiptFormatter #{} created on {}", this.instanceId, Thread.currentThread().getName());
	}

	/**
	 * Returns the receipt of one line.
	 * @param item the item bought
	 * @param quantity how many
	 * @return the receipt text
	 */
	public String receipt(String item, int quantity) {
		int unit = PRICES_IN_CENTS.getOrDefault(item.toLowerCase(Locale.ROOT), DEFAULT_PRICE_IN_CENTS);
		header();
		line(item, quantity, unit);
		total(quantity * unit);
		return this.text.toString();
	}

	private void header() {
		this.text.append("RECEIPT\n");
	}

	private void line(String item, int quantity, int unitInCents) {
		this.text.append(quantity).append(" x ").append(item).append(" @ ").append(money(unitInCents)).append('\n');
	}

	private void total(int totalInCents) {
		this.text.append("TOTAL ").append(money(totalInCents)).append('\n');
	}

	private static String money(int cents) {
		return (cents / 100) + "." + String.format(Locale.ROOT, "%02d", cents % 100);
	}

	/**
	 * Clears the builder after each request; without it the next receipt would start with
	 * this one.
	 */
	@Override
	public void reset() {
		this.text.setLength(0);
	}

	/**
	 * Returns this instance's id, unique in the JVM, counting from {@code 1}.
	 * @return the instance id
	 */
	public int instanceId() {
		return this.instanceId;
	}

	/**
	 * Returns how many formatters were created so far (one per kernel boot).
	 * @return the number of instances created
	 */
	public static int createdInstances() {
		return created.get();
	}

	@PreDestroy
	void destroyed() {
		logger.info("ReceiptFormatter #{} destroyed", this.instanceId);
	}

}
