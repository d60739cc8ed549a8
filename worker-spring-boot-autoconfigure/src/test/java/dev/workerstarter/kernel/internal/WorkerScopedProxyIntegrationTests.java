package dev.workerstarter.kernel.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PostConstruct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.ScopeNotActiveException;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.cglib.proxy.Factory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerResettable;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.support.PoolClient;
import dev.workerstarter.support.PoolClientExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The proxies of worker-scoped beans go straight to the bound kernel's instance, record
 * the jobs that use resettable beans, and still behave as Spring's scoped proxies.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "worker.pool.size=2")
@ExtendWith(PoolClientExtension.class)
class WorkerScopedProxyIntegrationTests {

	@Autowired
	Tally tally;

	@Autowired
	Greeter greeter;

	@Autowired
	Counters counters;

	@Autowired
	ConfigurableListableBeanFactory beanFactory;

	@Test
	void classAndInterfaceProxiesUseTheKernelTargetSource() {
		assertThat(AopUtils.isCglibProxy(this.tally)).isTrue();
		assertThat(AopUtils.isJdkDynamicProxy(this.greeter)).isTrue();
		for (Object proxy : List.of(this.tally, this.greeter)) {
			assertThat(((Advised) proxy).getTargetSource()).isInstanceOf(WorkerScopedTargetSource.class);
			assertThat(proxy).isInstanceOf(ScopedObject.class).isInstanceOf(AopInfrastructureBean.class);
		}
		assertThat(((Factory) this.tally).getCallbacks()).as("the class proxy calls its target directly")
			.hasAtLeastOneElementOfType(DirectTargetInterceptor.class);
		assertThat(this.beanFactory.getBeanDefinition("scopedTarget.tally").getScope()).isEqualTo(WorkerScope.NAME);
		assertThat(this.beanFactory.getBeanDefinition("scopedTarget.greeter").getScope()).isEqualTo(WorkerScope.NAME);
	}

	@Test
	void everyRequestReachesTheInstancesOfTheWorkerHandlingIt(PoolClient client) {
		List<String> replies = Flux.range(0, 60)
			.flatMap((i) -> client.web().get().uri("/owners").retrieve().bodyToMono(String.class), 8)
			.collectList()
			.block(Duration.ofSeconds(20));
		assertThat(replies).hasSize(60).allSatisfy((reply) -> {
			String[] workers = reply.split(";");
			assertThat(workers).hasSize(3).containsOnly(workers[0]);
		});
		assertThat(replies).extracting((reply) -> reply.split(";")[0]).containsOnly("1", "2");
	}

	@Test
	void resettableBeansUsedThroughTheProxyAreResetAfterTheJob(PoolClient client) {
		int before = this.counters.resets.get();
		assertThat(client.get("/count").getBody()).isEqualTo("1");
		assertThat(client.get("/count").getBody()).isEqualTo("1");
		assertThat(client.get("/untouched").getBody()).isEqualTo("untouched");
		assertThat(this.counters.resets.get()).isEqualTo(before + 2);
	}

	@Test
	void anInstanceRemovedFromTheKernelIsCreatedAgainOnItsNextUse(PoolClient client) {
		int before = this.counters.resets.get();
		String[] ids = client.get("/recreate").getBody().split(";");
		assertThat(ids[1]).isNotEqualTo(ids[0]);
		assertThat(ids[2]).as("the proxy's target after the removal").isEqualTo(ids[1]);
		assertThat(this.counters.resets.get()).as("the new instance, used by the job, was reset").isEqualTo(before + 1);
	}

	@Test
	void callsThroughTheClassProxyBehaveAsThroughSpringsProxy(PoolClient client) {
		assertThat(client.get("/calls").getBody())
			.isEqualTo("self is the proxy;protected 7;unchecked tally failed;checked java.io.IOException tally failed");
	}

	@Test
	void usingAProxyOutsideAWorkerFailsWithTheWorkerScopeMessage() {
		assertThatExceptionOfType(ScopeNotActiveException.class).isThrownBy(this.tally::count)
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageContaining("Worker-scoped bean 'scopedTarget.tally' used outside a worker");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import(ProxyController.class)
	static class App {

		@Bean
		Counters counters() {
			return new Counters();
		}

		@Bean
		@WorkerScoped
		Tally tally(Counters counters) {
			return new Tally(counters);
		}

		@Bean
		@WorkerScoped(proxyMode = ScopedProxyMode.INTERFACES)
		Greeter greeter() {
			return new OwnedGreeter();
		}

	}

	static class Counters {

		final AtomicInteger ids = new AtomicInteger();

		final AtomicInteger resets = new AtomicInteger();

	}

	/** Counts its uses within a job; knows the worker that created it. */
	static class Tally implements WorkerResettable {

		private final Counters counters;

		private final int id;

		private int owner;

		private int count;

		Tally(Counters counters) {
			this.counters = counters;
			this.id = counters.ids.incrementAndGet();
		}

		@PostConstruct
		void created() {
			this.owner = WorkerContext.current().orElseThrow().workerId();
		}

		int id() {
			return this.id;
		}

		int owner() {
			return this.owner;
		}

		int count() {
			return ++this.count;
		}

		Tally self() {
			return this;
		}

		protected int seven() {
			return 7;
		}

		void fail() {
			throw new IllegalStateException("tally failed");
		}

		void failChecked() throws IOException {
			throw new IOException("tally failed");
		}

		@Override
		public void reset() {
			this.count = 0;
			this.counters.resets.incrementAndGet();
		}

	}

	interface Greeter {

		int owner();

	}

	static class OwnedGreeter implements Greeter {

		private final int owner = WorkerContext.current().orElseThrow().workerId();

		@Override
		public int owner() {
			return this.owner;
		}

	}

	@RestController
	static class ProxyController {

		private final Tally tally;

		private final Greeter greeter;

		ProxyController(Tally tally, Greeter greeter) {
			this.tally = tally;
			this.greeter = greeter;
		}

		@GetMapping("/owners")
		String owners() throws InterruptedException {
			Thread.sleep(1);
			return WorkerContext.current().orElseThrow().workerId() + ";" + this.tally.owner() + ";"
					+ this.greeter.owner();
		}

		@GetMapping("/count")
		String count() {
			return Integer.toString(this.tally.count());
		}

		@GetMapping("/untouched")
		String untouched() {
			return "untouched";
		}

		@GetMapping("/calls")
		String calls() {
			String self = (this.tally.self() == this.tally) ? "self is the proxy" : "self is the target";
			String unchecked;
			try {
				this.tally.fail();
				unchecked = "no exception";
			}
			catch (IllegalStateException ex) {
				unchecked = "unchecked " + ex.getMessage();
			}
			String checked;
			try {
				this.tally.failChecked();
				checked = "no exception";
			}
			catch (IOException ex) {
				checked = "checked " + ex.getClass().getName() + " " + ex.getMessage();
			}
			return self + ";protected " + this.tally.seven() + ";" + unchecked + ";" + checked;
		}

		@GetMapping("/recreate")
		String recreate() {
			int before = this.tally.id();
			((ScopedObject) this.tally).removeFromScope();
			int after = this.tally.id();
			Tally target = (Tally) ((ScopedObject) this.tally).getTargetObject();
			return before + ";" + after + ";" + target.id();
		}

	}

}
