package dev.workerstarter.support;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.kernel.WorkerScoped;

/**
 * Counts kernel destructions through a worker-scoped {@link Tracked} bean, and how many
 * of them overlapped: a test of one-at-a-time reboots expects never more than one at
 * once. Import {@link Beans} to declare both.
 */
public class DestroyCounter {

	private final AtomicInteger count = new AtomicInteger();

	private final AtomicInteger active = new AtomicInteger();

	private final AtomicInteger mostAtOnce = new AtomicInteger();

	public void reset() {
		this.count.set(0);
		this.mostAtOnce.set(0);
	}

	public int count() {
		return this.count.get();
	}

	public int mostAtOnce() {
		return this.mostAtOnce.get();
	}

	void destroying() throws InterruptedException {
		this.mostAtOnce.accumulateAndGet(this.active.incrementAndGet(), Math::max);
		// a slow close widens the window in which a second reboot would overlap
		Thread.sleep(20);
		this.count.incrementAndGet();
		this.active.decrementAndGet();
	}

	/**
	 * A bean to declare {@code @WorkerScoped}: tells the counter when its kernel destroys
	 * it.
	 */
	public static class Tracked {

		private final DestroyCounter counter;

		public Tracked(DestroyCounter counter) {
			this.counter = counter;
		}

		public String use() {
			return "ok";
		}

		@PreDestroy
		void close() throws InterruptedException {
			this.counter.destroying();
		}

	}

	/**
	 * Declares the counter and its worker-scoped {@link Tracked} bean.
	 */
	@Configuration(proxyBeanMethods = false)
	public static class Beans {

		@Bean
		DestroyCounter destroyCounter() {
			return new DestroyCounter();
		}

		@Bean
		@WorkerScoped
		Tracked trackedResource(DestroyCounter counter) {
			return new Tracked(counter);
		}

	}

}
