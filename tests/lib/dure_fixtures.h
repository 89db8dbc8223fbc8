/*  dure_fixtures.h - catalog data for tests, created through the catalog's own requests (never
    by writing its tables), and small request and event helpers. */
#ifndef DURE_FIXTURES_H
#define DURE_FIXTURES_H

#include "dure.h"

/* Fills an enterprise in 청양군 with a valid certification and carrier "cj"; `from` becomes
   its ship-from address. */
void dure_fixture_enterprise_init(Dure__V1__Enterprise *ent, Dure__V1__Address *from,
                                  const char *id, const char *name);

/* Creates or updates an enterprise in 청양군 with a valid certification and carrier "cj".
   Returns 1 on OK. */
int dure_fixture_enterprise(dure_client_t *catalog, const char *id, const char *name);

/* A product for fixtures; zero fields take sensible defaults. */
typedef struct {
    const char *id;            /* "p-t1" */
    const char *enterprise_id; /* seller */
    const char *category;      /* default "processed_food" */
    const char *name;          /* default: the id */
    int64_t price_krw;         /* default 10,000 */
    int64_t stock;             /* set with SetStock after the upsert */
    Dure__V1__TemperatureClass temperature; /* default ambient */
    int physical;              /* 1 for goods; 0 for services (set nonphysical = 1) */
    int nonphysical;           /* 1 makes the product a service */
    int fragile;               /* glass jars */
} dure_fixture_product_t;

/* Creates or updates the product and sets its stock. Returns 1 on OK. */
int dure_fixture_product(dure_client_t *catalog, const dure_fixture_product_t *p);

/* Writes the demo catalog (from ../shared/data's tables, as `durectl demo catalog`) into
   dir and imports it into the stack's catalog with ImportCatalog, as an operator would.
   Returns 1 on OK. */
typedef struct dure_stack_t dure_stack_t;
int dure_fixture_demo_catalog(dure_stack_t *stack, const char *dir);

/* Sends a request and returns 1 when the reply is OK; the decoded reply, when wanted, goes to
   *out (the caller clears it). Logs the failure with -v. */
int dure_fixture_call(dure_client_t *client, const ProtobufCMessage *req,
                      const ProtobufCMessageDescriptor *reply_type, dure_response_t *out);

/* Delivers an event to a service's event endpoint as raw frames, in an envelope from `source`
   whose id (and correlation id) is envelope_id: the same id twice is one event delivered
   twice. Returns the ack's code, or -1 without a reply; *duplicate (may be NULL) gets the ack's
   duplicate flag, -1 when the ack carries none. */
int dure_fixture_deliver(dure_client_t *events, const ProtobufCMessage *event, const char *source,
                         const char *envelope_id, int *duplicate);

/* Returns 1 when the reply has a field error naming exactly `field`, else 0. */
int dure_fixture_has_field_error(const dure_response_t *reply, const char *field);

#endif
