package dev.workerstarter.job.internal;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import dev.workerstarter.internal.BeanMethod;
import dev.workerstarter.job.JobHandler;
import dev.workerstarter.job.JobListener;
import dev.workerstarter.job.JobMessage;

/**
 * A {@link JobListener} method as a {@link JobHandler}: reads the payload into the type
 * of its payload parameter (generic types included) and calls it on its bean, through the
 * bean's proxy, so that a worker-scoped bean is the kernel's own.
 */
final class JobListenerMethod implements JobHandler {

	private final BeanMethod method;

	private final @Nullable JavaType[] payloadTypes;

	JobListenerMethod(BeanMethod method, JsonMapper mapper) {
		this.method = method;
		Class<?>[] types = method.method().getParameterTypes();
		this.payloadTypes = new JavaType[types.length];
		int payloads = 0;
		for (int i = 0; i < types.length; i++) {
			if (types[i] != JobMessage.class) {
				this.payloadTypes[i] = mapper.constructType(method.method().getGenericParameterTypes()[i]);
				payloads++;
			}
		}
		if (payloads > 1) {
			throw new IllegalStateException("@JobListener method " + method.describe()
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
		this.method.invoke(arguments);
	}

	String describe() {
		return this.method.describe();
	}

}
