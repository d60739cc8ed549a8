package dev.workerstarter.job.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ReflectionUtils;

import dev.workerstarter.job.JobHandler;
import dev.workerstarter.job.JobListener;
import dev.workerstarter.job.JobMessage;

/**
 * A {@link JobListener} method as a {@link JobHandler}: reads the payload into the type
 * of its payload parameter (generic types included) and calls it on its bean, through the
 * bean's proxy, so that a worker-scoped bean is the kernel's own.
 */
final class JobListenerMethod implements JobHandler {

	private final BeanFactory beanFactory;

	private final String beanName;

	private final Method method;

	private final @Nullable JavaType[] payloadTypes;

	private volatile @Nullable Target target;

	JobListenerMethod(BeanFactory beanFactory, String beanName, Method method, JsonMapper mapper) {
		this.beanFactory = beanFactory;
		this.beanName = beanName;
		this.method = method;
		Class<?>[] types = method.getParameterTypes();
		this.payloadTypes = new JavaType[types.length];
		int payloads = 0;
		for (int i = 0; i < types.length; i++) {
			if (types[i] != JobMessage.class) {
				this.payloadTypes[i] = mapper.constructType(method.getGenericParameterTypes()[i]);
				payloads++;
			}
		}
		if (payloads > 1) {
			throw new IllegalStateException("@JobListener method " + describe()
					+ " has more than one parameter for the payload; it may have a JobMessage and one more");
		}
	}

	@Override
	public void handle(JobMessage message) throws Exception {
		Object[] arguments = new Object[this.payloadTypes.length];
		for (int i = 0; i < arguments.length; i++) {
			JavaType type = this.payloadTypes[i];
			arguments[i] = (type != null) ? ((ReceivedJob) message).read(type) : message;
		}
		Target target = target();
		try {
			target.method().invoke(target.bean(), arguments);
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

	String describe() {
		return this.method.getDeclaringClass().getName() + "." + this.method.getName() + " (bean '" + this.beanName
				+ "')";
	}

	private record Target(Object bean, Method method) {
	}

}
