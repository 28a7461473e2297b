// posix_spawn_file_actions_addclosefrom_np (glibc 2.34) is declared only under _DEFAULT_SOURCE,
// which Swift's Glibc module does not see: this wrapper makes it callable from the test kit's
// ChildProcess.
#define _GNU_SOURCE
#include <spawn.h>
#include "CTestKitStartup.h"

int pantau_test_kit_spawn_close_from(void *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np((posix_spawn_file_actions_t *)actions, lowest);
}
