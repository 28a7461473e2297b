#ifndef CTESTKITSTARTUP_H
#define CTESTKITSTARTUP_H
/// Defined in PantauTestKit (ElasticTestPool.swift); called once when the test binary loads.
void pantau_test_kit_widen_pool(void);
/// posix_spawn_file_actions_addclosefrom_np on a posix_spawn_file_actions_t (Spawn.c).
int pantau_test_kit_spawn_close_from(void *actions, int lowest);
#endif
