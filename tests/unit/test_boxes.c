/*  test_boxes.c - the box catalog: the built-in Korea Post default, loading a CSV file, and
    clear errors with line numbers for bad rows.

    The file test writes its CSV under /tmp with mkstemp and removes it, so nothing is left.
*/
#include "dure_test.h"

#include "../../services/logistics/boxes.h"

#include <stdlib.h>
#include <unistd.h>

/* The rows of shared/data/boxes_korea_post.csv, with the comment lines it starts with. */
static const char s_korea_post[] =
    "# Standard parcel boxes sold by Korea Post (outer dimensions in mm, price in won).\n"
    "# Board grammage is not published per box.\n"
    "code,length_mm,width_mm,height_mm,price_krw\n"
    "kp-1,220,190,90,700\nkp-2,270,180,150,800\nkp-2-1,350,250,100,900\n"
    "kp-3,340,250,210,1100\nkp-4,410,310,280,1700\nkp-5,480,380,340,2300\n";

DURE_TEST(boxes_default_is_korea_post)
{
    logistics_boxes_t *boxes = logistics_boxes_new_default(NULL);
    REQUIRE(boxes);
    REQUIRE_INT_EQ(logistics_boxes_size(boxes), 6);
    /* Sorted by inner volume: kp-2 (6.2 L) comes before kp-2-1 (7.3 L). */
    const char *order[] = {"kp-1", "kp-2", "kp-2-1", "kp-3", "kp-4", "kp-5"};
    for (size_t i = 0; i < 6; i++)
        CHECK_STR_EQ(logistics_boxes_at(boxes, i)->code, order[i]);
    const logistics_box_t *kp3 = logistics_boxes_find(boxes, "kp-3");
    REQUIRE(kp3);
    CHECK_INT_EQ(kp3->outer_length_mm, 340);
    CHECK_INT_EQ(kp3->inner_length_mm, 330);
    CHECK_INT_EQ(kp3->inner_width_mm, 240);
    CHECK_INT_EQ(kp3->inner_height_mm, 200);
    CHECK_INT_EQ(kp3->price_krw, 1100);
    CHECK_INT_EQ(kp3->max_weight_g, LOGISTICS_BOX_MAX_WEIGHT_G_DEFAULT);
    CHECK_INT_EQ(logistics_box_inner_volume_mm3(kp3), 330 * 240 * 200);
    CHECK(logistics_boxes_find(boxes, "kp-9") == NULL);
    CHECK(logistics_boxes_at(boxes, 6) == NULL);

    logistics_boxes_t *parsed = logistics_boxes_parse(s_korea_post, NULL, NULL, 0);
    REQUIRE(parsed);
    for (size_t i = 0; i < 6; i++)
        CHECK(memcmp(logistics_boxes_at(parsed, i), logistics_boxes_at(boxes, i),
                     sizeof(logistics_box_t)) == 0);
    logistics_boxes_destroy(&parsed);
    logistics_boxes_destroy(&boxes);
    CHECK(boxes == NULL);
    logistics_boxes_destroy(&boxes); /* twice is harmless */
}

DURE_TEST(boxes_options_change_inner_size_and_limit)
{
    logistics_boxes_options_t options = {3, 30000};
    logistics_boxes_t *boxes = logistics_boxes_new_default(&options);
    REQUIRE(boxes);
    const logistics_box_t *kp1 = logistics_boxes_find(boxes, "kp-1");
    REQUIRE(kp1);
    CHECK_INT_EQ(kp1->inner_length_mm, 214);
    CHECK_INT_EQ(kp1->inner_height_mm, 84);
    CHECK_INT_EQ(kp1->max_weight_g, 30000);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(boxes_load_file_and_bad_row_line_number)
{
    char path[] = "/tmp/dure-boxes-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    const char text[] = "# comment\ncode,length_mm,width_mm,height_mm,price_krw,max_weight_g\n"
                        "a,100,100,100,500,7000\n\nb,200,100,100,600,9000\n";
    CHECK_INT_EQ(write(fd, text, sizeof text - 1), (long long) (sizeof text - 1));
    close(fd);
    char err[160] = "";
    logistics_boxes_t *boxes = logistics_boxes_load(path, NULL, err, sizeof err);
    unlink(path);
    REQUIRE(boxes);
    CHECK_INT_EQ(logistics_boxes_size(boxes), 2);
    CHECK_INT_EQ(logistics_boxes_find(boxes, "b")->max_weight_g, 9000);
    CHECK_INT_EQ(logistics_boxes_find(boxes, "a")->inner_width_mm, 90);
    logistics_boxes_destroy(&boxes);

    boxes = logistics_boxes_load(path, NULL, err, sizeof err); /* gone now */
    CHECK(boxes == NULL);
    CHECK(strstr(err, path) != NULL);
}

/* Parses text and checks it fails with a message that contains want. */
static void s_bad(const char *text, const char *want)
{
    char err[160] = "";
    logistics_boxes_t *boxes = logistics_boxes_parse(text, NULL, err, sizeof err);
    if (boxes)
        dure_test_fail(__FILE__, __LINE__, "parsed: %s", text);
    else if (!strstr(err, want))
        dure_test_fail(__FILE__, __LINE__, "error \"%s\" lacks \"%s\"", err, want);
    logistics_boxes_destroy(&boxes);
}

DURE_TEST(boxes_bad_rows_are_refused_with_line)
{
    const char *header = "code,length_mm,width_mm,height_mm,price_krw\n";
    char text[256];
    snprintf(text, sizeof text, "# c\n%sa,100,100,100,500\nb,100,x,100,500\n", header);
    s_bad(text, "line 4: sizes");
    snprintf(text, sizeof text, "%sa,100,100,100\n", header);
    s_bad(text, "line 2: expected 5 fields");
    snprintf(text, sizeof text, "%sa,100,100,100,500\na,200,200,200,900\n", header);
    s_bad(text, "line 3: duplicate code");
    snprintf(text, sizeof text, "%sa,10,100,100,500\n", header);
    s_bad(text, "line 2: no inner space");
    snprintf(text, sizeof text, "%sa,100,100,100,-5\n", header);
    s_bad(text, "line 2: price");
    snprintf(text, sizeof text, "%s,100,100,100,5\n", header);
    s_bad(text, "line 2: bad code");
    s_bad("code,length,width,height,price\na,1,1,1,1\n", "line 1: bad header");
    s_bad("# only a comment\n", "no boxes");
    snprintf(text, sizeof text, "%sa,100,100,100,500,12\n", header);
    s_bad(text, "line 2: expected 5 fields");
}
