package dev.workerstarter.autoconfigure;

import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.grpc.server.autoconfigure.GrpcServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;
import org.springframework.grpc.server.GrpcServerFactory;
import org.springframework.grpc.server.ServerBuilderCustomizer;

import dev.workerstarter.integration.grpc.internal.RejectionStatusHandler;
import dev.workerstarter.integration.grpc.internal.ServiceExceptionRecorder;
import dev.workerstarter.integration.grpc.internal.WorkerCallInterceptor;
import dev.workerstarter.pool.WorkerPools;

/**
 * Auto-configuration of the gRPC integration: every call to Spring Boot's gRPC server
 * runs as a job on a worker of the pool named by {@code worker.grpc.pool}. Active when
 * Spring Boot's gRPC server module is on the classpath, the worker pool is on and the
 * integration is on ({@code worker.integrations.grpc.enabled}, else
 * {@code worker.default-integrations}).
 */
@AutoConfiguration(after = WorkerAutoConfiguration.class)
@ConditionalOnClass({ ServerInterceptor.class, GrpcServerFactory.class, GrpcServerAutoConfiguration.class })
@ConditionalOnBean(WorkerPools.class)
@ConditionalOnWorkerIntegration("grpc")
public final class WorkerGrpcAutoConfiguration {

	private static final String PREFIX = "worker.grpc";

	@Bean
	WorkerCallInterceptor workerGrpcCallInterceptor(WorkerPools pools, WorkerProperties properties) {
		WorkerProperties.Grpc grpc = properties.grpc();
		return WorkerCallInterceptor.of(pools, PREFIX, grpc.pool(), grpc.excludeServices());
	}

	// On the server itself, not among the global interceptors: the server's interceptors
	// run before every service's, so every global one (Spring's exception handling, the
	// first of them, observations, security) runs on the worker with the service. The
	// last customizer, so that its interceptor is the outermost.
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	ServerBuilderCustomizer<?> workerGrpcServerBuilderCustomizer(WorkerCallInterceptor interceptor) {
		return intercepting(interceptor);
	}

	// The last global interceptor, next to the service: sees what it throws before the
	// exception handling turns it into a status.
	@Bean
	@GlobalServerInterceptor
	@Order(Ordered.LOWEST_PRECEDENCE)
	ServiceExceptionRecorder workerGrpcServiceExceptionRecorder() {
		return new ServiceExceptionRecorder();
	}

	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	RejectionStatusHandler workerGrpcRejectionStatusHandler() {
		return new RejectionStatusHandler();
	}

	private static <T extends ServerBuilder<T>> ServerBuilderCustomizer<T> intercepting(ServerInterceptor interceptor) {
		return (builder) -> builder.intercept(interceptor);
	}

}
