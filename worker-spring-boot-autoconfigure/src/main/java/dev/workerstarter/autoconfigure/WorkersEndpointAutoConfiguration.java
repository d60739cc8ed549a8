package dev.workerstarter.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.workerstarter.actuate.WorkersEndpoint;
import dev.workerstarter.pool.WorkerPools;
import dev.workerstarter.process.internal.ProcessSupervisor;
import dev.workerstarter.websocket.WsServer;

/**
 * Auto-configuration of the {@link WorkersEndpoint workers} actuator endpoint, when the
 * worker pool is configured and the endpoint is available (accessible and exposed).
 */
@AutoConfiguration(after = { WorkerAutoConfiguration.class, WorkerWebSocketAutoConfiguration.class,
		WorkerProcessAutoConfiguration.class })
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBean(WorkerPools.class)
@ConditionalOnAvailableEndpoint(WorkersEndpoint.class)
public final class WorkersEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WorkersEndpoint workersEndpoint(WorkerPools pools, ObjectProvider<WsServer> webSocket,
			ObjectProvider<ProcessSupervisor> processes) {
		return new WorkersEndpoint(pools, webSocket.getIfAvailable(), processes.getIfAvailable());
	}

}
