package dev.workerstarter.internal;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * An annotated method of a bean ({@code @WsListener}, {@code @JobListener},
 * {@code @WorkerTimer}), called on the bean as the application context holds it: through
 * its proxy, so that the method of a worker-scoped bean runs on the kernel's own
 * instance. The bean is looked up on the first call, not when the method is found.
 */
public final class BeanMethod {

	private final BeanFactory beanFactory;

	private final String beanName;

	private final Method method;

	private volatile @Nullable Target target;

	private BeanMethod(BeanFactory beanFactory, String beanName, Method method) {
		this.beanFactory = beanFactory;
		this.beanName = beanName;
		this.method = method;
	}

	/**
	 * Finds the methods of every bean that carry an annotation, as Spring finds
	 * {@code @EventListener} methods: a scoped bean through its proxy, under the proxy's
	 * name; abstract bean definitions are left out.
	 * @param beanFactory the application's bean factory
	 * @param annotationType the annotation
	 * @param <A> the annotation's type
	 * @return each method with its annotation, in bean definition order
	 */
	public static <A extends Annotation> List<Annotated<A>> find(ConfigurableListableBeanFactory beanFactory,
			Class<A> annotationType) {
		List<Annotated<A>> found = new ArrayList<>();
		for (String name : beanFactory.getBeanDefinitionNames()) {
			if (ScopedProxyUtils.isScopedTarget(name) || beanFactory.getBeanDefinition(name).isAbstract()) {
				continue;
			}
			Class<?> type = beanFactory.getType(name, false);
			if (type == null) {
				continue;
			}
			Map<Method, A> methods = MethodIntrospector.selectMethods(ClassUtils.getUserClass(type),
					(MethodIntrospector.MetadataLookup<A>) (method) -> AnnotatedElementUtils
						.findMergedAnnotation(method, annotationType));
			methods.forEach((method, annotation) -> found
				.add(new Annotated<>(new BeanMethod(beanFactory, name, method), annotation)));
		}
		return found;
	}

	/**
	 * Returns the bean's name.
	 * @return the name
	 */
	public String beanName() {
		return this.beanName;
	}

	/**
	 * Returns the method as it is declared.
	 * @return the method
	 */
	public Method method() {
		return this.method;
	}

	/**
	 * Calls the method on the bean.
	 * @param arguments its arguments
	 * @return what it returned
	 * @throws Exception what it threw
	 */
	public @Nullable Object invoke(@Nullable Object... arguments) throws Exception {
		Target target = target();
		try {
			return target.method().invoke(target.bean(), arguments);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			if (cause instanceof Error error) {
				throw error;
			}
			throw ex;
		}
	}

	/**
	 * Describes the method for messages.
	 * @return its class, name and bean
	 */
	public String describe() {
		return this.method.getDeclaringClass().getName() + "." + this.method.getName() + " (bean '" + this.beanName
				+ "')";
	}

	private Target target() {
		Target target = this.target;
		if (target == null) {
			Object bean = this.beanFactory.getBean(this.beanName);
			Method invocable = AopUtils.selectInvocableMethod(this.method, bean.getClass());
			ReflectionUtils.makeAccessible(invocable);
			target = new Target(bean, invocable);
			this.target = target;
		}
		return target;
	}

	/**
	 * A method found with its annotation.
	 *
	 * @param method the method
	 * @param annotation its annotation, merged
	 * @param <A> the annotation's type
	 */
	public record Annotated<A extends Annotation>(BeanMethod method, A annotation) {
	}

	private record Target(Object bean, Method method) {
	}

}
