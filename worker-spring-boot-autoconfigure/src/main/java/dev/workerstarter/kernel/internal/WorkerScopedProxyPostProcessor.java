package dev.workerstarter.kernel.internal;

import org.springframework.aop.scope.ScopedProxyFactoryBean;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;

/**
 * Gives worker-scoped beans a faster proxy: rewrites the proxy definitions Spring
 * registered for them ({@code @WorkerScoped} beans and any other bean of the
 * {@code worker} scope with a scoped proxy) to make their proxy with a
 * {@link WorkerScopedProxyFactoryBean}. Bean names, the {@code scopedTarget.} target
 * definitions and everything else stay as Spring made them.
 */
public final class WorkerScopedProxyPostProcessor implements BeanDefinitionRegistryPostProcessor {

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		for (String name : registry.getBeanDefinitionNames()) {
			if (registry.getBeanDefinition(name) instanceof AbstractBeanDefinition definition
					&& ScopedProxyFactoryBean.class.getName().equals(definition.getBeanClassName())
					&& definition.getPropertyValues().get("targetBeanName") instanceof String target
					&& registry.containsBeanDefinition(target)
					&& WorkerScope.NAME.equals(registry.getBeanDefinition(target).getScope())) {
				definition.setBeanClass(WorkerScopedProxyFactoryBean.class);
			}
		}
	}

}
