package dev.workerstarter.kernel.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.Pointcut;
import org.springframework.aop.TargetSource;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.ProxyConfig;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.scope.DefaultScopedObject;
import org.springframework.aop.scope.ScopedObject;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.DelegatingIntroductionInterceptor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.aop.target.SimpleBeanTargetSource;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.FactoryBeanNotInitializedException;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Makes the proxy of a worker-scoped bean in place of Spring's
 * {@code ScopedProxyFactoryBean}: the same proxy to its users (class-based unless
 * {@code proxyTargetClass} is {@code false}, a {@link ScopedObject} and an
 * {@link AopInfrastructureBean}), whose calls go straight to the bound kernel's instance
 * through a {@link WorkerScopedTargetSource}.
 */
final class WorkerScopedProxyFactoryBean extends ProxyConfig
		implements FactoryBean<Object>, BeanFactoryAware, AopInfrastructureBean {

	// Advises ScopedObject's methods only. Every other method has no advice, which lets a
	// frozen
	// proxy call the target directly, without a method invocation chain.
	private static final Pointcut SCOPED_OBJECT_METHODS = new StaticMethodMatcherPointcut() {

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return method.getDeclaringClass() == ScopedObject.class;
		}

	};

	private @Nullable String targetBeanName;

	private @Nullable Object proxy;

	WorkerScopedProxyFactoryBean() {
		setProxyTargetClass(true);
	}

	/**
	 * Sets the name of the worker-scoped target bean, {@code scopedTarget.} and the bean
	 * name.
	 * @param targetBeanName the target bean name
	 */
	public void setTargetBeanName(String targetBeanName) {
		this.targetBeanName = targetBeanName;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (!(beanFactory instanceof ConfigurableBeanFactory cbf)) {
			throw new IllegalStateException("Not running in a ConfigurableBeanFactory: " + beanFactory);
		}
		String name = this.targetBeanName;
		Assert.notNull(name, "Property 'targetBeanName' is required");
		Class<?> beanType = cbf.getType(name);
		if (beanType == null) {
			throw new IllegalStateException("Cannot create scoped proxy for bean '" + name
					+ "': Target type could not be determined at the time of proxy creation.");
		}
		ProxyFactory factory = new ProxyFactory();
		factory.copyFrom(this);
		TargetSource targetSource = targetSource(cbf, name, beanType);
		factory.setTargetSource(targetSource);
		if (!isProxyTargetClass() || beanType.isInterface() || Modifier.isPrivate(beanType.getModifiers())) {
			factory.setInterfaces(ClassUtils.getAllInterfacesForClass(beanType, cbf.getBeanClassLoader()));
		}
		factory.addAdvisor(new DefaultPointcutAdvisor(SCOPED_OBJECT_METHODS,
				new DelegatingIntroductionInterceptor(new DefaultScopedObject(cbf, name))));
		factory.addInterface(ScopedObject.class);
		// the proxy itself is not subject to auto-proxying, only its target bean is
		factory.addInterface(AopInfrastructureBean.class);
		factory.setFrozen(true);
		Object proxy = factory.getProxy(cbf.getBeanClassLoader());
		if (targetSource instanceof WorkerScopedTargetSource workerScoped) {
			DirectTargetInterceptor.install(proxy, workerScoped);
		}
		this.proxy = proxy;
	}

	// The kernel holds a factory bean itself, not its product: only the bean factory can
	// make
	// the product, so such a target keeps Spring's lookup.
	private static TargetSource targetSource(ConfigurableBeanFactory beanFactory, String name, Class<?> beanType) {
		if (!beanFactory.isFactoryBean(name)) {
			return new WorkerScopedTargetSource(beanFactory, name, beanType);
		}
		SimpleBeanTargetSource targetSource = new SimpleBeanTargetSource();
		targetSource.setTargetBeanName(name);
		targetSource.setTargetClass(beanType);
		targetSource.setBeanFactory(beanFactory);
		return targetSource;
	}

	@Override
	public Object getObject() {
		if (this.proxy == null) {
			throw new FactoryBeanNotInitializedException();
		}
		return this.proxy;
	}

	@Override
	public @Nullable Class<?> getObjectType() {
		return (this.proxy != null) ? this.proxy.getClass() : null;
	}

	@Override
	public boolean isSingleton() {
		return true;
	}

}
