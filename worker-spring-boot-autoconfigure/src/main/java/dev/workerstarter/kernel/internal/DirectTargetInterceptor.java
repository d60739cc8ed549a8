package dev.workerstarter.kernel.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.RawTargetAccess;
import org.springframework.cglib.core.CodeGenerationException;
import org.springframework.cglib.proxy.Callback;
import org.springframework.cglib.proxy.Factory;
import org.springframework.cglib.proxy.MethodInterceptor;
import org.springframework.cglib.proxy.MethodProxy;
import org.springframework.core.KotlinDetector;

/**
 * Calls the target of a class-based worker-scoped proxy through CGLIB's fast class (a
 * switch on the method's index) in place of Spring's interceptor for unadvised methods,
 * which calls it by reflection: bridge method lookup, access checks and
 * {@code Method.invoke} on every call, most of a proxy call's cost. Everything else of
 * Spring's proxy (equals, hashCode, {@code Advised}, {@code ScopedObject}) is left as it
 * is. Protected methods (which the fast class can call only within its own package), a
 * class whose fast class cannot be defined, and Kotlin classes (whose suspending
 * functions Spring's call adapts) keep Spring's call.
 */
final class DirectTargetInterceptor implements MethodInterceptor {

	private static final Log logger = LogFactory.getLog(DirectTargetInterceptor.class);

	// CglibAopProxy's callback for the unadvised methods of a proxy whose target is not
	// static, and its index in a proxy's callbacks.
	private static final String SPRING_INTERCEPTOR = "org.springframework.aop.framework.CglibAopProxy$DynamicUnadvisedInterceptor";

	private static final int INVOKE_TARGET = 1;

	// Needs no release of its targets.
	private final WorkerScopedTargetSource targetSource;

	private final MethodInterceptor spring;

	private DirectTargetInterceptor(WorkerScopedTargetSource targetSource, MethodInterceptor spring) {
		this.targetSource = targetSource;
		this.spring = spring;
	}

	/**
	 * Puts the interceptor in a proxy in place of Spring's, if the proxy is a CGLIB proxy
	 * laid out as expected; else leaves the proxy as it is.
	 * @param proxy the proxy
	 * @param targetSource its target source
	 */
	static void install(Object proxy, WorkerScopedTargetSource targetSource) {
		if (!(proxy instanceof Factory factory) || KotlinDetector.isKotlinType(targetSource.getTargetClass())) {
			return; // a JDK proxy, or a Kotlin class
		}
		Callback callback = factory.getCallback(INVOKE_TARGET);
		if (!(callback instanceof MethodInterceptor spring)
				|| !callback.getClass().getName().equals(SPRING_INTERCEPTOR)) {
			logger.debug("Spring's CGLIB proxy is not laid out as expected (" + callback
					+ " as its target call): worker-scoped proxies call their targets through Spring");
			return;
		}
		factory.setCallback(INVOKE_TARGET, new DirectTargetInterceptor(targetSource, spring));
	}

	@Override
	public @Nullable Object intercept(Object proxy, Method method, Object[] args, MethodProxy methodProxy)
			throws Throwable {
		if (Modifier.isProtected(method.getModifiers())) {
			return this.spring.intercept(proxy, method, args, methodProxy);
		}
		Object target = this.targetSource.getTarget();
		Object result;
		try {
			result = methodProxy.invoke(target, args);
		}
		catch (CodeGenerationException ex) {
			logger.debug("No fast class for " + method + "; calling it through Spring", ex);
			return this.spring.intercept(proxy, method, args, methodProxy);
		}
		// As Spring's proxy does: a method returning its target returns the proxy.
		if (result != null && result == target && !RawTargetAccess.class.isAssignableFrom(method.getDeclaringClass())) {
			return proxy;
		}
		return result;
	}

}
