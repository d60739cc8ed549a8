package dev.workerstarter.web.internal;

import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxOperator;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

import dev.workerstarter.kernel.internal.KernelJob;

/**
 * A request whose body is delivered with the job bound: the body arrives on an event
 * loop, and argument resolution followed by a hop to the worker's thread runs in its
 * signals.
 */
final class JobBoundRequest extends ServerHttpRequestDecorator {

	private final KernelJob job;

	private JobBoundRequest(ServerHttpRequest delegate, KernelJob job) {
		super(delegate);
		this.job = job;
	}

	/**
	 * Binds the body of a request that has one.
	 * @param request the request
	 * @param job the job handling it
	 * @return the request itself if it has no body, otherwise a bound decorator
	 */
	static ServerHttpRequest bind(ServerHttpRequest request, KernelJob job) {
		HttpHeaders headers = request.getHeaders();
		boolean hasBody = headers.getContentLength() > 0 || headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
		return hasBody ? new JobBoundRequest(request, job) : request;
	}

	@Override
	public Flux<DataBuffer> getBody() {
		return new FluxOperator<DataBuffer, DataBuffer>(super.getBody()) {
			@Override
			public void subscribe(CoreSubscriber<? super DataBuffer> actual) {
				this.source.subscribe(new JobBoundSubscriber<>(actual, JobBoundRequest.this.job));
			}
		};
	}

}
