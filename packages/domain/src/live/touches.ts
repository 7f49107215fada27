import { attributeToken, dependency } from "../rules";
import { purchaseEvents, refundEvents } from "../customer/metrics";

const purchaseMetrics = [
  "order_count",
  "total_spend",
  "avg_order_value",
  "first_purchase_at",
  "last_purchase_at",
  "days_since_last_purchase",
];
const refundMetrics = ["total_spend", "avg_order_value"];

/** What an event moves: rules on that event, the customer's last-seen time, and for purchases and refunds the value metrics. */
export function eventTouches(name: string): string[] {
  const metrics = [
    "last_seen_at",
    ...((purchaseEvents as readonly string[]).includes(name) ? purchaseMetrics : []),
    ...((refundEvents as readonly string[]).includes(name) ? refundMetrics : []),
  ];
  return [dependency.event(name), ...metrics.map(dependency.metric)];
}

/** What setting these attributes moves (built-in computed ones are metrics). */
export const attributeTouches = (keys: Iterable<string>): string[] => [...new Set([...keys].map(attributeToken))];
