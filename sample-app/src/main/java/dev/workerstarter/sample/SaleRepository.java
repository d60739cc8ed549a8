package dev.workerstarter.sample;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * A Spring Data repository: it uses Spring's shared entity manager, a new persistence
 * context per transaction, alongside the workers' own managers.
 */
public interface SaleRepository extends JpaRepository<Sale, Long> {

}
