/*  demo_catalog.h - the deterministic demo catalog: enterprises, products and campaigns as
    the three import CSV files (docs/IMPORT.md), shaped like the August 2018 category table.

    The category table is read at run time, so the generated catalog has exactly the table's
    products and distinct sellers per category and exactly its distinct sellers overall (the
    "# totals:" line; sellers may sell in several categories). The same table always gives
    the same bytes: a fixed seed and a small PRNG of our own (splitmix64), never rand().
    Also here: that PRNG, and where the shared seed tables are found. Nothing returned is
    borrowed unless said.
*/
#ifndef DURECTL_DEMO_CATALOG_H
#define DURECTL_DEMO_CATALOG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DURECTL_DEMO_SEED 0x6475726532303138ULL /* "dure2018" */
#define DURECTL_DEMO_ENTERPRISES_FILE "enterprises.csv"
#define DURECTL_DEMO_PRODUCTS_FILE "products.csv"
#define DURECTL_DEMO_CAMPAIGNS_FILE "campaigns.csv"
#define DURECTL_DEMO_CATEGORIES_TABLE "categories_2018-08.csv"
#define DURECTL_DEMO_SALES_TABLE "monthly_sales_2016.csv"
/* The seed tables live in the shared folder beside the repository clone. */
#define DURECTL_DEMO_SHARED_DIR "../shared"
#define DURECTL_DEMO_SHARED_ENV "DURE_SHARED_DIR"
/* Distinct sellers when the table has no "# totals: N products, M distinct enterprises". */
#define DURECTL_DEMO_DEFAULT_ENTERPRISES 55
/* Every enterprise is certified over this span, so every product stays orderable. */
#define DURECTL_DEMO_CERTIFIED_UNTIL "2030-12-31"

/* Path of a shared seed table: ../shared/data/NAME when it exists, else
   $DURE_SHARED_DIR/data/NAME or $DURE_SHARED_DIR/NAME. Returns a new string the caller
   frees, or NULL when the file is in none of them. */
char *durectl_demo_shared_path(const char *name);

/* Next number of the splitmix64 sequence in *state. */
uint64_t durectl_demo_rand(uint64_t *state);

/* A number in [0, n) from *state (n > 0); the tiny modulo bias does not matter here. */
uint64_t durectl_demo_rand_below(uint64_t *state, uint64_t n);

/* Writes the three CSV files to the open streams from the category table at
   categories_path; the campaigns of the monthly table at sales_path (may be NULL: none)
   become the historical campaigns, whole months at 0 %, before the recurring 2026-2027 ones.
   Returns 0, or -1 with a message in err (err_size bytes) when a table is unreadable or
   cannot be met (an unknown category code, more memberships needed than possible). */
int durectl_demo_catalog_generate(const char *categories_path, const char *sales_path,
                                  FILE *enterprises, FILE *products, FILE *campaigns, char *err,
                                  size_t err_size);

/* The same into dir (which must exist) as DURECTL_DEMO_ENTERPRISES_FILE,
   DURECTL_DEMO_PRODUCTS_FILE and DURECTL_DEMO_CAMPAIGNS_FILE, replacing them; this is
   `durectl demo catalog --out DIR`. Returns 0, or -1 with a message in err. */
int durectl_demo_catalog_write(const char *categories_path, const char *sales_path, const char *dir,
                               char *err, size_t err_size);

#endif
