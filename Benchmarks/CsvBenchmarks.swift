// Placeholder until the owning issue adds its workload.
func csvBenchmarks() throws { print("(no csv benchmark yet)") }
