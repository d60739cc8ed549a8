package dev.workerstarter.kernel.internal;

import org.springframework.aop.TargetSource;
import org.springframework.beans.factory.ObjectFactory;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;

/**
 * The target of a worker-scoped bean's proxy: the instance held by the kernel of the job
 * bound to the calling thread, found by the slot of its name (one array read) instead of
 * a trip through the bean factory. Touches are recorded as through {@link WorkerScope},
 * so resettable beans are still reset after the jobs that used them.
 */
final class WorkerScopedTargetSource implements TargetSource {

	private final String targetBeanName;

	private final int slot;

	private final Class<?> targetClass;

	// The slow path, through the worker scope: creates an instance the kernel does not
	// hold yet
	// (and stores it there), or fails with the scope's message when no job is bound.
	private final ObjectFactory<Object> factoryLookup;

	WorkerScopedTargetSource(ConfigurableBeanFactory beanFactory, String targetBeanName, Class<?> targetClass) {
		this.targetBeanName = targetBeanName;
		this.slot = BeanSlots.of(targetBeanName);
		this.targetClass = targetClass;
		this.factoryLookup = () -> beanFactory.getBean(targetBeanName);
	}

	@Override
	public Class<?> getTargetClass() {
		return this.targetClass;
	}

	@Override
	public boolean isStatic() {
		return false;
	}

	@Override
	public Object getTarget() {
		KernelJob job = WorkerContextHolder.get();
		if (job == null) {
			// the factory fails as it always did, with the worker scope's message
			return this.factoryLookup.getObject();
		}
		return job.kernel().instance(this.slot, this.targetBeanName, this.factoryLookup, job);
	}

	@Override
	public String toString() {
		return "WorkerScopedTargetSource for target bean '" + this.targetBeanName + "'";
	}

}
