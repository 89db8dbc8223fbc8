/*  dure_inbox.c - claiming event ids, recording refusals, pruning old rows. */
#include "dure_inbox.h"
#include "dure_alloc.h"

#include <czmq.h>
#include <stdio.h>
#include <stdlib.h>

int dure_inbox_claim_all(dure_db_t *db, const char *const *ids, const char *const *types,
                         size_t count, unsigned char *fresh)
{
    char *id_array = dure_db_array(ids, count), *type_array = dure_db_array(types, count);
    const char *params[] = {id_array, type_array};
    PGresult *res = dure_db_query(db, "dure_inbox_claim_all",
                                  "INSERT INTO inbox (event_id, type) "
                                  "SELECT * FROM unnest($1::text[], $2::text[]) "
                                  "ON CONFLICT DO NOTHING RETURNING event_id",
                                  2, params);
    free(id_array);
    free(type_array);
    if (!res)
        return -1;
    /* RETURNING names each id inserted once: the first of its occurrences is the fresh one. */
    zhashx_t *inserted = zhashx_new();
    for (int r = 0; r < PQntuples(res); r++)
        zhashx_insert(inserted, PQgetvalue(res, r, 0), (void *)1);
    PQclear(res);
    for (size_t i = 0; i < count; i++) {
        fresh[i] = zhashx_lookup(inserted, ids[i]) != NULL;
        zhashx_delete(inserted, ids[i]);
    }
    zhashx_destroy(&inserted);
    return 0;
}

int dure_inbox_claim(dure_db_t *db, const char *id, const char *type, int outcome)
{
    char code[16];
    snprintf(code, sizeof code, "%d", outcome);
    const char *params[] = {id, type, code};
    PGresult *res = dure_db_query(db, "dure_inbox_claim",
                                  "INSERT INTO inbox (event_id, type, outcome) "
                                  "VALUES ($1, $2, $3::smallint) ON CONFLICT DO NOTHING",
                                  3, params);
    if (!res)
        return -1;
    int fresh = atoi(PQcmdTuples(res)) == 1;
    PQclear(res);
    return fresh;
}

int dure_inbox_refuse(dure_db_t *db, const char *id, int code)
{
    char text[16];
    snprintf(text, sizeof text, "%d", code);
    const char *params[] = {id, text};
    return dure_db_command(db, "dure_inbox_refuse",
                           "UPDATE inbox SET outcome = $2::smallint WHERE event_id = $1", 2,
                           params);
}

long dure_inbox_prune(dure_db_t *db, int retention_hours, int limit)
{
    char hours[16], rows[16];
    snprintf(hours, sizeof hours, "%d", retention_hours);
    snprintf(rows, sizeof rows, "%d", limit);
    const char *params[] = {hours, rows};
    PGresult *res =
        dure_db_query(db, "dure_inbox_prune",
                      "DELETE FROM inbox WHERE event_id IN (SELECT event_id FROM inbox "
                      "WHERE received_at < now() - make_interval(hours => $1::int) LIMIT $2::int)",
                      2, params);
    if (!res)
        return -1;
    long deleted = atol(PQcmdTuples(res));
    PQclear(res);
    return deleted;
}
