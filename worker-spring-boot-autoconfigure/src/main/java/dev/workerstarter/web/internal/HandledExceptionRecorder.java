package dev.workerstarter.web.internal;

import java.lang.reflect.Modifier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.Pointcut;
import org.springframework.aop.framework.AbstractAdvisingBeanPostProcessor;
import org.springframework.aop.support.ClassFilters;
import org.springframework.aop.support.ComposablePointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationClassFilter;
import org.springframework.aop.support.annotation.AnnotationMethodMatcher;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import dev.workerstarter.kernel.internal.KernelJob;
import dev.workerstarter.kernel.internal.WorkerContextHolder;

/**
 * Records, on the current job, the exceptions that {@code @ExceptionHandler} methods turn
 * into responses: WebFlux handles them before they can reach the dispatching filter, yet
 * they count for the reboot strategies and the {@code WorkerExceptionEvent}. An exception
 * no such method handles reaches the pool with the request's error, so only the
 * {@code @ExceptionHandler} methods of {@code @Controller} and {@code @ControllerAdvice}
 * beans whose class is not final are proxied: a controller without one is left as it is,
 * and its calls cost nothing.
 */
public final class HandledExceptionRecorder extends AbstractAdvisingBeanPostProcessor {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates the post-processor.
	 */
	public HandledExceptionRecorder() {
		ClassFilter controllers = ClassFilters.union(new AnnotationClassFilter(Controller.class, true),
				new AnnotationClassFilter(ControllerAdvice.class, true));
		Pointcut exceptionHandlers = new ComposablePointcut(controllers)
			.intersection(new AnnotationMethodMatcher(ExceptionHandler.class, true));
		this.advisor = new DefaultPointcutAdvisor(exceptionHandlers, new RecordingInterceptor());
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
			if (job != null) {
				for (Object argument : invocation.getArguments()) {
					if (argument instanceof Throwable handled) {
						job.recordException(handled);
						break;
					}
				}
			}
			return invocation.proceed();
		}

	}

}
