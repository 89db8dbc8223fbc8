/*  categories.h - the mall's 12 product category codes.

    The codes are those of the category table (../shared/data/categories_2018-08.csv), which
    the catalog service also uses; they are part of the contract, so the importer checks them
    without reading the table. The table's counts are data, not constants: the demo generator
    reads them from the file at run time. Read-only data, no ownership.
*/
#ifndef DURECTL_CATEGORIES_H
#define DURECTL_CATEGORIES_H

#include <string.h>

#define DURECTL_CATEGORY_COUNT 12

/* In the table's order. */
static const char *const durectl_categories[DURECTL_CATEGORY_COUNT] = {
    "rice_grains",       "produce_boxes", "meat_seafood",         "side_dishes_sauces",
    "processed_food",    "health_food",   "lunch_catering",       "household_goods",
    "education_culture", "services",      "computer_peripherals", "care_services",
};

/* Index of code in durectl_categories, or -1 when it is not one of them. */
static inline int durectl_category_index(const char *code)
{
    for (int i = 0; i < DURECTL_CATEGORY_COUNT; i++)
        if (strcmp(durectl_categories[i], code) == 0)
            return i;
    return -1;
}

#endif
