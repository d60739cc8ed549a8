package dev.workerstarter.support;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives every application the tests start event loops and connections of its own
 * (registered in the tests' {@code META-INF/spring.factories}). On Reactor Netty's global
 * resources, Boot's default, the close of one application disposes them for everything
 * else in the JVM: the servers of the cached test contexts stop, and the tests' clients
 * (on the global resources too) lose their connections at once, even one whose answer the
 * closing server has already sent.
 */
public final class ContextOwnReactorResources implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {

			@Override
			public Object postProcessBeforeInitialization(Object bean, String beanName) {
				if (bean instanceof ReactorResourceFactory factory) {
					factory.setUseGlobalResources(false);
				}
				return bean;
			}

		});
	}

}
