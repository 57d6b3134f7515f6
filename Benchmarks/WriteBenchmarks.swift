// Placeholder until the owning issue adds its workload.
func writeBenchmarks() throws { print("(no write benchmark yet)") }
