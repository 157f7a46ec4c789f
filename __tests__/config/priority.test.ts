import { DERIVED_PRIORITY_MAX, DERIVED_PRIORITY_MIN, listenerPriority } from "../../config/priority";

describe("listener rule priority", () => {
  test("depends only on the service's own name", () => {
    expect(listenerPriority({ name: "orders", routing: {} })).toBe(listenerPriority({ name: "orders", routing: {} }));
    expect(listenerPriority({ name: "orders", routing: {} })).not.toBe(listenerPriority({ name: "accounts", routing: {} }));
  });

  test("is pinned: a change of the hash would move every rule, so known values are asserted", () => {
    expect(listenerPriority({ name: "orders", routing: {} })).toBe(6820);
    expect(listenerPriority({ name: "web-ui", routing: {} })).toBe(24470);
  });

  test("stays inside the derived range and honours an explicit priority", () => {
    for (const name of ["a", "catalog", "very-long-service-name-0123456789"]) {
      const p = listenerPriority({ name, routing: {} });
      expect(p).toBeGreaterThanOrEqual(DERIVED_PRIORITY_MIN);
      expect(p).toBeLessThanOrEqual(DERIVED_PRIORITY_MAX);
    }
    expect(listenerPriority({ name: "orders", routing: { priority: 7 } })).toBe(7);
  });
});
