// Placeholder until the owning issue adds its workload.
func mergeBenchmarks() throws { print("(no merge benchmark yet)") }
