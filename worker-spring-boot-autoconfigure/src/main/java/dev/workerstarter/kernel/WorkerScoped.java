package dev.workerstarter.kernel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Scope;
import org.springframework.context.annotation.ScopedProxyMode;
import org.springframework.core.annotation.AliasFor;

import dev.workerstarter.kernel.internal.WorkerScope;
import dev.workerstarter.kernel.internal.WorkerThreadScope;

/**
 * Marks a {@code @Component} class or {@code @Bean} method as <em>worker-scoped</em>:
 * each worker kernel holds its own instance, created when the kernel boots and destroyed
 * (with {@code @PreDestroy}) when it reboots. Other beans receive a class-based scoped
 * proxy that resolves to the instance of the worker handling the current request, so a
 * worker-scoped bean is never used by two requests at once and may be stateful and
 * non-thread-safe.
 * <p>
 * With the pool off ({@code worker.enabled=false}) each thread holds its own instance
 * instead ({@link WorkerThreadScope}): still never used by two threads at once, but
 * shared by the requests that run on that thread, never reset and never destroyed.
 *
 * @see WorkerResettable
 * @see WorkerContext
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Scope(WorkerScope.NAME)
public @interface WorkerScoped {

	/**
	 * How the bean is exposed to non-worker-scoped beans. Defaults to a class-based
	 * proxy.
	 * @return the proxy mode
	 */
	@AliasFor(annotation = Scope.class)
	ScopedProxyMode proxyMode() default ScopedProxyMode.TARGET_CLASS;

}
