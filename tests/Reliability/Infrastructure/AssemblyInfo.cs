// The leak tests count the process's open file descriptors and the load test measures throughput, so no two
// tests of this assembly may run at once: every collection runs on its own.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
