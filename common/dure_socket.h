/*  dure_socket.h - ZeroMQ sockets set up the dure way: size limit, linger, CurveZMQ.

    Servers bind a ROUTER to every endpoint of a comma-separated list; clients connect a
    DEALER to every endpoint of one (so several instances of a service share the load, round
    robin). Every socket refuses messages over the size limit (ZMQ_MAXMSGSIZE: the peer is
    disconnected) and does not linger on close.

    Security: when a server secret key is configured, servers speak CurveZMQ and accept only
    the client public keys in the allow-list, checked by a ZAP handler (dure_zap.c); clients
    then need a key pair of their own and the server's public key. With no keys, sockets are
    plaintext (the local stack on loopback).

    Ownership: returned sockets belong to the caller (zsock_destroy).
*/
#ifndef DURE_SOCKET_H
#define DURE_SOCKET_H

#include <czmq.h>

#define DURE_SOCKET_SERVER_RCVHWM 2000 /* messages queued per client before it must wait */

/* Keys in Z85 text (40 characters); empty or NULL means not set. */
typedef struct {
    const char *secret_key;        /* this server's secret key: enables CURVE when set */
    const char *public_key;        /* this server's public key */
    const char *allowed_keys;      /* comma-separated client public keys allowed in */
    const char *server_key;        /* public key of the servers a client connects to */
    const char *client_secret_key; /* this process's key pair as a client */
    const char *client_public_key;
} dure_security_t;

/* Binds a ROUTER to each endpoint. Returns NULL with the reason in err when one fails. */
zsock_t *dure_socket_server(const char *endpoints, long max_bytes, const dure_security_t *sec,
                            char *err, size_t errlen);

/* Connects a DEALER to each endpoint. `immediate` queues messages only to peers whose
   connection is complete (the relay wants that: no queuing towards a dead consumer).
   Returns NULL with the reason in err on a bad endpoint or key. */
zsock_t *dure_socket_client(const char *endpoints, long max_bytes, const dure_security_t *sec,
                            int immediate, char *err, size_t errlen);

/* Receives one message without waiting; NULL when none is queued. */
zmsg_t *dure_socket_recv_now(zsock_t *sock);

/* Waits until sock has a message to read or wait_us microseconds have passed. Unlike
   zmq_poll, which counts in milliseconds, it can wait less than one without spinning. */
void dure_socket_wait_us(zsock_t *sock, int64_t wait_us);

#endif
