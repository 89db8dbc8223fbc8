#!/usr/bin/env python3
"""order_client.py - a minimal dure frontend in Python: place an order, follow its status.

The example for frontend teams. It speaks the dure wire contract directly:

  * one ZeroMQ DEALER socket to the order service's request endpoint
    (DURE_ORDER_RPC, default tcp://127.0.0.1:7120);
  * every message is a single frame holding a serialized dure.v1.Envelope whose `type`
    names the payload ("dure.v1.PlaceOrder") and whose `payload` holds it serialized;
  * the reply is an Envelope with the same correlation_id, a `reply` status (code 0 = OK,
    3 = INVALID_ARGUMENT with field errors, 20 = CONFLICT, 14 = UNAVAILABLE: retry) and
    the reply payload ("dure.v1.PlaceOrderReply");
  * PlaceOrder needs an idempotency key: resend with the SAME key after a timeout and the
    service answers the same order (replayed=true), never a second one.

Python code for the messages is generated from proto/ with
    protoc --python_out=OUT -Iproto proto/dure/v1/*.proto
and OUT is passed with --gen (or put on PYTHONPATH).

Usage:
  order_client.py --gen OUT --endpoint tcp://127.0.0.1:7120 --customer c-1 \
      --line p-0001:2 --key my-key --until CONFIRMED,REJECTED [--timeout 10]

Prints one JSON object per line: {"event": "placed", ...}, {"event": "status", ...}.
Exit status: 0 when the order reached one of --until, 1 otherwise, 2 on bad usage.
"""
import argparse
import json
import sys
import time
import uuid


def load_messages(gen_dir):
    sys.path.insert(0, gen_dir)
    from dure.v1 import common_pb2, envelope_pb2, order_pb2  # noqa: E402
    return common_pb2, envelope_pb2, order_pb2


class Client:
    """Request/reply over a DEALER with a timeout and retries (the Lazy Pirate pattern)."""

    def __init__(self, zmq, envelope_pb2, endpoint, timeout_s=3.0, retries=2):
        self.zmq, self.pb, self.endpoint = zmq, envelope_pb2, endpoint
        self.timeout_ms, self.retries = int(timeout_s * 1000), retries
        self.ctx = zmq.Context.instance()
        self.sock = None
        self._open()

    def _open(self):
        if self.sock is not None:
            self.sock.close(linger=0)  # a lost connection is not reused
        self.sock = self.ctx.socket(self.zmq.DEALER)
        self.sock.setsockopt(self.zmq.LINGER, 0)
        self.sock.connect(self.endpoint)

    def call(self, message, reply_cls, idempotency_key=""):
        env = self.pb.Envelope()
        env.id = str(uuid.uuid4())
        env.type = "dure.v1." + message.DESCRIPTOR.name
        env.correlation_id = env.id
        env.idempotency_key = idempotency_key
        env.sent_at_ms = int(time.time() * 1000)
        env.source = "py-frontend"
        env.payload = message.SerializeToString()
        frame = env.SerializeToString()
        for attempt in range(self.retries + 1):
            if attempt:
                self._open()
            self.sock.send(frame)  # the same envelope, same id and key, on every attempt
            deadline = time.monotonic() + self.timeout_ms / 1000
            while time.monotonic() < deadline:
                left = int((deadline - time.monotonic()) * 1000)
                if not self.sock.poll(max(left, 1)):
                    break
                answer = self.pb.Envelope()
                answer.ParseFromString(self.sock.recv_multipart()[-1])
                if answer.correlation_id != env.correlation_id:
                    continue  # a late answer to an abandoned attempt
                payload = None
                if answer.reply.code == 0:
                    payload = reply_cls()
                    payload.ParseFromString(answer.payload)
                return answer.reply, payload
        return None, None  # no answer: the caller retries later with the same key

    def close(self):
        self.sock.close(linger=0)


def say(event, **fields):
    print(json.dumps(dict(event=event, **fields), ensure_ascii=False), flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gen", required=True, help="folder of the protoc --python_out code")
    ap.add_argument("--endpoint", default="tcp://127.0.0.1:7120")
    ap.add_argument("--customer", required=True)
    ap.add_argument("--line", action="append", required=True, help="PRODUCT_ID:QTY")
    ap.add_argument("--key", required=True, help="idempotency key")
    ap.add_argument("--until", default="CONFIRMED,REJECTED")
    ap.add_argument("--timeout", type=float, default=10.0)
    args = ap.parse_args()
    try:
        import zmq
    except ImportError:
        print("python3-zmq is not installed", file=sys.stderr)
        return 2
    common_pb2, envelope_pb2, order_pb2 = load_messages(args.gen)

    order = order_pb2.PlaceOrder(customer_id=args.customer, channel=common_pb2.CHANNEL_B2C,
                                 payment_ref="py-pay-" + args.key)
    for spec in args.line:
        product, _, qty = spec.rpartition(":")
        order.lines.add(product_id=product, quantity=int(qty))
    order.address.postcode = "24341"
    order.address.line1 = "강원특별자치도 춘천시 중앙로 1"
    order.address.recipient = "김민지"
    order.address.phone = "010-2345-6789"

    client = Client(zmq, envelope_pb2, args.endpoint)
    try:
        status, placed = client.call(order, order_pb2.PlaceOrderReply, idempotency_key=args.key)
        if status is None:
            say("unavailable")
            return 1
        if status.code != 0:
            say("refused", code=envelope_pb2.Code.Name(status.code), message=status.message,
                fields=[f.field for f in status.field_errors])
            return 1
        say("placed", order_id=placed.order_id, status=common_pb2.OrderStatus.Name(placed.status),
            total_krw=placed.total_krw, vat_krw=placed.vat_krw, replayed=placed.replayed)

        wanted = {"ORDER_" + s.strip().upper() for s in args.until.split(",")}
        deadline = time.monotonic() + args.timeout
        last = None
        while time.monotonic() < deadline:
            status, reply = client.call(order_pb2.GetOrderStatus(order_id=placed.order_id),
                                        order_pb2.GetOrderStatusReply)
            if status is not None and status.code == 0:
                name = common_pb2.OrderStatus.Name(reply.status)
                if name != last:
                    say("status", order_id=placed.order_id, status=name,
                        updated_at_ms=reply.updated_at_ms)
                    last = name
                if name in wanted:
                    return 0
            time.sleep(0.1)  # poll gently: answered from the Redis status cache
        say("timeout", last=last)
        return 1
    finally:
        client.close()


if __name__ == "__main__":
    sys.exit(main())
