/*  rules.h - packaging rule sets: the legal limits a parcel is checked against, kept as data.

    A rule set is a plain struct of parameters (limit on the packaging space ratio, size
    exemption, relaxed limits for paper cushioning and recycled film, layers, how filling and
    ice packs count, which exemptions exist, dates). Two are built in: "kr-2024" (Korea, rule on
    packaging materials and methods, one-way transport packaging, in force 2024-04-30) and
    "eu-ppwr-art24" (Regulation (EU) 2025/40, Article 24). docs/PACKAGING.md gives the sources.

    Operators may change parameters without a rebuild: a JSON file overrides keys of a built-in
    set with the same id or adds new sets (packaging_rules_load). The collection is one
    allocation; the rule sets it hands out are borrowed until it is destroyed. Rule set structs
    themselves own nothing and may be copied freely.
*/
#ifndef PACKAGING_RULES_H
#define PACKAGING_RULES_H

#include <stdbool.h>
#include <stddef.h>

/* Longest rule set id, terminator included. */
#define PACKAGING_RULE_SET_ID_MAX 32
/* Longest human title, terminator included. */
#define PACKAGING_RULE_SET_TITLE_MAX 128
/* "YYYY-MM-DD" plus terminator. */
#define PACKAGING_DATE_MAX 11
/* Most rule sets in one collection: jurisdictions and drafts, not a catalogue. */
#define PACKAGING_RULE_SETS_MAX 32
/* A rules file is a page of parameters; anything bigger is the wrong file. */
#define PACKAGING_RULES_FILE_MAX_BYTES (256 * 1024)

/* Environment variable naming the rule set whose verdict counts as "compliant". */
#define PACKAGING_RULE_SET_ENV "DURE_PACKAGING_RULE_SET"
/* Environment variable naming an optional JSON rules file. */
#define PACKAGING_RULES_FILE_ENV "DURE_PACKAGING_RULES_FILE"
#define PACKAGING_RULE_SET_KR_2024 "kr-2024"
#define PACKAGING_RULE_SET_EU_PPWR_ART24 "eu-ppwr-art24"
/* Our sellers ship in Korea, so the Korean rule is the one the mall answers to by default. */
#define PACKAGING_RULE_SET_DEFAULT PACKAGING_RULE_SET_KR_2024

/* Which box size the size exemption sums: the box as sold, or the space inside it. */
typedef enum {
    PACKAGING_SIZE_BASIS_OUTER = 0, /* outer length + width + height */
    PACKAGING_SIZE_BASIS_INNER = 1, /* inner length + width + height */
} packaging_size_basis_t;

/* One rule set. A 0 in a limit or threshold field means "this rule has no such provision". */
typedef struct {
    char id[PACKAGING_RULE_SET_ID_MAX];          /* "kr-2024", "eu-ppwr-art24", ... */
    char title[PACKAGING_RULE_SET_TITLE_MAX];    /* for reports and logs */
    double max_space_ratio_percent;              /* the base limit, (0, 100] */
    int size_exemption_max_sum_mm;               /* exempt when L+W+H <= this; 0 = none */
    packaging_size_basis_t size_exemption_basis; /* which dimensions are summed */
    double paper_fill_ratio_percent;             /* limit with paper-only cushioning; 0 = none */
    double recycled_film_ratio_percent;          /* limit with recycled plastic film; 0 = none */
    int recycled_film_min_percent;               /* recycled share every film piece needs */
    int max_layers;                              /* most packaging layers; 0 = no limit */
    bool filling_counts_as_empty;                /* cushioning is empty space, not product */
    bool ice_packs_count_as_product;             /* ice and cold packs add to product volume */
    bool reusable_exempt;                        /* reused packaging is not checked */
    bool multi_product_exempt;                   /* 2+ distinct products together not checked */
    bool fragile_exempt;                         /* glass, ceramic, liquid, melting: not checked */
    char in_force[PACKAGING_DATE_MAX];           /* date the rule applies, YYYY-MM-DD */
    char enforced_from[PACKAGING_DATE_MAX];      /* end of any grace period, YYYY-MM-DD */
} packaging_rule_set_t;

/* Fills rs with the built-in Korean rule for one-way delivery packaging (kr-2024). */
void packaging_rule_set_kr_2024(packaging_rule_set_t *rs);

/* Fills rs with the built-in EU rule, Regulation (EU) 2025/40 Art. 24 (eu-ppwr-art24). */
void packaging_rule_set_eu_ppwr_art24(packaging_rule_set_t *rs);

/* Checks that every field is in range. Returns 0, or -1 with "field: reason" in err (err may
   be NULL). */
int packaging_rule_set_validate(const packaging_rule_set_t *rs, char *err, size_t err_size);

/* True when the rule applies on date (YYYY-MM-DD): in_force is empty or not after date. */
bool packaging_rule_set_in_force(const packaging_rule_set_t *rs, const char *date);

/* True when the rule is enforced on date: in force and past any grace period. */
bool packaging_rule_set_enforced(const packaging_rule_set_t *rs, const char *date);

typedef struct packaging_rules_t packaging_rules_t;

/* The built-in rule sets, kr-2024 first. Never returns NULL. */
packaging_rules_t *packaging_rules_new_default(void);

/* The built-ins with a JSON document applied on top (format in docs/PACKAGING.md): an entry
   whose id names an existing set overrides only the keys it gives; a new id starts from the
   set named by "based_on", or from an empty set that must then give max_space_ratio_percent.
   Unknown keys and wrong types are errors. Returns NULL on any error, with the reason (JSON
   path, or line and column for bad syntax) in err. */
packaging_rules_t *packaging_rules_parse(const char *json_text, char *err, size_t err_size);

/* Reads and parses a rules file. Returns NULL when it cannot be read or is bad, with the path
   and the reason in err. */
packaging_rules_t *packaging_rules_load(const char *path, char *err, size_t err_size);

/* Frees the collection; nulls the caller's pointer. NULL-safe. */
void packaging_rules_destroy(packaging_rules_t **self_p);

/* Number of rule sets. */
size_t packaging_rules_size(const packaging_rules_t *self);

/* The rule set at index (file order after the built-ins), borrowed; NULL past the end. */
const packaging_rule_set_t *packaging_rules_at(const packaging_rules_t *self, size_t index);

/* The rule set with this id, borrowed; NULL when there is none. */
const packaging_rule_set_t *packaging_rules_find(const packaging_rules_t *self, const char *id);

/* The deployment's rule set: id as read from PACKAGING_RULE_SET_ENV, where NULL or "" means
   PACKAGING_RULE_SET_DEFAULT. Borrowed; NULL when the id is unknown, which the caller should
   treat as a configuration error at start-up. */
const packaging_rule_set_t *packaging_rules_select(const packaging_rules_t *self, const char *id);

#endif
