// The benchmark harness is being written (issue 6); see README "Benchmarks".
print("whygo-bench: not written yet")
