/*  regions.h - the mall's province and its 15 cities and counties, as enterprise regions.

    The mall serves Chungcheongnam-do (충청남도): 8 cities (시) and 7 counties (군), 15 in all,
    which is the "15 cities and counties" of DESIGN.md. The list follows the province's own
    administrative division (8 시: 천안 공주 보령 아산 서산 논산 계룡 당진; 7 군: 금산 부여
    서천 청양 홍성 예산 태안). Names are the official Korean names, used verbatim in the
    region field of enterprises. Read-only data, no ownership.
*/
#ifndef DURECTL_REGIONS_H
#define DURECTL_REGIONS_H

#include <string.h>

#define DURECTL_PROVINCE "충청남도"
#define DURECTL_REGION_COUNT 15

/* Cities first, then counties, each in the province's official order. */
static const char *const durectl_regions[DURECTL_REGION_COUNT] = {
    "천안시", "공주시", "보령시", "아산시", "서산시", "논산시", "계룡시", "당진시",
    "금산군", "부여군", "서천군", "청양군", "홍성군", "예산군", "태안군",
};

/* Index of name in durectl_regions, or -1 when it is not one of them. */
static inline int durectl_region_index(const char *name)
{
    for (int i = 0; i < DURECTL_REGION_COUNT; i++)
        if (strcmp(durectl_regions[i], name) == 0)
            return i;
    return -1;
}

#endif
