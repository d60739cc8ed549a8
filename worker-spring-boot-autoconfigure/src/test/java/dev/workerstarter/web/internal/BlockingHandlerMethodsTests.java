package dev.workerstarter.web.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.http.ResponseEntity;
import org.springframework.web.method.HandlerMethod;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Controller methods block as WebFlux decides it, by their return type as their
 * controller class resolves it, and each is decided once.
 */
class BlockingHandlerMethodsTests {

	private final CountingRegistry registry = new CountingRegistry();

	private final AtomicInteger registryLookups = new AtomicInteger();

	private final BlockingHandlerMethods blocking = new BlockingHandlerMethods(() -> {
		this.registryLookups.incrementAndGet();
		return this.registry;
	});

	@Test
	void aMethodWhoseReturnTypeNoReactiveAdapterKnowsBlocks() {
		assertThat(this.blocking.test(method(new Controller(), "text"))).isTrue();
		assertThat(this.blocking.test(method(new Controller(), "nothing"))).isTrue();
		assertThat(this.blocking.test(method(new Controller(), "entity"))).isTrue();
	}

	@Test
	void aMethodReturningAReactiveTypeDoesNotBlock() {
		assertThat(this.blocking.test(method(new Controller(), "mono"))).isFalse();
		assertThat(this.blocking.test(method(new Controller(), "flux"))).isFalse();
		assertThat(this.blocking.test(method(new Controller(), "future"))).isFalse();
	}

	@Test
	void anInheritedGenericMethodIsDecidedForEachControllerClass() {
		assertThat(this.blocking.test(method(new ReactiveGreeting(), "greeting"))).isFalse();
		assertThat(this.blocking.test(method(new PlainGreeting(), "greeting"))).isTrue();
		assertThat(this.blocking.test(method(new ReactiveGreeting(), "greeting"))).isFalse();
	}

	@Test
	void eachMethodIsDecidedOnceWhateverTheRequestsHandlerMethodInstance() {
		for (int i = 0; i < 100; i++) {
			assertThat(this.blocking.test(method(new Controller(), "text"))).isTrue();
			assertThat(this.blocking.test(method(new Controller(), "mono"))).isFalse();
		}
		assertThat(this.registry.adapterLookups).as("one lookup per method").hasValue(2);
		assertThat(this.registryLookups).as("the registry found once").hasValue(1);
	}

	private static HandlerMethod method(Object controller, String name) {
		try {
			return new HandlerMethod(controller, controller.getClass().getMethod(name));
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static class CountingRegistry extends ReactiveAdapterRegistry {

		final AtomicInteger adapterLookups = new AtomicInteger();

		@Override
		public @Nullable ReactiveAdapter getAdapter(Class<?> reactiveType) {
			this.adapterLookups.incrementAndGet();
			return super.getAdapter(reactiveType);
		}

	}

	public static class Controller {

		public String text() {
			return "text";
		}

		public void nothing() {
		}

		public ResponseEntity<String> entity() {
			return ResponseEntity.ok("entity");
		}

		public Mono<String> mono() {
			return Mono.just("mono");
		}

		public Flux<String> flux() {
			return Flux.just("flux");
		}

		public CompletableFuture<String> future() {
			return CompletableFuture.completedFuture("future");
		}

	}

	// One method for both subclasses, whose return type each resolves its own way.
	public static class Greeting<T> {

		private final T greeting;

		Greeting(T greeting) {
			this.greeting = greeting;
		}

		public T greeting() {
			return this.greeting;
		}

	}

	public static class ReactiveGreeting extends Greeting<Mono<String>> {

		ReactiveGreeting() {
			super(Mono.just("hello"));
		}

	}

	public static class PlainGreeting extends Greeting<String> {

		PlainGreeting() {
			super("hello");
		}

	}

}
