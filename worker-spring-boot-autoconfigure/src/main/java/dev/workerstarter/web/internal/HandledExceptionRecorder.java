package dev.workerstarter.web.internal;

import java.lang.reflect.Modifier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.support.ClassFilters;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationClassFilter;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;

/**
 * Records, on the current job, the exceptions that controllers throw or emit and those
 * that {@code @ExceptionHandler} methods turn into responses: WebFlux handles them before
 * they can reach the dispatching filter, yet they count for the reboot strategies and the
 * {@code WorkerExceptionEvent}. Proxies {@code @Controller} and {@code @ControllerAdvice}
 * beans whose class is not final.
 */
public final class HandledExceptionRecorder extends AbstractAdvisingBeanPostProcessor {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the post-processor.
	 */
	public HandledExceptionRecorder() {
		ClassFilter controllers = ClassFilters.union(new AnnotationClassFilter(Controller.class, true),
				new AnnotationClassFilter(ControllerAdvice.class, true));
		this.advisor = new DefaultPointcutAdvisor(new ComposablePointcut(controllers), new RecordingInterceptor());
		this.beforeExistingAdvisors = true;
		setProxyTargetClass(true);
	}

	@Override
	protected boolean isEligible(Class<?> targetClass) {
		return !Modifier.isFinal(targetClass.getModifiers()) && super.isEligible(targetClass);
	}

	private static final class RecordingInterceptor implements MethodInterceptor {

		@Override
		public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
			KernelJob job = WorkerContextHolder.get();
			if (job == null) {
				return invocation.proceed();
			}
			if (invocation.getMethod().isAnnotationPresent(ExceptionHandler.class)) {
				for (Object argument : invocation.getArguments()) {
					if (argument instanceof Throwable handled) {
						job.recordException(handled);
						break;
					}
				}
				return invocation.proceed();
			}
			Object result;
			try {
				result = invocation.proceed();
			}
			catch (Throwable ex) {
				job.recordException(ex);
				throw ex;
			}
			if (result instanceof Mono<?> mono) {
				return mono.doOnError(job::recordException);
			}
			if (result instanceof Flux<?> flux) {
				return flux.doOnError(job::recordException);
			}
			return result;
		}

	}

}
