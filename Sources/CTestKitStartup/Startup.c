// Runs before the test runner schedules anything: the one place the test binary can act at load
// time (Swift has no static constructors). See PantauTestKit/ElasticTestPool.swift.
#include "CTestKitStartup.h"

__attribute__((constructor))
static void pantau_test_kit_startup(void) {
    pantau_test_kit_widen_pool();
}
