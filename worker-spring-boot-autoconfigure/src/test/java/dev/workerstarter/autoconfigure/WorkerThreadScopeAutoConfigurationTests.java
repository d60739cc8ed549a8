package dev.workerstarter.autoconfigure;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.scope.ScopedObject;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.kernel.WorkerContext;
import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.kernel.internal.WorkerScope;
import dev.workerstarter.kernel.internal.WorkerThreadScope;
import dev.workerstarter.pool.WorkerPool;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code worker.enabled=false} the {@code worker} scope holds one instance per
 * thread, so an application with worker-scoped beans still starts and no instance is
 * shared by threads.
 */
@ExtendWith(OutputCaptureExtension.class)
class WorkerThreadScopeAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(WorkerAutoConfiguration.class, WorkerThreadScopeAutoConfiguration.class))
		.withUserConfiguration(ScopedConfiguration.class);

	@Test
	void startsWithWorkerScopedBeansWhenThePoolIsOff() {
		this.runner.withPropertyValues("worker.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(WorkerPool.class);
			assertThat(context.getBeanFactory().getRegisteredScope(WorkerScope.NAME))
				.isInstanceOf(WorkerThreadScope.class);
			assertThat(context.getBean(ScopedConfiguration.class).created).as("created lazily, at first use")
				.hasValue(0);
		});
	}

	@Test
	void theProxyResolvesToOneInstancePerThread() {
		this.runner.withPropertyValues("worker.enabled=false").run((context) -> {
			Consumer consumer = context.getBean(Consumer.class);
			assertThat(consumer.thing).isInstanceOf(ScopedObject.class);
			Thing here = consumer.target();
			assertThat(consumer.thing.use()).isEqualTo("used 1");
			assertThat(consumer.thing.use()).isEqualTo("used 2");
			assertThat(consumer.target()).as("same thread, same instance").isSameAs(here);
			assertThat(WorkerContext.current()).isEmpty();
			Thing first = onNewThread(consumer::target);
			Thing second = onNewThread(consumer::target);
			assertThat(first).as("another thread, another instance").isNotSameAs(here).isNotSameAs(second);
			assertThat(second).isNotSameAs(here);
			assertThat(onNewThread(() -> consumer.thing.use())).as("a thread's own instance").isEqualTo("used 1");
			assertThat(context.getBean(ScopedConfiguration.class).created).hasValue(4);
			assertThat(onNewThread(() -> WorkerContext.current().isPresent())).isFalse();
		});
	}

	@Test
	void aRemovedInstanceIsReplacedOnTheNextUse() {
		this.runner.withPropertyValues("worker.enabled=false").run((context) -> {
			Consumer consumer = context.getBean(Consumer.class);
			Thing before = consumer.target();
			((ScopedObject) consumer.thing).removeFromScope();
			assertThat(consumer.target()).isNotSameAs(before);
		});
	}

	@Test
	void destroyMethodsDoNotRunAndTheLogSaysSoOnce(CapturedOutput output) {
		AtomicInteger destroyed = new AtomicInteger();
		this.runner.withPropertyValues("worker.enabled=false")
			.withBean(AtomicInteger.class, () -> destroyed)
			.withUserConfiguration(ClosableConfiguration.class)
			.run((context) -> {
				Closable closable = context.getBean("closable", Closable.class);
				closable.use();
				onNewThread(closable::use);
				onNewThread(closable::use);
			});
		assertThat(destroyed).hasValue(0);
		String notice = "are not destroyed while worker.enabled=false";
		assertThat(output.getOut().split(notice, -1)).as("logged once").hasSize(2);
		assertThat(output).contains("'scopedTarget.closable'");
	}

	@Test
	void appliesOutsideReactiveWebApplicationsToo() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(WorkerThreadScopeAutoConfiguration.class))
			.withUserConfiguration(ScopedConfiguration.class)
			.withPropertyValues("worker.enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(Consumer.class).thing.use()).isEqualTo("used 1");
			});
	}

	@Test
	void backsOffWhileThePoolIsOn() {
		this.runner.withPropertyValues("worker.pool.size=1").run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(WorkerPool.class);
			assertThat(context.getBeanFactory().getRegisteredScope(WorkerScope.NAME)).isInstanceOf(WorkerScope.class);
		});
		this.runner.withPropertyValues("worker.enabled=true", "worker.pool.size=1")
			.run((context) -> assertThat(context.getBeanFactory().getRegisteredScope(WorkerScope.NAME))
				.isInstanceOf(WorkerScope.class));
	}

	private static <T> T onNewThread(Supplier<T> task) throws Exception {
		ExecutorService thread = Executors.newSingleThreadExecutor();
		try {
			return thread.submit(task::get).get(10, TimeUnit.SECONDS);
		}
		finally {
			thread.shutdownNow();
		}
	}

	static class Thing {

		private int uses;

		String use() {
			this.uses++;
			return "used " + this.uses;
		}

	}

	static class Consumer {

		final Thing thing;

		Consumer(Thing thing) {
			this.thing = thing;
		}

		Thing target() {
			return (Thing) ((ScopedObject) this.thing).getTargetObject();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ScopedConfiguration {

		final AtomicInteger created = new AtomicInteger();

		@Bean
		@WorkerScoped
		Thing thing() {
			this.created.incrementAndGet();
			return new Thing();
		}

		@Bean
		Consumer consumer(Thing thing) {
			return new Consumer(thing);
		}

	}

	static class Closable {

		private final AtomicInteger destroyed;

		Closable(AtomicInteger destroyed) {
			this.destroyed = destroyed;
		}

		String use() {
			return "ok";
		}

		@PreDestroy
		void close() {
			this.destroyed.incrementAndGet();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClosableConfiguration {

		@Bean
		@WorkerScoped
		Closable closable(AtomicInteger destroyed) {
			return new Closable(destroyed);
		}

	}

}
