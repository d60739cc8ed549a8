package dev.workerstarter.sample;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An order, stored in the embedded H2 database; every open page is told of a new one over
 * the WebSocket.
 */
@Entity
@Table(name = "orders")
public class Order {

	@Id
	@GeneratedValue
	private Long id;

	private String item;

	private int quantity;

	protected Order() {
	}

	public Order(String item, int quantity) {
		this.item = item;
		this.quantity = quantity;
	}

	public Long getId() {
		return this.id;
	}

	public String getItem() {
		return this.item;
	}

	public int getQuantity() {
		return this.quantity;
	}

}
