#include "dure.h"
extern const dure_migration_t catalog_migrations[];
extern const size_t catalog_migration_count;
static const dure_service_def_t s_def = {
    .name = "catalog", .summary = "catalog", .migrations = catalog_migrations,
};
int main(int argc, char **argv)
{
    dure_service_def_t def = s_def;
    def.migration_count = catalog_migration_count;
    return dure_service_run(&def, argc, argv);
}
