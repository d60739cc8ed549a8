package dev.workerstarter.benchmarks.micro;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.aop.scope.ScopedObject;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.workerstarter.kernel.WorkerScoped;
import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;

/**
 * One call through the scoped proxy of a {@code @WorkerScoped} bean while a job is bound
 * to the calling thread, against the same call on the worker's instance itself.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScopedProxyBenchmark {

	private MicroApplication application;

	private KernelJob job;

	private KernelJob previous;

	private Counter proxy;

	private Counter target;

	@Setup(Level.Trial)
	public void start() {
		this.application = new MicroApplication(App.class);
		this.job = this.application.startJob();
		this.proxy = this.application.bean(Counter.class);
	}

	// Bound per iteration, on the thread that runs it: the binding is a ThreadLocal.
	@Setup(Level.Iteration)
	public void bind() {
		this.previous = WorkerContextHolder.bind(this.job);
		this.target = (Counter) ((ScopedObject) this.proxy).getTargetObject();
		if (this.target == this.proxy || this.target.getClass() != Counter.class) {
			throw new IllegalStateException("Expected a scoped proxy, got " + this.proxy.getClass());
		}
	}

	@TearDown(Level.Iteration)
	public void unbind() {
		WorkerContextHolder.restore(this.previous);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.application.endJob();
		this.application.awaitIdle();
		this.application.close();
	}

	@Benchmark
	public int proxied() {
		return this.proxy.value();
	}

	@Benchmark
	public int direct() {
		return this.target.value();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		@WorkerScoped
		Counter counter() {
			return new Counter();
		}

	}

	/** A trivial worker-scoped bean. */
	public static class Counter {

		private int value = 42;

		public int value() {
			return this.value;
		}

	}

}
