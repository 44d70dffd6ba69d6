package redislimit_test

const workerEnv = "REDISLIMIT_TEST_WORKER"

func replicaWorker() int { return 0 }
