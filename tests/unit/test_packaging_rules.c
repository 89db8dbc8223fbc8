/*  test_packaging_rules.c - built-in rule sets, selection, dates, and the JSON rules file.

    The JSON cases check both halves of the contract with operators: a good file changes only
    what it names, and a bad file is refused whole with a reason that points at the mistake.
    File cases write to a mkstemp file and remove it before returning.
*/
#include "../../services/packaging/rules.h"
#include "dure_test.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

DURE_TEST(packaging_rules_builtin_defaults)
{
    packaging_rules_t *rules = packaging_rules_new_default();
    REQUIRE(rules);
    CHECK_INT_EQ(packaging_rules_size(rules), 2);
    const packaging_rule_set_t *kr = packaging_rules_at(rules, 0);
    REQUIRE(kr);
    CHECK_STR_EQ(kr->id, "kr-2024");
    CHECK_DBL_NEAR(kr->max_space_ratio_percent, 50, 1e-12);
    CHECK_INT_EQ(kr->size_exemption_max_sum_mm, 500);
    CHECK_INT_EQ(kr->size_exemption_basis, PACKAGING_SIZE_BASIS_OUTER);
    CHECK_DBL_NEAR(kr->paper_fill_ratio_percent, 70, 1e-12);
    CHECK_DBL_NEAR(kr->recycled_film_ratio_percent, 60, 1e-12);
    CHECK_INT_EQ(kr->recycled_film_min_percent, 20);
    CHECK_INT_EQ(kr->max_layers, 1);
    CHECK(kr->filling_counts_as_empty && kr->ice_packs_count_as_product);
    CHECK(kr->reusable_exempt && kr->multi_product_exempt && kr->fragile_exempt);
    CHECK_STR_EQ(kr->in_force, "2024-04-30");
    CHECK_STR_EQ(kr->enforced_from, "2026-04-30");

    const packaging_rule_set_t *eu = packaging_rules_find(rules, "eu-ppwr-art24");
    REQUIRE(eu);
    CHECK_DBL_NEAR(eu->max_space_ratio_percent, 50, 1e-12);
    CHECK_INT_EQ(eu->size_exemption_max_sum_mm, 0);
    CHECK(eu->paper_fill_ratio_percent == 0 && eu->recycled_film_ratio_percent == 0);
    CHECK_INT_EQ(eu->max_layers, 0);
    CHECK(eu->filling_counts_as_empty && !eu->ice_packs_count_as_product);
    CHECK(!eu->reusable_exempt && !eu->multi_product_exempt && !eu->fragile_exempt);
    CHECK_STR_EQ(eu->in_force, "2030-01-01");
    CHECK_INT_EQ(packaging_rule_set_validate(kr, NULL, 0), 0);
    CHECK_INT_EQ(packaging_rule_set_validate(eu, NULL, 0), 0);
    CHECK(packaging_rules_at(rules, 2) == NULL);
    packaging_rules_destroy(&rules);
    CHECK(rules == NULL);
    packaging_rules_destroy(&rules); /* harmless twice */
}

DURE_TEST(packaging_rules_select_default_and_unknown)
{
    packaging_rules_t *rules = packaging_rules_new_default();
    CHECK_STR_EQ(packaging_rules_select(rules, NULL)->id, PACKAGING_RULE_SET_DEFAULT);
    CHECK_STR_EQ(packaging_rules_select(rules, "")->id, "kr-2024");
    CHECK_STR_EQ(packaging_rules_select(rules, "eu-ppwr-art24")->id, "eu-ppwr-art24");
    CHECK(packaging_rules_select(rules, "kr-2025") == NULL);
    packaging_rules_destroy(&rules);
}

DURE_TEST(packaging_rules_dates)
{
    packaging_rule_set_t kr, eu;
    packaging_rule_set_kr_2024(&kr);
    packaging_rule_set_eu_ppwr_art24(&eu);
    CHECK(!packaging_rule_set_in_force(&kr, "2024-04-29"));
    CHECK(packaging_rule_set_in_force(&kr, "2024-04-30"));
    CHECK(!packaging_rule_set_enforced(&kr, "2026-04-29")); /* grace period */
    CHECK(packaging_rule_set_enforced(&kr, "2026-04-30"));
    CHECK(!packaging_rule_set_in_force(&eu, "2029-12-31"));
    CHECK(packaging_rule_set_enforced(&eu, "2030-01-01"));
}

static const char s_good_json[] =
    "{ \"rule_sets\": [\n"
    "  { \"id\": \"kr-2024\", \"size_exemption_max_sum_mm\": 600 },\n"
    "  { \"id\": \"kr-strict\", \"based_on\": \"kr-2024\", \"title\": \"no relaxations\",\n"
    "    \"paper_fill_ratio_percent\": 0, \"recycled_film_ratio_percent\": 0 },\n"
    "  { \"id\": \"internal-40\", \"max_space_ratio_percent\": 40.5,\n"
    "    \"size_exemption_basis\": \"inner\", \"ice_packs_count_as_product\": true }\n"
    "] }\n";

DURE_TEST(packaging_rules_json_good)
{
    char err[256] = "";
    packaging_rules_t *rules = packaging_rules_parse(s_good_json, err, sizeof err);
    REQUIRE(rules);
    CHECK_STR_EQ(err, "");
    CHECK_INT_EQ(packaging_rules_size(rules), 4);
    const packaging_rule_set_t *kr = packaging_rules_find(rules, "kr-2024");
    CHECK_INT_EQ(kr->size_exemption_max_sum_mm, 600);        /* overridden */
    CHECK_DBL_NEAR(kr->paper_fill_ratio_percent, 70, 1e-12); /* kept */
    const packaging_rule_set_t *strict = packaging_rules_at(rules, 2);
    CHECK_STR_EQ(strict->id, "kr-strict");
    CHECK_STR_EQ(strict->title, "no relaxations");
    CHECK_INT_EQ(strict->size_exemption_max_sum_mm, 600); /* based on the overridden kr-2024 */
    CHECK(strict->paper_fill_ratio_percent == 0 && strict->max_layers == 1);
    const packaging_rule_set_t *internal = packaging_rules_find(rules, "internal-40");
    CHECK_DBL_NEAR(internal->max_space_ratio_percent, 40.5, 1e-12);
    CHECK_INT_EQ(internal->size_exemption_basis, PACKAGING_SIZE_BASIS_INNER);
    CHECK(internal->ice_packs_count_as_product && !internal->reusable_exempt);
    CHECK_INT_EQ(internal->max_layers, 0);
    packaging_rules_destroy(&rules);
}

/* Parses text, expects failure, and checks the error starts with want. */
static void s_expect_bad(const char *text, const char *want, int line)
{
    char err[256] = "";
    packaging_rules_t *rules = packaging_rules_parse(text, err, sizeof err);
    if (rules) {
        dure_test_fail(__FILE__, line, "parsed, expected error \"%s\"", want);
        packaging_rules_destroy(&rules);
    } else if (strncmp(err, want, strlen(want)) != 0)
        dure_test_fail(__FILE__, line, "error \"%s\" does not start with \"%s\"", err, want);
}

DURE_TEST(packaging_rules_json_bad)
{
    s_expect_bad("{ \"rule_sets\": [\n  { \"id\": \"kr-2024\",, } ] }", "line 2, column", __LINE__);
    s_expect_bad("", "line 1, column", __LINE__);
    s_expect_bad("[]", "rule_sets: expected a top-level object", __LINE__);
    s_expect_bad("{ \"rule_sets\": [], \"extra\": 1 }", "extra: unknown key", __LINE__);
    s_expect_bad("{ \"rule_sets\": [ 7 ] }", "rule_sets[0]: expected an object", __LINE__);
    s_expect_bad("{ \"rule_sets\": [ { \"max_layers\": 1 } ] }", "rule_sets[0].id: required",
                 __LINE__);
    s_expect_bad("{ \"rule_sets\": [ { \"id\": \"kr-2024\", \"max_space_ratio\": 40 } ] }",
                 "rule_sets[0].max_space_ratio: unknown key", __LINE__);
    s_expect_bad("{ \"rule_sets\": [ { \"id\": \"kr-2024\", \"max_layers\": \"1\" } ] }",
                 "rule_sets[0].max_layers: expected a whole number", __LINE__);
    s_expect_bad("{ \"rule_sets\": [ { \"id\": \"kr-2024\", \"reusable_exempt\": 1 } ] }",
                 "rule_sets[0].reusable_exempt: expected true or false", __LINE__);
    s_expect_bad("{ \"rule_sets\": [ { \"id\": \"kr-2024\", \"max_space_ratio_percent\": 150 } ] }",
                 "rule_sets[0] (kr-2024).max_space_ratio_percent: must be", __LINE__);
    s_expect_bad("{ \"rule_sets\": [ { \"id\": \"kr-2024\", \"in_force\": \"30/04/2024\" } ] }",
                 "rule_sets[0] (kr-2024).in_force: must be YYYY-MM-DD", __LINE__);
    s_expect_bad("{ \"rule_sets\": [ { \"id\": \"x\", \"size_exemption_basis\": \"sides\" } ] }",
                 "rule_sets[0].size_exemption_basis: expected", __LINE__);
    s_expect_bad("{ \"rule_sets\": [ { \"id\": \"new\" } ] }",
                 "rule_sets[0] (new).max_space_ratio_percent: must be", __LINE__);
    s_expect_bad("{ \"rule_sets\": [ { \"id\": \"new\", \"based_on\": \"kr-2023\" } ] }",
                 "rule_sets[0].based_on: names no known rule set", __LINE__);
    s_expect_bad("{ \"rule_sets\": [ { \"id\": \"Bad Id\", \"based_on\": \"kr-2024\" } ] }",
                 "rule_sets[0] (Bad Id).id: use", __LINE__);
}

/* Writes text to a fresh temporary file; on success the caller unlinks path. */
static int s_write_temp(char *path, const char *text)
{
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    size_t length = strlen(text);
    int rc = write(fd, text, length) == (ssize_t)length ? 0 : -1;
    close(fd);
    if (rc != 0)
        unlink(path); /* the caller's REQUIRE returns early: leave nothing behind */
    return rc;
}

DURE_TEST(packaging_rules_load_file)
{
    char path[] = "/tmp/dure-packaging-rules-XXXXXX";
    REQUIRE(s_write_temp(path, s_good_json) == 0);
    char err[512] = "";
    packaging_rules_t *rules = packaging_rules_load(path, err, sizeof err);
    CHECK(rules != NULL);
    CHECK_INT_EQ(rules ? packaging_rules_size(rules) : 0, 4);
    packaging_rules_destroy(&rules);
    unlink(path);

    char bad_path[] = "/tmp/dure-packaging-rules-XXXXXX";
    REQUIRE(s_write_temp(bad_path, "{ \"rule_sets\": [ { \"id\": \"kr-2024\", \"x\": 1 } ] }") ==
            0);
    rules = packaging_rules_load(bad_path, err, sizeof err);
    CHECK(rules == NULL);
    CHECK(strstr(err, bad_path) == err); /* the message names the file first */
    CHECK(strstr(err, "rule_sets[0].x: unknown key") != NULL);
    unlink(bad_path);

    rules = packaging_rules_load("/nonexistent/dure-rules.json", err, sizeof err);
    CHECK(rules == NULL);
    CHECK(strstr(err, "/nonexistent/dure-rules.json: cannot open") == err);
}

DURE_TEST(packaging_rules_doc_example_parses)
{
    /* The example of docs/PACKAGING.md, "The rules file": keep the two identical. */
    static const char doc[] =
        "{ \"rule_sets\": [\n"
        "  { \"id\": \"kr-2024\", \"recycled_film_ratio_percent\": 0 },\n"
        "  { \"id\": \"kr-2026-draft\", \"based_on\": \"kr-2024\", \"title\": \"KR with the March "
        "2026 proposal\",\n"
        "    \"size_exemption_max_sum_mm\": 600, \"recycled_film_ratio_percent\": 60 }\n"
        "] }\n";
    char err[256] = "";
    packaging_rules_t *rules = packaging_rules_parse(doc, err, sizeof err);
    REQUIRE(rules);
    CHECK_DBL_NEAR(packaging_rules_find(rules, "kr-2024")->recycled_film_ratio_percent, 0, 1e-12);
    const packaging_rule_set_t *draft = packaging_rules_find(rules, "kr-2026-draft");
    REQUIRE(draft);
    CHECK_INT_EQ(draft->size_exemption_max_sum_mm, 600);
    CHECK_DBL_NEAR(draft->recycled_film_ratio_percent, 60, 1e-12);
    CHECK_DBL_NEAR(draft->paper_fill_ratio_percent, 70, 1e-12);
    packaging_rules_destroy(&rules);
}
