/*  test_catalog_fixtures.h - what the catalog's integration tests share: a stack with the
    catalog running, sample enterprises and products built on the caller's stack, and calls
    that return the reply code.

    Ownership: fixture structs hold the message and its sub-messages together, so one stack
    variable is a whole valid value; responses are the caller's to dure_response_clear.
*/
#ifndef TEST_CATALOG_FIXTURES_H
#define TEST_CATALOG_FIXTURES_H

#include "dure_fixtures.h"
#include "dure_stack.h"
#include "dure_test.h"

/* REQUIRE for tests that hold a stack: on failure the stack is destroyed first (processes
   stopped, logs shown, database dropped), so a failing test leaves nothing behind. */
#define CATFX_REQUIRE(stack, cond)                                                                 \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            dure_test_fail(__FILE__, __LINE__, "REQUIRE(%s)", #cond);                              \
            dure_stack_destroy(&(stack));                                                          \
            return;                                                                                \
        }                                                                                          \
    } while (0)

/* REQUIRE_INT_EQ likewise. */
#define CATFX_REQUIRE_INT_EQ(stack, a, b)                                                          \
    do {                                                                                           \
        int catfx_before_ = dure_test_failures();                                                  \
        CHECK_INT_EQ(a, b);                                                                        \
        if (dure_test_failures() != catfx_before_) {                                               \
            dure_stack_destroy(&(stack));                                                          \
            return;                                                                                \
        }                                                                                          \
    } while (0)

/* An enterprise with its ship-from address. */
typedef struct {
    Dure__V1__Enterprise e;   /* the message */
    Dure__V1__Address a;      /* its ship_from */
    char id[32];              /* storage for the id */
} catfx_enterprise_t;

/* A physical, ambient product with its size. */
typedef struct {
    Dure__V1__Product p;      /* the message */
    Dure__V1__Dimensions d;   /* its size */
    char id[32];              /* storage for the id */
    char enterprise_id[32];   /* storage for the seller */
} catfx_product_t;

/* A valid enterprise in 청양군, certified 2015-01-01 to 2099-12-31. */
void catfx_enterprise(catfx_enterprise_t *x, const char *id);

/* A valid physical product of `enterprise_id` in `category`. */
void catfx_product(catfx_product_t *x, const char *id, const char *enterprise_id,
                   const char *category, int64_t price, int64_t stock);

/* Sends a request and returns the reply code (UNAVAILABLE when none came). `out` may be
   NULL; otherwise the caller clears it. */
int catfx_call(dure_client_t *client, const ProtobufCMessage *request,
               const ProtobufCMessageDescriptor *reply_type, dure_response_t *out);

/* Upserts, returning the code. */
int catfx_put_enterprise(dure_client_t *client, catfx_enterprise_t *x);
int catfx_put_product(dure_client_t *client, catfx_product_t *x);

/* GetProducts of one id: the product's version, stock and price into the outputs; returns
   the code, or NOT_FOUND when the id is missing. Outputs may be NULL. */
int catfx_get(dure_client_t *client, const char *id, int64_t *version, int64_t *stock,
              int64_t *price);

/* QuotePrices of one line now: unit price, -1 when no reply. */
int64_t catfx_quote(dure_client_t *client, const char *id, int64_t quantity);

/* Sends an event (with a fixed id) through a client to the event endpoint and waits for its
   acknowledgement. Returns the ack's code, -1 when none came; *duplicate may be NULL. */
int catfx_send_event(dure_client_t *events, const ProtobufCMessage *event, const char *event_id,
                     int *duplicate);

/* An event envelope with a fixed id, encoded as one frame (caller destroys). */
zframe_t *catfx_event_frame(const ProtobufCMessage *event, const char *event_id);

/* Decodes an EventAck reply frame: returns its code (-1 when it does not decode) and sets
   *duplicate and the acknowledged id (event_id, 64 bytes) when not NULL. */
int catfx_ack(zframe_t *frame, int *duplicate, char *event_id);

/* An OrderPlaced of one line. */
typedef struct {
    Dure__V1__OrderPlaced e;          /* the event */
    Dure__V1__OrderLineRequest line;  /* its line */
    Dure__V1__OrderLineRequest *lines[1]; /* the line array */
    char order_id[32];                /* storage */
} catfx_order_t;
void catfx_order(catfx_order_t *x, const char *order_id, const char *product_id, int64_t quantity);

#endif
