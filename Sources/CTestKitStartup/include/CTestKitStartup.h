#ifndef CTESTKITSTARTUP_H
#define CTESTKITSTARTUP_H
/// Defined in PantauTestKit (ElasticTestPool.swift); called once when the test binary loads.
void pantau_test_kit_widen_pool(void);
#endif
