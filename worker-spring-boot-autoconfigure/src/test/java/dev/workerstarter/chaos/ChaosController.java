package dev.workerstarter.chaos;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.MDC;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.workerstarter.kernel.WorkerContext;

/**
 * The handlers of every {@link ChaosKind}. Each holds the worker-scoped
 * {@link ChaosLedger} while it runs, and answers with a body naming its request, so that
 * a mixed-up answer shows.
 */
@SuppressWarnings("try") // a lease marks its handler in use for as long as the block runs
@RestController
class ChaosController {

	/** How long the handlers whose client goes away take. */
	static final Duration SLOW = Duration.ofMillis(150);

	private final ChaosLedger ledger;

	private final ChaosStats stats;

	private final Duration stuckFor;

	ChaosController(ChaosLedger ledger, ChaosStats stats) {
		this.ledger = ledger;
		this.stats = stats;
		this.stuckFor = ChaosIntegrationTests.EXEC_TTL.multipliedBy(2);
	}

	@GetMapping("/chaos/reactive")
	Mono<String> reactive(@RequestParam long i) {
		Mono<String> answer = Mono.fromSupplier(() -> "r" + i);
		if (i % 3 == 0) {
			answer = answer.publishOn(Schedulers.parallel());
		}
		return ledger().around(answer);
	}

	@GetMapping("/chaos/blocking")
	String blocking(@RequestParam long i) {
		try (ChaosLedger.Lease lease = ledger().enter()) {
			return "b" + i;
		}
	}

	@PostMapping("/chaos/echo-reactive")
	Mono<String> echoReactive(@RequestParam long i, @RequestBody Mono<String> body) {
		return ledger().around(body.map((text) -> "e" + i + ":" + text.length()));
	}

	@PostMapping("/chaos/echo-blocking")
	String echoBlocking(@RequestParam long i, @RequestBody String body) {
		try (ChaosLedger.Lease lease = ledger().enter()) {
			return "e" + i + ":" + body.length();
		}
	}

	@GetMapping("/chaos/reboot")
	String reboot(@RequestParam long i) {
		try (ChaosLedger.Lease lease = ledger().enter()) {
			WorkerContext.current().ifPresent(WorkerContext::requestKernelReboot);
			return "f" + i;
		}
	}

	@GetMapping("/chaos/fail-reactive")
	Mono<String> failReactive(@RequestParam long i) {
		return ledger().around(Mono.error(new IllegalStateException("chaos: failed on purpose " + i)));
	}

	@GetMapping("/chaos/fail-blocking")
	String failBlocking(@RequestParam long i) {
		try (ChaosLedger.Lease lease = ledger().enter()) {
			throw new IllegalStateException("chaos: failed on purpose " + i);
		}
	}

	@GetMapping("/chaos/handled")
	String handled(@RequestParam long i) {
		try (ChaosLedger.Lease lease = ledger().enter()) {
			throw new HandledException(i);
		}
	}

	@ExceptionHandler
	ResponseEntity<String> onHandled(HandledException ex) {
		return ResponseEntity.status(422).body("handled " + ex.index);
	}

	@GetMapping("/chaos/allowed")
	Mono<String> allowed(@RequestParam long i) {
		return ledger().around(Mono.error(new ResponseStatusException(HttpStatus.CONFLICT, "chaos: allowed " + i)));
	}

	@GetMapping("/chaos/slow-reactive")
	Mono<String> slowReactive(@RequestParam long i) {
		return ledger().around(Mono.delay(SLOW).thenReturn("s" + i));
	}

	@GetMapping("/chaos/slow-blocking")
	String slowBlocking(@RequestParam long i) {
		try (ChaosLedger.Lease lease = ledger().enter()) {
			long deadline = System.nanoTime() + SLOW.toNanos();
			long remaining;
			while ((remaining = deadline - System.nanoTime()) > 0 && !Thread.currentThread().isInterrupted()) {
				LockSupport.parkNanos(remaining);
			}
			return "s" + i;
		}
	}

	@GetMapping("/chaos/never")
	Mono<String> never() {
		return ledger().around(Mono.never());
	}

	/**
	 * Hangs past the exec TTL, ignoring interrupts, and ends by itself at twice the TTL.
	 */
	@GetMapping("/chaos/stuck")
	String stuck(@RequestParam long i) {
		this.stats.stuckInside.incrementAndGet();
		try (ChaosLedger.Lease lease = ledger().enter()) {
			long deadline = System.nanoTime() + this.stuckFor.toNanos();
			long remaining;
			while ((remaining = deadline - System.nanoTime()) > 0) {
				LockSupport.parkNanos(remaining);
				if (Thread.interrupted()) {
					this.stats.stuckInterrupts.increment();
				}
			}
			return "x" + i;
		}
		finally {
			this.stats.stuckInside.decrementAndGet();
		}
	}

	/**
	 * On an excluded path, so on the event loop: tells whether anything of a job is still
	 * bound to the thread.
	 */
	@GetMapping("/chaos/probe")
	Mono<String> probe() {
		return Mono.just(probeState());
	}

	static String probeState() {
		TreeSet<String> keys = new TreeSet<>();
		Map<String, String> mdc = MDC.getCopyOfContextMap();
		if (mdc != null) {
			mdc.keySet().stream().filter(ChaosController::isJobKey).forEach(keys::add);
		}
		return "thread=" + Thread.currentThread().getName() + ";context=" + WorkerContext.current().isPresent()
				+ ";mdc=" + keys + ";binding=" + ChaosHooks.ThrowingBindings.bound();
	}

	private static boolean isJobKey(String key) {
		String lower = key.toLowerCase();
		return lower.contains("worker") || lower.contains("job");
	}

	// Resolves the worker-scoped instance on the job's thread, checking the worker is
	// bound.
	private ChaosLedger ledger() {
		Optional<WorkerContext> context = WorkerContext.current();
		if (context.isEmpty()) {
			this.stats.handlersWithoutContext.increment();
		}
		ChaosLedger ledger = this.ledger.self();
		if (context.isPresent() && ledger.workerId() > 0 && ledger.workerId() != context.get().workerId()) {
			this.stats.foreignInstances.increment();
		}
		return ledger;
	}

	static final class HandledException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		final long index;

		HandledException(long index) {
			super("chaos: handled " + index);
			this.index = index;
		}

	}

}
