// Placeholder until the owning issue adds its workload.
func readBenchmarks() throws { print("(no read benchmark yet)") }
