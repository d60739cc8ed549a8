package dev.workerstarter.integration.jpa.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.resource.jdbc.spi.LogicalConnectionImplementor;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

import dev.workerstarter.kernel.WorkerContext;

/**
 * The JDBC connection a Hibernate {@link EntityManager} may hold between jobs: Spring's
 * Hibernate adapter makes a manager keep the connection it first acquires until it is
 * closed. A connection the database or the network closed while the kernel sat idle is
 * found with {@link Connection#isValid(int)} and given back, so that the manager acquires
 * a new one on its next use.
 */
final class HeldConnection {

	private static final Log logger = LogFactory.getLog(HeldConnection.class);

	// As HikariCP's default validation timeout.
	private static final int VALIDATION_TIMEOUT_SECONDS = 5;

	private static final boolean HIKARI = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			HeldConnection.class.getClassLoader());

	private final SharedSessionContractImplementor session;

	private HeldConnection(SharedSessionContractImplementor session) {
		this.session = session;
	}

	/**
	 * Returns the connection of a Hibernate entity manager.
	 * @param entityManager the entity manager
	 * @return its connection, or {@code null} if another provider made it
	 */
	static @Nullable HeldConnection of(EntityManager entityManager) {
		try {
			return new HeldConnection(entityManager.unwrap(SharedSessionContractImplementor.class));
		}
		catch (PersistenceException ex) {
			return null;
		}
	}

	/**
	 * Gives back the connection the manager holds if it is dead, evicting it from a
	 * HikariCP pool, which would otherwise hand it out again unchecked within its
	 * alive-bypass window.
	 * @param job the job about to use the manager
	 */
	void replaceIfDead(WorkerContext job) {
		LogicalConnectionImplementor logical = this.session.getJdbcCoordinator().getLogicalConnection();
		if (!logical.isOpen() || !logical.isPhysicallyConnected()) {
			return;
		}
		Connection connection = logical.getPhysicalConnection();
		if (isValid(connection)) {
			return;
		}
		logger.warn("The JDBC connection held by a worker-scoped EntityManager of worker " + job.workerId()
				+ " is dead; replacing it before job " + job.jobNumber());
		if (HIKARI) {
			Hikari.evict(this.session, connection);
		}
		try {
			logical.manualDisconnect();
		}
		catch (RuntimeException ex) {
			logger.debug("Giving back a dead JDBC connection failed", ex);
		}
	}

	private static boolean isValid(Connection connection) {
		try {
			return connection.isValid(VALIDATION_TIMEOUT_SECONDS);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	// Loaded only when HikariCP is on the classpath.
	private static final class Hikari {

		static void evict(SharedSessionContractImplementor session, Connection connection) {
			ConnectionProvider provider = session.getFactory()
				.getServiceRegistry()
				.getService(ConnectionProvider.class);
			if (provider == null || !provider.isUnwrappableAs(DataSource.class)) {
				return;
			}
			try {
				DataSource dataSource = provider.unwrap(DataSource.class);
				if (dataSource.isWrapperFor(HikariDataSource.class)) {
					dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
				}
			}
			catch (SQLException ex) {
				logger.debug("Evicting a dead JDBC connection from its pool failed", ex);
			}
		}

	}

}
