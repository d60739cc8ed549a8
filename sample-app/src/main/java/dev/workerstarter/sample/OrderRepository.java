package dev.workerstarter.sample;

import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The orders, through Spring's shared entity manager.
 */
public interface OrderRepository extends JpaRepository<Order, Long> {

}
