/*  test_common_socket.c - dure_socket_wait_us sleeps for the time asked when nothing comes,
    and wakes for a message that is already queued or that arrives while it sleeps (the
    socket's descriptor is edge-triggered, so the second case is the one that can hang); the
    services' sockets copy what they receive instead of pinning whole read buffers. */
#include "dure.h"
#include "dure_test.h"

#include <pthread.h>

static int64_t s_now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* Sends one message to `endpoint` after 50 ms, from a socket of its own thread. */
static void *s_send_later(void *endpoint)
{
    zsock_t *sock = zsock_new_push((const char *) endpoint);
    zclock_sleep(50);
    zstr_send(sock, "late");
    zclock_sleep(50); /* let it leave before the socket closes */
    zsock_destroy(&sock);
    return NULL;
}

DURE_TEST(socket_wait_sleeps_then_wakes_for_queued_and_arriving_messages)
{
    zsock_t *reader = zsock_new_pull("@inproc://socket-wait");
    zsock_t *writer = zsock_new_push(">inproc://socket-wait");
    REQUIRE(reader && writer);

    /* Nothing to read: it sleeps about as long as asked, neither returning at once nor
       rounding a short wait up to something long. */
    int64_t t = s_now_us();
    dure_socket_wait_us(reader, 30000);
    int64_t slept = s_now_us() - t;
    CHECK(slept >= 29000);
    CHECK(slept < 1000000);
    CHECK(dure_socket_recv_now(reader) == NULL);

    /* A message already queued: no wait at all. */
    zstr_send(writer, "queued");
    t = s_now_us();
    dure_socket_wait_us(reader, 5000000);
    CHECK(s_now_us() - t < 1000000);
    zmsg_t *msg = dure_socket_recv_now(reader);
    REQUIRE(msg);
    char *text = zmsg_popstr(msg);
    CHECK_STR_EQ(text, "queued");
    free(text);
    zmsg_destroy(&msg);
    zsock_destroy(&writer);

    /* A message that arrives while it sleeps wakes it long before the five seconds. */
    pthread_t thread;
    REQUIRE(pthread_create(&thread, NULL, s_send_later, ">inproc://socket-wait") == 0);
    t = s_now_us();
    while (!(msg = dure_socket_recv_now(reader)) && s_now_us() - t < 5000000)
        dure_socket_wait_us(reader, 5000000);
    CHECK(s_now_us() - t < 2000000);
    REQUIRE(msg);
    text = zmsg_popstr(msg);
    CHECK_STR_EQ(text, "late");
    free(text);
    zmsg_destroy(&msg);
    pthread_join(thread, NULL);
    zsock_destroy(&reader);
}

#ifndef ZMQ_ZERO_COPY_RECV
#define ZMQ_ZERO_COPY_RECV 10
#endif

DURE_TEST(socket_services_copy_received_messages)
{
    char err[256];
    zsock_t *server = dure_socket_server("tcp://127.0.0.1:*", 1 << 20, NULL, err, sizeof err);
    REQUIRE(server);
    CHECK_INT_EQ(zmq_ctx_get(zsys_init(), ZMQ_ZERO_COPY_RECV), 0);
    zsock_destroy(&server);
}
