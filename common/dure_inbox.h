/*  dure_inbox.h - the consumer side of reliable events: the inbox table.

    A consumer records the id of every event it applies in its inbox, in the same transaction
    as the event's effects, so that a redelivered event is recognised and not applied again.
    An event refused for good is recorded with its outcome, so that it is not redelivered
    forever. Rows older than the retention are pruned: by then no producer can still hold the
    event in its outbox, provided the retention is longer than any consumer outage.
*/
#ifndef DURE_INBOX_H
#define DURE_INBOX_H

#include "dure_db.h"

#include <stddef.h>

/* Records `count` event ids (with their types) as applied, in the caller's transaction, with
   one statement. fresh[i] becomes 1 for an id recorded now, 0 for one recorded before or met
   earlier in the same call. Returns 0, or -1 on a database error. */
int dure_inbox_claim_all(dure_db_t *db, const char *const *ids, const char *const *types,
                         size_t count, unsigned char *fresh);

/* Records one event id with its outcome (0 applied, else the code it was refused with).
   Returns 1 when recorded now, 0 when recorded before, -1 on a database error. */
int dure_inbox_claim(dure_db_t *db, const char *id, const char *type, int outcome);

/* Changes the outcome of an id claimed in this transaction to the code it was refused with.
   Returns 0 or -1. */
int dure_inbox_refuse(dure_db_t *db, const char *id, int code);

/* Deletes rows older than retention_hours, at most `limit` of them. Returns how many were
   deleted, or -1 on a database error. */
long dure_inbox_prune(dure_db_t *db, int retention_hours, int limit);

#endif
