#!/usr/bin/env bash
# check.sh ACKED_FILE - the invariants the fault suite verifies once the system has settled.
# Reads every service's schema as the cluster superuser (a check, not a service: services
# never read each other's tables). Each check prints its count of offending rows and the
# first offenders; any non-zero count fails. PGPORT names the cluster.
set -uo pipefail
acked=$1
q() { psql -h 127.0.0.1 -U dure -d dure -qtAX -v ON_ERROR_STOP=1 "$@"; }
failed=0

check() { # check NAME SQL_RETURNING_OFFENDERS
  local name=$1 sql=$2 out n
  out=$(q -c "$sql" 2>&1) || { echo "  FAIL $name: query failed: $out"; failed=1; return; }
  n=$(printf '%s' "$out" | grep -c . || true)
  if [ "$n" = 0 ]; then echo "  ok   $name"
  else echo "  FAIL $name: $n offending row(s):"; printf '%s\n' "$out" | head -5 | sed 's/^/         /'; failed=1; fi
}

q -c "SET client_min_messages = warning; DROP TABLE IF EXISTS public.fault_acked; CREATE TABLE public.fault_acked (order_id text, key text)"
q -c "\\copy public.fault_acked FROM '$acked' WITH (FORMAT text, DELIMITER ' ')"
echo "acknowledged orders: $(q -c 'SELECT count(*) FROM public.fault_acked')"
echo "orders by status: $(q -c "SELECT string_agg(status || ':' || n, ' ' ORDER BY status) FROM (SELECT status, count(*) n FROM \"order\".orders GROUP BY 1) s")"
echo "live shipments: $(q -c 'SELECT count(*) FROM logistics.shipments WHERE status <> 9'), packaging records: $(q -c 'SELECT count(*) FROM packaging.records WHERE stage IN (1, 2)')"

check "every acknowledged order exists" \
  "SELECT a.order_id FROM public.fault_acked a LEFT JOIN \"order\".orders o ON o.id = a.order_id WHERE o.id IS NULL"
check "every acknowledged order exists exactly once, under its own key" \
  "SELECT a.key FROM public.fault_acked a JOIN \"order\".orders o ON o.idempotency_key = a.key GROUP BY a.key HAVING count(*) <> 1 OR bool_or(o.id <> a.order_id)"
check "no order is left PENDING" \
  "SELECT id FROM \"order\".orders WHERE status = 1"
check "no order confirmed twice" \
  "SELECT order_id FROM \"order\".order_history WHERE status = 2 GROUP BY 1 HAVING count(*) > 1"
check "every confirmed order's physical lines are in a live shipment" \
  "SELECT l.order_id, l.enterprise_id, l.temperature FROM \"order\".order_lines l JOIN \"order\".orders o ON o.id = l.order_id
   WHERE o.status IN (2, 4, 5, 6) AND l.physical
   EXCEPT SELECT order_id, enterprise_id, temperature FROM logistics.shipments WHERE status <> 9"
check "every live shipment belongs to a confirmed order (exactly one per seller and class)" \
  "SELECT s.order_id, s.enterprise_id, s.temperature FROM logistics.shipments s WHERE s.status <> 9
   EXCEPT SELECT l.order_id, l.enterprise_id, l.temperature FROM \"order\".order_lines l JOIN \"order\".orders o ON o.id = l.order_id
   WHERE o.status IN (2, 4, 5, 6) AND l.physical"
check "every live shipment has a packaging record" \
  "SELECT s.id FROM logistics.shipments s LEFT JOIN packaging.records r ON r.shipment_id = s.id AND r.stage IN (1, 2)
   WHERE s.status <> 9 AND r.shipment_id IS NULL"
check "no packaging record counts a shipment that is not live" \
  "SELECT r.shipment_id FROM packaging.records r LEFT JOIN logistics.shipments s ON s.id = r.shipment_id AND s.status <> 9
   WHERE r.stage IN (1, 2) AND s.id IS NULL"
check "no stock below zero" \
  "SELECT id, stock FROM catalog.products WHERE stock < 0"
check "stock = start - what confirmed orders hold" \
  "SELECT p.id, f.stock AS start, p.stock, COALESCE(h.held, 0) AS held
   FROM catalog.products p JOIN public.fault_stock_start f ON f.id = p.id
   LEFT JOIN (SELECT l.product_id, sum(l.quantity) held FROM \"order\".order_lines l JOIN \"order\".orders o ON o.id = l.order_id
              WHERE o.status IN (2, 4, 5, 6) AND l.physical GROUP BY 1) h ON h.product_id = p.id
   WHERE p.physical AND p.stock <> f.stock - COALESCE(h.held, 0)"
check "reservations match confirmed orders" \
  "SELECT r.order_id FROM catalog.reservations r WHERE r.released_at IS NULL
   EXCEPT SELECT o.id FROM \"order\".orders o WHERE o.status IN (2, 4, 5, 6)"
check "no outbox row left undelivered" \
  "SELECT 'catalog', count(*) FROM catalog.outbox HAVING count(*) > 0
   UNION ALL SELECT 'order', count(*) FROM \"order\".outbox HAVING count(*) > 0
   UNION ALL SELECT 'logistics', count(*) FROM logistics.outbox HAVING count(*) > 0
   UNION ALL SELECT 'packaging', count(*) FROM packaging.outbox HAVING count(*) > 0"
exit $failed
