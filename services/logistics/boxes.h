/*  boxes.h - the box catalog: the corrugated boxes a seller may pack a shipment in.

    A catalog is a list of boxes with outer size (as sold), inner size (outer less two board
    thicknesses per dimension: the Korean space-ratio rule measures inner dimensions, KS A 1005),
    price and a weight limit. It comes from a CSV file shaped like boxes_korea_post.csv, from CSV
    text, or from the built-in Korea Post default, so the service works with no file.

    The catalog owns its boxes and keeps them sorted by inner volume, then price, then code:
    index 0 is the smallest box, which is the order cartonization tries them in. Boxes handed
    out by logistics_boxes_at() are borrowed until the catalog is destroyed.
*/
#ifndef LOGISTICS_BOXES_H
#define LOGISTICS_BOXES_H

#include <stddef.h>
#include <stdint.h>

/* Longest box code, terminator included. */
#define LOGISTICS_BOX_CODE_MAX 32
/* Most boxes in one catalog: a seller's shelf, not a warehouse list. */
#define LOGISTICS_BOXES_MAX 256
/* Single-wall (A/B flute) board is 3-5 mm; 5 mm errs on the side of a box that holds less. */
#define LOGISTICS_BOARD_THICKNESS_MM_DEFAULT 5
/* 20 kg: Korea Post takes parcels up to 30 kg, but a single-wall box is rated for less and
   the gap leaves room for board, fill and ice packs, which the limit does not count. */
#define LOGISTICS_BOX_MAX_WEIGHT_G_DEFAULT 20000
/* Code of the pseudo-box for an item that ships alone in its own packaging. */
#define LOGISTICS_BOX_CODE_OWN "own"

/* One box. Sizes in mm, along the box's length (x), width (y) and height (z). */
typedef struct {
    char code[LOGISTICS_BOX_CODE_MAX]; /* catalog code, such as "kp-3" */
    int outer_length_mm;               /* outer size as sold */
    int outer_width_mm;                /* outer size as sold */
    int outer_height_mm;               /* outer size as sold */
    int inner_length_mm;               /* usable space: outer less two board thicknesses */
    int inner_width_mm;                /* usable space */
    int inner_height_mm;               /* usable space */
    int price_krw;                     /* price of one box, won */
    int max_weight_g;                  /* most product weight (ice packs included) it carries */
} logistics_box_t;

/* How outer sizes become boxes: board thickness and the default weight limit. */
typedef struct {
    int board_thickness_mm; /* subtracted twice per dimension; 0 when sizes are inner */
    int max_weight_g;       /* limit for rows without a max_weight_g column */
} logistics_boxes_options_t;

typedef struct logistics_boxes_t logistics_boxes_t;

/* Fills options with the defaults above. */
void logistics_boxes_options_default(logistics_boxes_options_t *options);

/* The built-in catalog, equal to shared/data/boxes_korea_post.csv. options may be NULL for the
   defaults. Returns NULL only when the options leave a box with no inner space. */
logistics_boxes_t *logistics_boxes_new_default(const logistics_boxes_options_t *options);

/* Parses CSV text: '#' lines and blank lines are skipped; the header is
   `code,length_mm,width_mm,height_mm,price_krw` with an optional sixth column `max_weight_g`.
   Returns NULL on a bad row and writes "line N: reason" into err (err may be NULL). */
logistics_boxes_t *logistics_boxes_parse(const char *text, const logistics_boxes_options_t *options,
                                         char *err, size_t err_size);

/* Reads and parses a CSV file. Returns NULL when it cannot be read or a row is bad, with
   the reason (and line number) in err. */
logistics_boxes_t *logistics_boxes_load(const char *path, const logistics_boxes_options_t *options,
                                        char *err, size_t err_size);

/* Frees the catalog; nulls the caller's pointer. NULL-safe. */
void logistics_boxes_destroy(logistics_boxes_t **self_p);

/* Number of boxes. */
size_t logistics_boxes_size(const logistics_boxes_t *self);

/* The box at index (0 = smallest inner volume), borrowed; NULL past the end. */
const logistics_box_t *logistics_boxes_at(const logistics_boxes_t *self, size_t index);

/* The box with this code, borrowed; NULL when there is none. */
const logistics_box_t *logistics_boxes_find(const logistics_boxes_t *self, const char *code);

/* Inner volume of a box in cubic mm. */
int64_t logistics_box_inner_volume_mm3(const logistics_box_t *box);

#endif
