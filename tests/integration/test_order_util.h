/*  test_order_util.h - helpers of the order service's integration tests: a stand-in catalog
    that answers quotes, products, enterprises and campaigns from a fixed table, a valid
    order to start from, and calls that send requests and events to the real order process.

    The stand-in catalog is an actor bound to the stack's catalog request endpoint, so the
    order service talks to it exactly as to the real one. Its products:
      p-rice    30,000 won, VAT-exempt, physical         p-kimchi  15,500 won, taxable, chilled
      p-tour    20,000 won, taxable, not physical        p-lapsed  seller certification lapsed
      p-huge    INT64_MAX / 4 won (totals overflow)      anything else: unknown product
    GetProducts knows every id except those starting with "unknown"; ListCampaigns answers
    the campaigns given with order_test_catalog_campaign.
*/
#ifndef TEST_ORDER_UTIL_H
#define TEST_ORDER_UTIL_H

#include "dure_fixtures.h"
#include "dure_stack.h"
#include "dure_test.h"

typedef struct order_test_catalog_t order_test_catalog_t;

/* Starts the stand-in catalog on the stack's catalog endpoint. Returns NULL on failure. */
order_test_catalog_t *order_test_catalog_start(dure_stack_t *stack);

/* Adds a campaign answered by ListCampaigns (before the first request). */
void order_test_catalog_campaign(order_test_catalog_t *self, const char *id, const char *name,
                                 const char *starts_on, const char *ends_on);

/* Number of QuotePrices requests answered so far. */
int order_test_catalog_quotes(order_test_catalog_t *self);

/* Stops it; nulls the pointer. */
void order_test_catalog_stop(order_test_catalog_t **self_p);

/* A valid B2C order of p-rice x2 and p-kimchi x1 to Chuncheon, in caller storage. */
typedef struct {
    Dure__V1__PlaceOrder order;
    Dure__V1__Address address;
    Dure__V1__OrderLineRequest line[4];
    Dure__V1__OrderLineRequest *lines[4];
} order_test_order_t;
void order_test_order_init(order_test_order_t *o, const char *customer);

/* Sends PlaceOrder with key; returns the reply code, fills reply (caller clears). */
int order_test_place(dure_client_t *client, const Dure__V1__PlaceOrder *order, const char *key,
                     dure_response_t *reply);

/* Sends an event to the order service's event endpoint with the given envelope id (NULL for
   a new one). Returns 0 when acknowledged OK. */
int order_test_event(dure_stack_t *stack, const ProtobufCMessage *event, const char *event_id);

/* Fetches an order (GetOrder). Returns the order's status, or -1; fills reply. */
int order_test_get(dure_client_t *client, const char *id, dure_response_t *reply);

/* Waits until the order reaches status (polling GetOrder); returns the last status seen. */
int order_test_wait_status(dure_client_t *client, const char *id, int status, int timeout_ms);

#endif
