package dev.workerstarter.integration.grpc.internal;

import java.util.concurrent.locks.ReentrantLock;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.workerstarter.kernel.internal.KernelJob;

/**
 * The call as the service sees it when it runs on a worker. A {@link ServerCall} is not
 * thread-safe, and two threads may now use it at once: the worker's, where the service
 * runs, and the one that gives the call up when the pool rejects it or its job runs past
 * the exec TTL. So its mutators are serialized, and once the starter has closed the call
 * whatever the service still does with it is ignored (it reads as cancelled), so that a
 * service left running on an abandoned thread cannot break the answer the client already
 * has. A non-{@code OK} status the service closes with is recorded on the job when it
 * carries a cause.
 *
 * @param <ReqT> the type of the requests
 * @param <RespT> the type of the responses
 */
final class SerializedServerCall<ReqT, RespT> extends ForwardingServerCall.SimpleForwardingServerCall<ReqT, RespT> {

	private static final Log logger = LogFactory.getLog(SerializedServerCall.class);

	// Not synchronized: a virtual kernel thread waiting for a monitor pins its carrier.
	private final ReentrantLock lock = new ReentrantLock();

	// Guarded by the lock: the call was closed, by the service or by the starter.
	private boolean closed;

	// Written under the lock, read without it by isCancelled and isReady.
	private volatile boolean abandoned;

	private volatile @Nullable KernelJob job;

	SerializedServerCall(ServerCall<ReqT, RespT> delegate) {
		super(delegate);
	}

	/**
	 * Sets the job the call runs as, on which the causes of its statuses are recorded.
	 * @param job the job
	 */
	void job(KernelJob job) {
		this.job = job;
	}

	/**
	 * Closes the call on the starter's behalf, unless it is closed already, and ignores
	 * whatever the service does with it from now on. Safe from any thread.
	 * @param status the status, never {@code OK}
	 * @return {@code true} if this closed the call
	 */
	boolean abandon(Status status) {
		this.lock.lock();
		try {
			if (this.closed) {
				return false;
			}
			this.closed = true;
			this.abandoned = true;
			try {
				super.close(status, new Metadata());
			}
			catch (RuntimeException ex) {
				logger.debug("Closing " + describe() + " with " + status + " failed", ex);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Closes the call after the service's code failed, unless it is closed already.
	 * @param status the status
	 * @param trailers the trailers
	 */
	void closeAfterFailure(Status status, Metadata trailers) {
		this.lock.lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			super.close(status, trailers);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Tells whether the starter closed the call (rejected, past the exec TTL).
	 * @return {@code true} once abandoned
	 */
	boolean isAbandoned() {
		return this.abandoned;
	}

	@Override
	public void sendHeaders(Metadata headers) {
		this.lock.lock();
		try {
			if (!this.abandoned) {
				super.sendHeaders(headers);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void sendMessage(RespT message) {
		this.lock.lock();
		try {
			if (!this.abandoned) {
				super.sendMessage(message);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void close(Status status, Metadata trailers) {
		this.lock.lock();
		try {
			if (this.abandoned) {
				return;
			}
			this.closed = true;
			Throwable cause = CountedExceptions.closedWith(status);
			KernelJob job = this.job;
			if (cause != null && job != null) {
				job.recordException(cause);
			}
			super.close(status, trailers);
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void setMessageCompression(boolean enabled) {
		this.lock.lock();
		try {
			if (!this.abandoned) {
				super.setMessageCompression(enabled);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void setCompression(String compressor) {
		this.lock.lock();
		try {
			if (!this.abandoned) {
				super.setCompression(compressor);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void setOnReadyThreshold(int numBytes) {
		this.lock.lock();
		try {
			if (!this.abandoned) {
				super.setOnReadyThreshold(numBytes);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	// Thread-safe in gRPC; after an abandon there is nothing left to ask for.
	@Override
	public void request(int numMessages) {
		if (!this.abandoned) {
			super.request(numMessages);
		}
	}

	@Override
	public boolean isReady() {
		return !this.abandoned && super.isReady();
	}

	// A service streaming on an abandoned thread sees the call cancelled and can stop.
	@Override
	public boolean isCancelled() {
		return this.abandoned || super.isCancelled();
	}

	String describe() {
		return "gRPC call " + getMethodDescriptor().getFullMethodName();
	}

}
