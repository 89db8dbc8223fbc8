/*  test_csv.c - the RFC 4180 reader: quoting, line ends, comments, line numbers and errors.

    Each test reads a small buffer and checks fields and the line each record starts on.
*/
#include "../../tools/durectl/csv.h"

#include "dure_test.h"

#include <stdlib.h>

static durectl_csv_t *s_reader(const char *text)
{
    return durectl_csv_new_from_buffer(text, strlen(text), "t.csv");
}

DURE_TEST(csv_plain_quoted_and_doubled_quotes)
{
    durectl_csv_t *csv = s_reader("a,b,c\n1,\"x,y\",\"say \"\"hi\"\"\"\n");
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    CHECK_INT_EQ(durectl_csv_count(csv), 3);
    CHECK_STR_EQ(durectl_csv_field(csv, 2), "c");
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    CHECK_INT_EQ(durectl_csv_line(csv), 2);
    CHECK_STR_EQ(durectl_csv_field(csv, 0), "1");
    CHECK_STR_EQ(durectl_csv_field(csv, 1), "x,y");
    CHECK_STR_EQ(durectl_csv_field(csv, 2), "say \"hi\"");
    CHECK(durectl_csv_field(csv, 3) == NULL);
    CHECK_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_END);
    CHECK_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_END);
    durectl_csv_destroy(&csv);
    CHECK(csv == NULL);
    durectl_csv_destroy(&csv);
}

DURE_TEST(csv_crlf_empty_fields_and_no_final_newline)
{
    durectl_csv_t *csv = s_reader("a,b,c\r\n,,\r\nx,,z");
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    CHECK_STR_EQ(durectl_csv_field(csv, 2), "c");
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    CHECK_INT_EQ(durectl_csv_count(csv), 3);
    CHECK_STR_EQ(durectl_csv_field(csv, 0), "");
    CHECK_STR_EQ(durectl_csv_field(csv, 2), "");
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    CHECK_INT_EQ(durectl_csv_line(csv), 3);
    CHECK_STR_EQ(durectl_csv_field(csv, 2), "z");
    CHECK_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_END);
    durectl_csv_destroy(&csv);
}

DURE_TEST(csv_utf8_bom_comments_blank_lines_and_line_numbers)
{
    durectl_csv_t *csv = s_reader("\xEF\xBB\xBF# comment, with \"quote\n"
                                  "region,name\n"
                                  "\n"
                                  "청양군,\"고추마을\n영농조합\"\n"
                                  "# another\r\n"
                                  "부여군,굿뜨래\n");
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    CHECK_STR_EQ(durectl_csv_field(csv, 0), "region");
    CHECK_INT_EQ(durectl_csv_line(csv), 2);
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    CHECK_INT_EQ(durectl_csv_line(csv), 4);
    CHECK_STR_EQ(durectl_csv_field(csv, 0), "청양군");
    CHECK_STR_EQ(durectl_csv_field(csv, 1), "고추마을\n영농조합");
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    /* The quoted newline counts: the record after it starts on line 7. */
    CHECK_INT_EQ(durectl_csv_line(csv), 7);
    CHECK_STR_EQ(durectl_csv_field(csv, 1), "굿뜨래");
    CHECK_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_END);
    durectl_csv_destroy(&csv);
}

DURE_TEST(csv_wrong_field_count_is_reported_and_reading_goes_on)
{
    durectl_csv_t *csv = s_reader("a,b\n1,2\n1,2,3\n4\n5,6\n");
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_BAD);
    CHECK_INT_EQ(durectl_csv_line(csv), 3);
    CHECK(strstr(durectl_csv_error(csv), "expected 2 fields, found 3") != NULL);
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_BAD);
    CHECK_INT_EQ(durectl_csv_line(csv), 4);
    CHECK(strstr(durectl_csv_error(csv), "found 1") != NULL);
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    CHECK_STR_EQ(durectl_csv_field(csv, 1), "6");
    CHECK_STR_EQ(durectl_csv_error(csv), "");
    durectl_csv_destroy(&csv);
}

DURE_TEST(csv_unterminated_quote_names_the_opening_line)
{
    durectl_csv_t *csv = s_reader("a,b\n1,2\n3,\"open\nstill open\n5,6\n");
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_BAD);
    CHECK_INT_EQ(durectl_csv_line(csv), 3);
    CHECK(strstr(durectl_csv_error(csv), "unterminated quoted field") != NULL);
    CHECK(strstr(durectl_csv_error(csv), "line 3") != NULL);
    CHECK_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_END);
    durectl_csv_destroy(&csv);
}

DURE_TEST(csv_stray_quotes_are_errors)
{
    durectl_csv_t *csv = s_reader("a,b\n\"x\"y,2\nab\"c,2\n");
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_BAD);
    CHECK(strstr(durectl_csv_error(csv), "after the closing quote") != NULL);
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_BAD);
    CHECK_INT_EQ(durectl_csv_line(csv), 3);
    CHECK(strstr(durectl_csv_error(csv), "quote inside an unquoted field") != NULL);
    CHECK_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_END);
    durectl_csv_destroy(&csv);
}

DURE_TEST(csv_writer_round_trips_through_the_reader)
{
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    REQUIRE(out != NULL);
    const char *fields[] = {"plain", "comma, inside", "quote \"q\"", "line\r\nbreak", ""};
    for (size_t i = 0; i < 5; i++)
        CHECK_INT_EQ(durectl_csv_write_field(out, fields[i], i == 4), 0);
    fclose(out);
    durectl_csv_t *csv = durectl_csv_new_from_buffer(text, len, "mem");
    REQUIRE_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_RECORD);
    CHECK_INT_EQ(durectl_csv_count(csv), 5);
    for (size_t i = 0; i < 5; i++)
        CHECK_STR_EQ(durectl_csv_field(csv, i), fields[i]);
    CHECK_INT_EQ(durectl_csv_next(csv), DURECTL_CSV_END);
    durectl_csv_destroy(&csv);
    free(text);
}

DURE_TEST(csv_open_missing_file_fails_and_errors_list_formats)
{
    CHECK(durectl_csv_open("/nonexistent/dure/none.csv") == NULL);
    durectl_csv_errors_t *errors = durectl_csv_errors_new();
    durectl_csv_errors_add(errors, "p.csv", 12, "price_krw", "\"%s\" is not a number", "12a");
    durectl_csv_errors_add(errors, "p.csv", 13, NULL, "expected 15 fields, found 14");
    CHECK_INT_EQ(durectl_csv_errors_count(errors), 2);
    CHECK_STR_EQ(durectl_csv_errors_get(errors, 0), "p.csv:12: price_krw: \"12a\" is not a number");
    CHECK_STR_EQ(durectl_csv_errors_get(errors, 1), "p.csv:13: expected 15 fields, found 14");
    CHECK(durectl_csv_errors_get(errors, 2) == NULL);
    durectl_csv_errors_destroy(&errors);
    CHECK(errors == NULL);
}
