/*  store_internal.h - the store's structure, shared by store.c (writes) and store_read.c
    (reads and reports). Not for other files: they use store.h.
*/
#ifndef ORDER_STORE_INTERNAL_H
#define ORDER_STORE_INTERNAL_H

#include "store.h"

struct order_store_t {
    dure_db_t *db;    /* the service's connection, borrowed */
    char *time_zone;  /* the mall's zone for days and months, owned */
};

/* Hex text of len bytes (caller frees). */
char *order_store_hex(const uint8_t *data, size_t len);

#endif
